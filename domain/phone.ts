// Phone numbers as people type them → the E.164 form SMS providers take.

/** "+372 5123-4567" → "+37251234567", or null when it is not a full international number. */
export function normalizePhone(text: string): string | null {
  const p = text.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(p) ? p : null;
}
