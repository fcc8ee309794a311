// The translation files: every language says everything English says (same keys, same placeholders), the
// language choice follows the requester, and every intake error has a translatable key.
import { AVAILABLE_LANGUAGES, CATALOGS, chooseLanguage, t } from '../../api/i18n';
import { parseIntake } from '../../api/intake/form';
import { LANGUAGES, LIVED_EXPERIENCE_LABELS } from '../../domain/vocabulary';
import { TOPICS } from '../../domain/types';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation files', () => {
  const en = CATALOGS.en;

  it('include English and Russian', () => {
    expect(AVAILABLE_LANGUAGES.slice(0, 1)).toEqual(['en']);
    expect(AVAILABLE_LANGUAGES).toContain('ru');
  });

  it.each(AVAILABLE_LANGUAGES.filter((l) => l !== 'en'))(
    '%s has every English key, no others, none empty, with the same placeholders',
    (lang) => {
      const other = CATALOGS[lang];
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect([key, other[key].trim().length > 0]).toEqual([key, true]);
        expect([key, placeholders(other[key])]).toEqual([key, placeholders(text)]);
      }
    },
  );

  it('English names every code the pages show: topics, lived experience, languages, phases', () => {
    const needed = [
      ...TOPICS.map((c) => `topic.${c}`),
      ...Object.keys(LIVED_EXPERIENCE_LABELS).map((c) => `lived.${c}`),
      ...Object.keys(LANGUAGES).map((c) => `lang.${c}`),
      ...['matching', 'offering', 'assigned', 'unmatched', 'cancelled'].map((p) => `status.phase.${p}`),
    ];
    expect(needed.filter((k) => !(k in en))).toEqual([]);
  });

  it('fills placeholders, falls back to English, then to the key', () => {
    expect(t('ru', 'intake.lead', { workspace: 'Тест' })).toContain('Тест свяжет вас');
    expect(t('xx', 'intake.submit')).toBe('Send my request');
    expect(t('ru', 'no.such.key')).toBe('no.such.key');
  });
});

describe('chooseLanguage', () => {
  it('takes the requester’s choice when the workspace offers it', () => {
    expect(chooseLanguage(['en', 'ru'], 'ru', 'en-GB')).toBe('ru');
    expect(chooseLanguage(['en'], 'ru', 'ru-RU')).toBe('en');
  });
  it('else the browser’s preference, by weight, among the workspace languages', () => {
    expect(chooseLanguage(['en', 'ru'], undefined, 'de-DE,ru;q=0.8,en;q=0.5')).toBe('ru');
    expect(chooseLanguage(['en', 'ru'], undefined, 'ru;q=0.2,en;q=0.9')).toBe('en');
    expect(chooseLanguage(['ru', 'en'], 'fr', 'fr-FR')).toBe('ru');
  });
  it('never a language without a translation file', () => {
    expect(chooseLanguage(['xx', 'ru'], 'xx', 'xx')).toBe('ru');
    expect(chooseLanguage([], undefined, undefined)).toBe('en');
  });
});

describe('intake errors', () => {
  it('map to catalog keys, and read the same in English as the JSON API says', () => {
    const parsed = parseIntake({ language: 'klingon', email: 'nope', phone: '12', message: 'x'.repeat(1001) });
    if (parsed.ok) throw new Error('should not parse');
    expect(parsed.errorKeys).toEqual({
      language: 'error.language',
      topic: 'error.topic',
      email: 'error.email',
      phone: 'error.phone',
      message: 'error.message',
      safety: 'error.safety',
    });
    for (const [field, key] of Object.entries(parsed.errorKeys)) expect(t('en', key)).toBe(parsed.errors[field]);
    const none = parseIntake({ language: 'en', topic: 'general', safety: 'no' });
    expect(none.ok ? {} : none.errorKeys).toEqual({ contact: 'error.contact' });
    const odd = parseIntake({ language: 'en', topic: 'general', safety: 'no', email: 42 });
    expect(odd.ok ? {} : odd.errorKeys).toEqual({ email: 'error.generic' });
  });
});
