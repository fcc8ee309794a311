// The pool's forms at their edges: what each accepts, and the one message per field it answers otherwise.
import { TOPIC_LABELS, LIVED_EXPERIENCE_LABELS } from '../../domain/vocabulary';
import {
  MAX_CAPACITY,
  MAX_CAPACITY_MONTH,
  MAX_LANGUAGES,
  MAX_REASON,
  parseAvailability,
  parseAway,
  parseCapacity,
  parseCertification,
  parseCoordinatorProfile,
  parseDay,
  parseLanguages,
  parsePauseReason,
  parseRequiredSupervised,
  parseSignoff,
} from '../../api/pool/form';

const vocabulary = { specialisms: TOPIC_LABELS, livedExperience: LIVED_EXPERIENCE_LABELS };
const specialism = Object.keys(TOPIC_LABELS)[0];
const lived = Object.keys(LIVED_EXPERIENCE_LABELS)[0];
const availability = { capacity: '', quietStart: '', quietEnd: '', timeZone: 'Europe/Tallinn' };
const profile = { ...availability, name: 'Anna', languages: 'et', specialisms: specialism };
const CAPACITY_ERROR = `Enter a whole number of sessions from 0 to ${MAX_CAPACITY}, or leave it blank for no limit.`;

describe('capacity', () => {
  it.each([
    ['', null],
    ['0', 0],
    [String(MAX_CAPACITY), MAX_CAPACITY],
  ])('takes %j as %j', (text, value) => expect(parseCapacity(text)).toEqual({ value }));
  it.each([String(MAX_CAPACITY + 1), '-1', '1.5', 'ten', '1e1'])('refuses %j', (text) =>
    expect(parseCapacity(text)).toEqual({ value: null, error: CAPACITY_ERROR }),
  );
  it('takes a month up to MAX_CAPACITY_MONTH beside the week, each refused on its own field', () => {
    const both = parseAvailability({ ...availability, capacity: '2', capacityMonth: String(MAX_CAPACITY_MONTH) });
    expect(both.changes).toMatchObject({ capacityPerWeek: 2, capacityPerMonth: MAX_CAPACITY_MONTH });
    const tooMany = parseAvailability({
      ...availability,
      capacity: '2',
      capacityMonth: String(MAX_CAPACITY_MONTH + 1),
    });
    expect(tooMany.errors).toEqual({
      capacityMonth: `Enter a whole number of sessions from 0 to ${MAX_CAPACITY_MONTH}, or leave it blank for no limit.`,
    });
    expect(tooMany.changes).toMatchObject({ capacityPerWeek: 2 });
    expect(tooMany.changes).not.toHaveProperty('capacityPerMonth');
  });
  it('reads the form field trimmed', () => {
    expect(parseAvailability({ ...availability, capacity: ' 3 ' }).changes.capacityPerWeek).toBe(3);
    expect(parseAvailability({ ...availability, capacity: '99' }).errors).toEqual({ capacity: CAPACITY_ERROR });
  });
});

