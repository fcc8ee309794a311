// The two forms a message takes: a short text ('sms': one body) or a text with a subject ('email'). The catalogue
// keeps every message in these forms (`<key>.sms`, `<key>.email`); each channel of the notifications wing sends one
// of them (a new channel, WhatsApp say, would send the short form), and the metrics and the local sinks count by them.
// Declared once here: it was written out as `'sms' | 'email'` in a dozen files.
export const TEXT_FORMS = ['sms', 'email'] as const;
export type TextForm = (typeof TEXT_FORMS)[number];
