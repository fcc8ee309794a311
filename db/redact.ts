// Strips what looks like personal data (email addresses, phone numbers) from text bound for logs or for
// error columns: database and provider errors quote the values they choked on.
const EMAIL = /[^\s@()<>"',;:]+@[^\s@()<>"',;:]+\.[a-z]{2,}/gi;

export function redact(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[number]')
    .slice(0, 300);
}

/**
 * The same for log lines, whole and a little stricter about numbers: a phone number standing on its own
 * (not glued to letters or hyphens), so ids (uuids) and ISO timestamps in the same line survive.
 */
export function scrub(text: string): string {
  return text.replace(EMAIL, '[email]').replace(/(?<![\w-])\+?\d[\d\s().-]{6,}\d(?![\w-])/g, '[number]');
}