describe('availability', () => {
  it('takes blank quiet hours as none, and a pair as typed', () => {
    expect(parseAvailability(availability)).toEqual({
      changes: {
        capacityPerWeek: null,
        capacityPerMonth: null,
        quietStart: null,
        quietEnd: null,
        timeZone: 'Europe/Tallinn',
        channels: ['email'],
      },
      errors: {},
      values: { capacity: '', capacityMonth: '', quietStart: '', quietEnd: '', timeZone: 'Europe/Tallinn', sms: '' },
    });
    const pair = parseAvailability({ ...availability, quietStart: '22:00', quietEnd: '07:00', sms: 'on' });
    expect(pair.errors).toEqual({});
    expect(pair.changes).toMatchObject({ quietStart: '22:00', quietEnd: '07:00', channels: ['sms', 'email'] });
  });
  it('refuses half a pair, out-of-range times and an empty span, each on its field', () => {
    expect(parseAvailability({ ...availability, quietStart: '22:00' }).errors).toEqual({
      quietEnd: 'Enter a time as HH:MM (24-hour), for example 07:00, or leave both blank.',
    });
    expect(parseAvailability({ ...availability, quietStart: '24:00', quietEnd: '7:00' }).errors).toEqual({
      quietStart: 'Enter a time as HH:MM (24-hour), for example 22:00, or leave both blank.',
      quietEnd: 'Enter a time as HH:MM (24-hour), for example 07:00, or leave both blank.',
    });
    const same = parseAvailability({ ...availability, quietStart: '22:00', quietEnd: '22:00' });
    expect(same.errors).toEqual({ quietEnd: 'The end must differ from the start.' });
    expect(same.changes).not.toHaveProperty('quietStart');
  });
  it('refuses an unknown or missing time zone, and an SMS box that is not "on"', () => {
    const msg = 'Choose a time zone, for example Europe/Tallinn.';
    expect(parseAvailability({ ...availability, timeZone: 'Mars/Olympus' }).errors).toEqual({ timeZone: msg });
    expect(parseAvailability({ ...availability, timeZone: undefined }).errors).toEqual({ timeZone: msg });
    expect(parseAvailability({ ...availability, sms: 'yes' }).changes.channels).toEqual(['email']);
  });
  it('reads a repeated field as not given (a form sends each field once)', () => {
    expect(parseAvailability({ ...availability, timeZone: ['Europe/Tallinn', 'UTC'] }).errors).toEqual({
      timeZone: 'Choose a time zone, for example Europe/Tallinn.',
    });
    expect(parseAvailability({ ...availability, capacity: ['3', '4'] }).changes.capacityPerWeek).toBeNull();
  });
});

describe('languages', () => {
  it('keeps each language once, and refuses more than the limit', () => {
    expect(parseLanguages('en, EN en-gb')).toEqual({ codes: ['en', 'en-GB'] });
    const many = ['en', 'ru', 'et', 'fi', 'de', 'fr', 'es', 'it', 'pt', 'sv', 'nl'];
    expect(many.length).toBeGreaterThan(MAX_LANGUAGES);
    expect(parseLanguages(many.join(','))).toEqual({ codes: [], error: `At most ${MAX_LANGUAGES} languages.` });
    expect(parseLanguages('')).toEqual({
      codes: [],
      error: 'Enter at least one language code, for example "en" or "ru".',
    });
  });
});

describe('days', () => {
  it('takes blank unless required, refuses unreal dates and, for past days, the future', () => {
    expect(parseDay('')).toEqual({ value: null });
    expect(parseDay('', { required: true })).toEqual({ value: null, error: 'Enter a date (YYYY-MM-DD).' });
    expect(parseDay('2026-02-30').error).toBe('Enter a real date as YYYY-MM-DD, for example 2026-03-01.');
    expect(parseDay('1/3/2026').error).toBe('Enter a real date as YYYY-MM-DD, for example 2026-03-01.');
    expect(parseDay('2999-01-01', { past: true })).toEqual({ value: null, error: 'This date is in the future.' });
    expect(parseDay('2020-01-01', { past: true })).toEqual({ value: '2020-01-01' });
  });
});

