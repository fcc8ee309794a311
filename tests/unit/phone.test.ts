// Phone numbers through libphonenumber-js: international forms as before, national forms with the team's country.
import { normalizePhone } from '../../domain/phone';

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
