// What an offer of a shift must look like: the shift's start (the instant the page put in the form) and an optional
// note. Whether the shift is really the lead's is the service's question (domain/shift-swaps.ts offerRefusal).
import { z } from 'zod';
import { MAX_SWAP_NOTE_LENGTH } from '../../domain/shift-swaps';

export const offerShiftSchema = z.object({
  startsAt: z
    .string({ error: 'Choose one of your shifts to offer' })
    .trim()
    .pipe(z.iso.datetime({ offset: true, error: 'Choose one of your shifts to offer' }))
    .transform((v) => new Date(v)),
  note: z
    .string()
    .trim()
    .max(MAX_SWAP_NOTE_LENGTH, { message: `Keep the note to ${MAX_SWAP_NOTE_LENGTH} characters` })
    .optional()
    .transform((v) => v ?? ''),
});

export type OfferShiftForm = z.infer<typeof offerShiftSchema>;

/** The offer in the form, or the message per field (the first problem of each). */
export function offerFromBody(
  body: unknown,
): { offer: OfferShiftForm; errors?: undefined } | { offer?: undefined; errors: Record<string, string> } {
  const parsed = offerShiftSchema.safeParse(body ?? {});
  if (parsed.success) return { offer: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'startsAt');
    errors[field] ??= issue.message;
  }
  return { errors };
}
