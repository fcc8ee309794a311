// The pool's form and CSV rules as pure functions.
import { LIVED_EXPERIENCE_LABELS, TOPIC_LABELS } from '../../domain/vocabulary';
import { parseAvailability, parseAway, parseLanguages, vocabularyCode } from '../../api/pool/form';
import { parseImport } from '../../api/pool/import';

const vocabulary = {
  specialisms: { ...TOPIC_LABELS, 'eating-disorders': 'Eating disorders' },
  livedExperience: LIVED_EXPERIENCE_LABELS,
};

describe('languages', () => {
  it('takes several BCP-47 tags in their canonical spelling, once each', () => {
    expect(parseLanguages('ru, EN;pt-br  en')).toEqual({ codes: ['ru', 'en', 'pt-BR'] });
    expect(parseLanguages('zh-Hant-TW')).toEqual({ codes: ['zh-Hant-TW'] });
  });
  it('names the first tag that is not one, and wants at least one', () => {
    expect(parseLanguages('en, russian!').error).toContain('"russian!" is not a language code');
    // Well-formed but no language: refused too.
    expect(parseLanguages('russian').error).toContain('"russian" is not a language code we know');
    expect(parseLanguages('xx').error).toContain('"xx" is not a language code we know');
    expect(parseLanguages(' , ').error).toContain('at least one');
  });
});

describe('availability', () => {
  it('keeps quiet hours as a pair, and SMS as a choice (email always)', () => {
    const ok = parseAvailability({ capacity: '', quietStart: '22:00', quietEnd: '07:00', timeZone: 'Europe/Tallinn' });
    expect(ok.errors).toEqual({});
    expect(ok.changes).toMatchObject({ capacityPerWeek: null, quietStart: '22:00', channels: ['email'] });
    const bad = parseAvailability({ capacity: '-1', quietStart: '22:00', quietEnd: '22:00', timeZone: 'Nowhere/Else' });
    expect(Object.keys(bad.errors).sort()).toEqual(['capacity', 'quietEnd', 'timeZone']);
  });
  it('refuses an away period that ends before it starts or has ended', () => {
    expect(parseAway({ fromOn: '2099-01-05', untilOn: '2099-01-01' }).errors.untilOn).toContain('not be before');
    expect(parseAway({ fromOn: '2020-01-01', untilOn: '2020-01-02' }).errors.untilOn).toBe('This day has passed.');
    expect(parseAway({ fromOn: '2099-01-01', untilOn: '2099-01-01' }).away).toEqual({
      fromOn: '2099-01-01',
      untilOn: '2099-01-01',
    });
  });
  it('makes codes for workspace words', () => {
    expect(vocabularyCode(' Eating disorders ')).toBe('eating-disorders');
    expect(vocabularyCode('!!!')).toBe('');
  });
});

describe('CSV import', () => {
  it('reads labels or codes in any case, several per cell, and reports each row on its own line number', () => {
    const csv =
      'name,email,languages,specialisms,lived_experience\n' +
      'A,a@x.org,et;ru,grief;EATING DISORDERS,Parent\n' +
      'B,b@x.org,,,\n';
    const { rows, fileError } = parseImport(csv, vocabulary, new Set());
    expect(fileError).toBeUndefined();
    expect(rows[0]).toMatchObject({
      line: 2,
      errors: [],
      counselor: { languages: ['et', 'ru'], specialisms: ['grief', 'eating-disorders'], livedExperience: ['parent'] },
    });
    expect(rows[1].line).toBe(3);
    expect(rows[1].errors).toEqual([
      'languages: Enter at least one language code, for example "en" or "ru".',
      'specialisms: at least one',
    ]);
    expect(rows[1].counselor).toBeUndefined();
  });
  it('refuses an empty file and one of too many rows as a whole', () => {
    expect(parseImport('name,email\n', vocabulary, new Set()).fileError).toContain('no rows');
    const many = 'name,email\n' + Array.from({ length: 301 }, (_, i) => `N${i},n${i}@x.org`).join('\n');
    expect(parseImport(many, vocabulary, new Set()).fileError).toContain('At most 300 rows');
  });
});
