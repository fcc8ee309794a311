// Phone numbers through libphonenumber-js: international forms as before, national forms with the team's country.
import { countryOfTimeZone, normalizePhone, phoneCountryCode, teamPhoneCountry } from '../../domain/phone';
import { parseIntake } from '../../api/intake/form';
import { parseCoordinatorProfile } from '../../api/pool/form';
import { parseImport } from '../../api/pool/import';
import { newWorkspaceSchema } from '../../api/team/form';

it('reads international numbers however they are spaced, and refuses what cannot be a number', () => {
  expect(normalizePhone('+372 5123-4567')).toBe('+37251234567');
  expect(normalizePhone('+1 (415) 555-0100')).toBe('+14155550100');
  expect(normalizePhone('00372 5123 4567', 'EE')).toBe('+37251234567');
  for (const bad of ['', 'call me', '+12', '+372 5123 4567 8901 2345', '+0 123 4567'])
    expect(normalizePhone(bad)).toBeNull();
});

it("reads a national form with the team's country, which the old pattern refused", () => {
  expect(normalizePhone('5123 4567', 'EE')).toBe('+37251234567');
  expect(normalizePhone('020 7946 0018', 'GB')).toBe('+442079460018');
  expect(normalizePhone('8 (912) 345-67-89', 'RU')).toBe('+79123456789');
  expect(normalizePhone('5123 4567')).toBeNull(); // no country: only international forms
});

it("finds a team's country from its time zone unless one was chosen, and knows which codes have a phone plan", () => {
  expect(countryOfTimeZone('Europe/Tallinn')).toBe('EE');
  expect(countryOfTimeZone('Europe/London')).toBe('GB');
  expect(countryOfTimeZone('Europe/Moscow')).toBe('RU');
  for (const none of ['UTC', 'Etc/GMT+3', 'Not/AZone']) expect(countryOfTimeZone(none)).toBeUndefined();
  expect(teamPhoneCountry({ phoneCountry: null, timeZone: 'Europe/Tallinn' })).toBe('EE');
  expect(teamPhoneCountry({ phoneCountry: 'GB', timeZone: 'Europe/Tallinn' })).toBe('GB');
  expect(teamPhoneCountry({ phoneCountry: null, timeZone: 'UTC' })).toBeUndefined();
  expect(phoneCountryCode(' ee ')).toBe('EE');
  for (const bad of ['XX', 'EST', 'e', '', '12']) expect(phoneCountryCode(bad)).toBeNull();
});

it('parses every form where a phone is typed with the country: intake, profile, CSV import, new workspace', () => {
  const intake = { language: 'en', topic: 'general', safety: 'no', phone: '5123 4567' };
  const ok = parseIntake(intake, 'EE');
  expect(ok.ok && ok.value.phone).toBe('+37251234567');
  const bad = parseIntake({ ...intake, phone: '12' }, 'EE');
  expect(bad.ok ? undefined : bad.errors.phone).toBe(
    'Enter the phone number with its country code, like +372 5123 4567',
  );
  expect(parseIntake(intake).ok).toBe(false); // no country: only international forms

  const vocabulary = { specialisms: { general: 'General' }, livedExperience: {} };
  const profile = parseCoordinatorProfile({ name: 'Anna', phone: '020 7946 0018' }, vocabulary, 'GB');
  expect(profile.contact.phone).toBe('+442079460018');
  const wrong = parseCoordinatorProfile({ name: 'Anna', phone: '020' }, vocabulary, 'GB');
  expect(wrong.errors.phone).toMatch(/or as dialled in United Kingdom/);

  const csv =
    'name,email,phone,languages,specialisms\nAnna,anna@example.org,5123 4567,et,general\nBo,bo@example.org,51,et,general';
  const rows = parseImport(csv, vocabulary, new Set(), 'EE').rows;
  expect(rows[0].errors).toEqual([]);
  expect(rows[0].counselor?.phone).toBe('+37251234567');
  expect(rows[1].errors).toContain('phone: not a phone number (+372 5123 4567, or as dialled in Estonia)');

  const team = { name: 'T', slug: 't-peers', timeZone: 'Europe/Tallinn', languages: 'en' };
  const more = { coordinatorEmail: 'c@example.org', coordinatorName: 'C' };
  const chosen = newWorkspaceSchema.safeParse({ ...team, ...more, phoneCountry: 'fi' });
  expect(chosen.success && chosen.data.phoneCountry).toBe('FI');
  const unknown = newWorkspaceSchema.safeParse({ ...team, ...more, phoneCountry: 'XX' });
  expect(unknown.success).toBe(false);
});
