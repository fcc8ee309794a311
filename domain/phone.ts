// Phone numbers as people type them → the E.164 form SMS providers take, through libphonenumber-js (the
// maintained port of Google's libphonenumber) rather than a hand-written pattern.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

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
