// Strips what looks like personal data (email addresses, phone numbers) from text bound for logs or for
// error columns: database and provider errors quote the values they choked on.
const EMAIL = /[^\s@()<>"',;:]+@[^\s@()<>"',;:]+\.[a-z]{2,}/gi;

export function redact(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[number]')
    .slice(0, 300);
}

/** Number-like things that are not phone numbers: IPv4 addresses and uuids made only of digits. */
const NOT_A_PHONE = /^(\d{1,3}(\.\d{1,3}){3}|\d{8}-\d{4}-\d{4}-\d{4}-\d{12})$/;

/**
 * The same for log lines, whole and a little stricter about numbers: a phone number standing on its own
 * (not glued to letters or hyphens), so ids (uuids), ISO timestamps and IPv4 addresses survive.
 */
export function scrub(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(/(?<![\w-])\+?\d[\d\s().-]{6,}\d(?![\w-])/g, (m) => (NOT_A_PHONE.test(m) ? m : '[number]'));
}

/**
 * Whether a text holds what looks like an email address or a phone number: the team channel refuses those, so a
 * requester's contact never lands where the whole team reads it.
 */
export function holdsContact(text: string): boolean {
  return new RegExp(EMAIL.source, 'i').test(text) || /(?<![\w-])\+?\d[\d\s().-]{6,}\d(?![\w-])/.test(text);
}
