import { render, smsLanguage, smsTopic, smsUrgent } from '../../notifications/catalogue';
import { countSegments } from '../../domain/sms-segments';
import { languageName } from '../../domain/vocabulary';
import { parseIntake } from '../../api/intake/form';
import { decryptJson, encryptJson, hashToken, newToken } from '../../db/secrets';
import { LANGUAGES } from '../../domain/vocabulary';
import { TOPICS } from '../../domain/types';

describe('intake parsing', () => {
  it('normalises a phone number and accepts a single checkbox value as a list', () => {
    const parsed = parseIntake({
      language: 'ru',
      topic: 'grief',
      livedExperience: 'parent',
      phone: '+372 (512) 34-567',
      email: '',
      safety: 'unsure',
    });
    expect(parsed).toEqual({
      ok: true,
      value: { language: 'ru', topic: 'grief', livedExperience: ['parent'], phone: '+37251234567', safety: 'unsure' },
    });
  });
});

const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

describe('offer SMS', () => {
  // The longest link the app makes: a long public address and a 22-character token.
  const link = `https://dispatch.example-counseling.org/o/${newToken()}`;
  const cases = ['en', 'ru', 'et'].flatMap((counselorLanguage) =>
    Object.keys(LANGUAGES).flatMap((language) => TOPICS.map((topic) => [counselorLanguage, language, topic] as const)),
  );
  it.each(cases)(
    'fits one GSM-7 segment for a %s-speaking counselor, request %s / %s, urgent or not',
    (lang, language, topic) => {
      for (const urgent of [false, true]) {
        const { body } = render('offer.sms', lang, {
          urgent: urgent ? smsUrgent(lang) : '',
          topic: smsTopic(topic, lang),
          language: smsLanguage(language, lang, languageName(language)),
          code: 99,
          link: ` ${link}`,
        });
        expect(countSegments(body)).toEqual({ encoding: 'GSM-7', characters: body.length, segments: 1 });
        expect(body).toMatch(GSM7);
        expect(body).toContain(link);
        expect(body).toContain('A99');
      }
    },
  );

  it('counts segments the way carriers bill them', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', characters: 160, segments: 1 });
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', characters: 160, segments: 1 });
    expect(countSegments('Привет')).toEqual({ encoding: 'UCS-2', characters: 6, segments: 1 });
    expect(countSegments('П'.repeat(71)).segments).toBe(2);
  });
});

describe('secrets', () => {
  const key = Buffer.alloc(32, 7);
  it('round-trips contact fields and leaves no plaintext in the stored form', () => {
    const sealed = encryptJson(key, { email: 'person@example.org', phone: '+37251234567' });
    expect(sealed).not.toContain('person@example.org');
    expect(sealed).not.toContain('37251234567');
    expect(decryptJson(key, sealed)).toEqual({ email: 'person@example.org', phone: '+37251234567' });
  });

  it('refuses a tampered ciphertext or the wrong key', () => {
    const sealed = encryptJson(key, { email: 'a@b.c' });
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64');
    expect(() => decryptJson(key, parts.join(':'))).toThrow();
    expect(() => decryptJson(Buffer.alloc(32, 8), sealed)).toThrow();
  });

  it('makes unguessable tokens and stores only their hash', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
  });
});
