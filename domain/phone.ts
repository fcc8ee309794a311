// Phone numbers as people type them → the E.164 form SMS providers take, through libphonenumber-js (the
// maintained port of Google's libphonenumber) rather than a hand-written pattern.
import { getTimezone } from 'countries-and-timezones';
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * "+372 5123-4567" → "+37251234567"; with the team's country a national form too ("5123 4567" in EE, "020 7946
 * 0018" in GB). Null when it cannot be a phone number (possible length per the country's plan).
 */
export function normalizePhone(text: string, country?: CountryCode): string | null {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 40) return null;
  const parsed = parsePhoneNumberFromString(trimmed, country ? { defaultCountry: country } : undefined);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** "ee" → "EE" when libphonenumber-js knows the country's numbering plan; otherwise null. */
export function phoneCountryCode(text: string): CountryCode | null {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? (code as CountryCode) : null;
}

/**
 * The country a time zone is in ("Europe/Tallinn" → EE; a zone several countries share gives its first, the one
 * the zone is named for: "Europe/London" → GB); undefined for zones of no country (UTC, Etc/GMT+3).
 */
export function countryOfTimeZone(timeZone: string): CountryCode | undefined {
  const zone = getTimezone(timeZone);
  const countries = zone?.countries.length ? zone.countries : zone?.aliasOf ? getTimezone(zone.aliasOf)?.countries : [];
  const first = countries?.[0];
  return first ? (phoneCountryCode(first) ?? undefined) : undefined;
}

/**
 * The country a team's national phone formats are read with: the one chosen for the team, else its time zone's.
 * Undefined: only international numbers (+…) are understood.
 */
export function teamPhoneCountry(team: { phoneCountry: string | null; timeZone: string }): CountryCode | undefined {
  return (team.phoneCountry && phoneCountryCode(team.phoneCountry)) || countryOfTimeZone(team.timeZone);
}

/** ", or as dialled in Estonia": what a phone field's error adds when national formats are read too. */
export function nationalFormatHint(country: CountryCode | undefined): string {
  if (!country) return '';
  return `, or as dialled in ${new Intl.DisplayNames('en', { type: 'region' }).of(country) ?? country}`;
}
