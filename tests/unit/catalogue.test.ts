// The notifications catalogue: every language file says everything English says (same keys, same
// placeholders, the same labels), and lock screens stay discreet unless the team shows details.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '../../domain/types';
import { countSegments } from '../../domain/sms-segments';
import {
  CATALOGUE,
  CATALOGUE_LANGUAGES,
  lockScreenTopic,
  MESSAGE_KEYS,
  render,
  SENSITIVE_TOPICS,
} from '../../notifications/catalogue';
import { requestVars } from '../../activities/request-helpers';

const placeholders = (text = '') => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const keysOf = (o: object) => Object.keys(o).sort();

describe('the catalogue', () => {
  it('registers every language file in its folder (adding a language is adding a file)', () => {
    const files = readdirSync(join(__dirname, '../../notifications/catalogue'))
      .filter((f) => /^[a-z]{2}\.ts$/.test(f))
      .map((f) => f.slice(0, 2))
      .sort();
    expect(files).toEqual([...CATALOGUE_LANGUAGES].sort());
    expect(CATALOGUE_LANGUAGES).toEqual(expect.arrayContaining(['en', 'ru']));
  });

  it.each(CATALOGUE_LANGUAGES.filter((l) => l !== 'en'))(
    '%s has every English message, none empty, with the same placeholders and a subject where English has one',
    (lang) => {
      const other = CATALOGUE[lang].messages;
      expect(keysOf(other)).toEqual(keysOf(CATALOGUE.en.messages));
      for (const key of MESSAGE_KEYS) {
        const en = CATALOGUE.en.messages[key];
        const t = other[key];
        expect([key, t.body.trim().length > 0]).toEqual([key, true]);
        expect([key, placeholders(t.body)]).toEqual([key, placeholders(en.body)]);
        expect([key, placeholders(t.subject)]).toEqual([key, placeholders(en.subject)]);
        expect([key, !!t.subject]).toEqual([key, !!en.subject]);
      }
    },
  );

  it.each(CATALOGUE_LANGUAGES)('%s names every topic, hard-session category and alert reason', (lang) => {
    const l = CATALOGUE[lang].labels;
    const en = CATALOGUE.en.labels;
    expect(keysOf(l.topics)).toEqual([...TOPICS].sort());
    expect(keysOf(l.smsTopics)).toEqual([...TOPICS].sort());
    expect(keysOf(l.hardCategories)).toEqual(keysOf(en.hardCategories));
    expect(keysOf(l.alertReasons)).toEqual(keysOf(en.alertReasons));
    for (const text of [...Object.values(l.topics), ...Object.values(l.alertReasons), l.icsSummary, l.discreetTopic])
      expect(text.trim()).not.toBe('');
  });

  it('keeps every text to counselors and staff in one SMS alphabet (GSM-7) in every language', () => {
    for (const lang of CATALOGUE_LANGUAGES) {
      for (const key of ['offer.sms', 'covered.sms', 'withdrawn.sms', 'won.sms', 'alert.sms', 'debrief.sms'] as const) {
        expect([lang, key, countSegments(CATALOGUE[lang].messages[key].body).encoding]).toEqual([lang, key, 'GSM-7']);
      }
      for (const t of Object.values(CATALOGUE[lang].labels.smsTopics)) expect(countSegments(t).encoding).toBe('GSM-7');
    }
  });
});

describe('discreet lock screens', () => {
  it('names no sensitive topic in an offer SMS or email subject unless the team shows details', () => {
    for (const lang of CATALOGUE_LANGUAGES) {
      for (const topic of TOPICS) {
        const request = { topic, language: 'en' };
        const sms = render('offer.sms', lang, { ...requestVars(request, lang, 'sms', true), code: 3 }).body;
        const email = render('offer.email', lang, { ...requestVars(request, lang, 'email', true), url: 'u' });
        const labels = CATALOGUE[lang].labels;
        if (SENSITIVE_TOPICS.has(topic)) {
          expect(sms).not.toContain(labels.smsTopics[topic]);
          expect(email.subject).not.toContain(labels.topics[topic]);
          // The email's body (behind the tap) still says what it is about.
          expect(email.body).toContain(labels.topics[topic]);
        } else {
          expect(sms).toContain(labels.smsTopics[topic]);
        }
        const shown = render('offer.sms', lang, { ...requestVars(request, lang, 'sms', false), code: 3 }).body;
        expect(shown).toContain(labels.smsTopics[topic]);
      }
    }
  });

  it('uses the neutral word only for the sensitive topics', () => {
    expect([...SENSITIVE_TOPICS].sort()).toEqual(['addiction', 'suicide-safety', 'trauma']);
    expect(lockScreenTopic('grief', 'en', { sms: true, discreet: true })).toBe('Grief');
    expect(lockScreenTopic('trauma', 'en', { sms: true, discreet: true })).toBe('Peer support');
    expect(lockScreenTopic('trauma', 'ru', { sms: false, discreet: false })).toBe('Травма');
  });
});
