// Strips what looks like personal data (email addresses, phone numbers) from text bound for logs or for
// error columns: database and provider errors quote the values they choked on.
export function redact(text: string): string {
  return text
    .replace(/[^\s@()<>"',;:]+@[^\s@()<>"',;:]+\.[a-z]{2,}/gi, '[email]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[number]')
    .slice(0, 300);
}