describe('the coordinator profile', () => {
  it('takes a whole profile, one specialism given as a single field', () => {
    const ok = parseCoordinatorProfile(
      { ...profile, livedExperience: [lived], qualifiedOn: '2020-01-01', active: 'on', phone: '+372 5123 4567' },
      vocabulary,
    );
    expect(ok.errors).toEqual({});
    expect(ok.contact).toEqual({ name: 'Anna', phone: '+37251234567' });
    expect(ok.changes).toMatchObject({
      languages: ['et'],
      specialisms: [specialism],
      livedExperience: [lived],
      qualifiedOn: '2020-01-01',
      programmeTrainedOn: null,
      active: true,
    });
  });
  it('names each wrong field once', () => {
    const bad = parseCoordinatorProfile(
      {
        ...profile,
        name: 'x'.repeat(101),
        phone: '12',
        languages: 'klingon!',
        specialisms: [specialism, 'astrology'],
        livedExperience: 'astrology',
        qualifiedOn: '2999-01-01',
        programmeTrainedOn: 'soon',
        capacity: '-3',
      },
      vocabulary,
    );
    expect(bad.errors).toEqual({
      capacity: CAPACITY_ERROR,
      name: 'Enter their name (up to 100 characters).',
      phone: 'Enter the mobile number with its country code, like +372 5123 4567, or leave it blank.',
      languages: '"klingon!" is not a language code (BCP-47, for example "en", "ru" or "pt-BR").',
      specialisms: 'Choose from the list.',
      livedExperience: 'Choose from the list.',
      qualifiedOn: 'This date is in the future.',
      programmeTrainedOn: 'Enter a real date as YYYY-MM-DD, for example 2026-03-01.',
    });
    expect(bad.values).toMatchObject({ specialisms: [specialism, 'astrology'], livedExperience: ['astrology'] });
  });
  it('wants a name and a specialism', () => {
    const empty = parseCoordinatorProfile({ ...profile, name: ' ', specialisms: undefined }, vocabulary);
    expect(empty.errors).toEqual({
      name: 'Enter their name (up to 100 characters).',
      specialisms: 'Choose at least one specialism.',
    });
    expect(empty.contact.phone).toBeNull();
  });
});

describe('the small forms', () => {
  it('away: both days required', () => {
    expect(parseAway({}).errors).toEqual({
      fromOn: 'Enter a date (YYYY-MM-DD).',
      untilOn: 'Enter a date (YYYY-MM-DD).',
    });
    expect(parseAway({}).away).toBeUndefined();
  });
  it('certification: a name of up to 80 characters and a day', () => {
    expect(parseCertification({ certName: 'x'.repeat(81), expiresOn: '2030-02-31' }).errors).toEqual({
      certName: 'Enter the certification’s name (up to 80 characters).',
      expiresOn: 'Enter a real date as YYYY-MM-DD, for example 2026-03-01.',
    });
    expect(parseCertification({ certName: ' First aid ', expiresOn: '2030-01-31' })).toEqual({
      certification: { name: 'First aid', expiresOn: '2030-01-31' },
      errors: {},
      values: { certName: 'First aid', expiresOn: '2030-01-31' },
    });
  });
  it('sign-off: a day that has been', () => {
    expect(parseSignoff({ sessionOn: '2999-01-01' }).errors).toEqual({ sessionOn: 'This date is in the future.' });
    expect(parseSignoff({ sessionOn: '2020-01-01' })).toEqual({
      sessionOn: '2020-01-01',
      errors: {},
      values: { sessionOn: '2020-01-01' },
    });
  });
  it('pause: a short reason, or the fallback', () => {
    const msg = `Give a short reason (up to ${MAX_REASON} characters).`;
    expect(parsePauseReason({}).errors).toEqual({ reason: msg });
    expect(parsePauseReason({ reason: 'x'.repeat(MAX_REASON + 1) }).errors).toEqual({ reason: msg });
    expect(parsePauseReason({ reason: ' ' }, 'paused by themselves').reason).toBe('paused by themselves');
    expect(parsePauseReason({ reason: ' ill ' }, 'paused by themselves').reason).toBe('ill');
  });
  it('supervised sessions: a whole number from 1 to 50', () => {
    const msg = 'Enter a whole number of supervised sessions from 1 to 50.';
    for (const text of ['', '0', '51', '2.5', 'five', '-1'])
      expect(parseRequiredSupervised(text)).toEqual({ error: msg });
    expect(parseRequiredSupervised('1')).toEqual({ value: 1 });
    expect(parseRequiredSupervised('50')).toEqual({ value: 50 });
  });
});
