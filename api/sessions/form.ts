// The counselor's forms after the win: proposed slots (checked against the requester's windows) and the
// outcome. Pure: one message per problem, nothing saved when anything is wrong. zod reads the shape; the
// rules that need the clock, the time zone or the requester's windows follow it.
import { z } from 'zod';
import { readFields, textField } from '../form-fields';
import { HARD_CATEGORIES, SESSION_OUTCOMES, type Availability, type HardCategory, type SessionOutcome } from '../../db';
import { instantFromLocal, isHandoverTime, isLocalDate } from '../../domain/rota';
import { MAX_PROPOSED_SLOTS, type Slot } from '../../workflows/definitions';

export const SESSION_LENGTHS = [30, 45, 60, 90] as const;
const MAX_AHEAD_MS = 60 * 86_400_000;
const MAX_NOTE = 2000;

/** Form fields arrive as strings (or absent); JSON may send anything: a non-string is treated as empty. */
const text = z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string());

const lengthField = z.preprocess(
  (v) => Number(v ?? 60),
  z.number().refine((n) => (SESSION_LENGTHS as readonly number[]).includes(n), {
    error: `Choose a length of ${SESSION_LENGTHS.join(', ')} minutes`,
  }),
);
const slotFields = Object.fromEntries(
  Array.from({ length: MAX_PROPOSED_SLOTS }, (_, i) => [
    [`slot${i + 1}Date`, text],
    [`slot${i + 1}Time`, text],
  ]).flat(),
) as Record<string, typeof text>;
/** The proposal's shape: one length, and the times either as JSON `slots` or as the form's numbered fields. */
const proposalForm = z.object({
  length: lengthField,
  // A malformed entry is kept as an empty time, so its error names its place ("Time 2: ...").
  slots: z
    .array(z.object({ date: text, time: text }).catch({ date: '', time: '' }))
    .optional()
    .catch(undefined),
  ...slotFields,
});

/**
 * Slots from the form (slot1Date, slot1Time, ... and one length in minutes) or JSON
 * ({ slots: [{ date, time }], length }), as local times in the session's time zone.
 */
export function parseProposal(
  body: Record<string, unknown>,
  timeZone: string,
  availability: Availability | undefined,
  now: Date = new Date(),
): { ok: true; slots: Slot[] } | { ok: false; error: string } {
  const form = proposalForm.safeParse(body);
  if (!form.success) return { ok: false, error: form.error.issues[0].message };
  const { length, slots: jsonSlots } = form.data;
  const fields = form.data as unknown as Record<string, string>;
  const raw =
    jsonSlots ??
    Array.from({ length: MAX_PROPOSED_SLOTS }, (_, i) => ({
      date: fields[`slot${i + 1}Date`],
      time: fields[`slot${i + 1}Time`],
    })).filter((t) => t.date || t.time);
  if (raw.length === 0 || raw.length > MAX_PROPOSED_SLOTS) {
    return { ok: false, error: `Propose one to ${MAX_PROPOSED_SLOTS} times` };
  }
  const slots: Slot[] = [];
  for (const [i, r] of raw.entries()) {
    const n = i + 1;
    if (!isLocalDate(r.date) || !isHandoverTime(r.time))
      return { ok: false, error: `Time ${n}: give a date and a start time` };
    const start = instantFromLocal(r.date, r.time, timeZone).getTime();
    const end = start + length * 60_000;
    if (start <= now.getTime()) return { ok: false, error: `Time ${n}: this time has already passed` };
    if (start > now.getTime() + MAX_AHEAD_MS) return { ok: false, error: `Time ${n}: choose a time within 60 days` };
    if (availability && !availability.windows.some((w) => start >= w.start.getTime() && end <= w.end.getTime())) {
      return { ok: false, error: `Time ${n}: it must fit inside one of the times the requester gave` };
    }
    if (slots.some((s) => s.start === start)) return { ok: false, error: `Time ${n}: the same time twice` };
    slots.push({ start, end });
  }
  return { ok: true, slots };
}

export interface OutcomeForm {
  outcome: SessionOutcome;
  hard: boolean;
  category: HardCategory | null;
  note: string | null;
}

const yesNo = (v: unknown) => (v === true || v === 'yes' ? true : v === false || v === 'no' ? false : null);
const outcomeForm = z
  .object({
    outcome: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.enum(SESSION_OUTCOMES, { error: 'Choose whether the session was held' }),
    ),
    hard: z.preprocess(yesNo, z.boolean().nullable()),
    category: text,
    note: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : ''),
      z.string().max(MAX_NOTE, { error: `Keep the note under ${MAX_NOTE} characters` }),
    ),
  })
  .superRefine((f, ctx) => {
    if (f.outcome === 'held' && f.hard === null)
      ctx.addIssue({ code: 'custom', path: ['hard'], message: 'Say whether it was a hard session' });
    else if (f.outcome === 'held' && f.hard && !(HARD_CATEGORIES as readonly string[]).includes(f.category))
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'Choose what made it hard' });
  });

export function parseOutcome(
  body: Record<string, unknown>,
): { ok: true; value: OutcomeForm } | { ok: false; error: string } {
  const form = outcomeForm.safeParse(body);
  if (!form.success) return { ok: false, error: form.error.issues[0].message };
  const { outcome, category, note } = form.data;
  const hard = outcome === 'held' && form.data.hard === true;
  return { ok: true, value: { outcome, hard, category: hard ? (category as HardCategory) : null, note: note || null } };
}

const OUT_OF_SCOPE_PROBLEM = 'Say briefly why (up to 1000 characters): it goes to the coordinator only.';
const outOfScopeFields = z.object({ reason: textField });
const outOfScopeRules = z.object({
  reason: z.string().min(1, { error: OUT_OF_SCOPE_PROBLEM }).max(1000, { error: OUT_OF_SCOPE_PROBLEM }),
});

/** The out-of-scope form: the reason for the coordinator (trimmed; anything but text reads as empty), else why not. */
export function readOutOfScopeForm(body: unknown): { reason: string; error: string | null } {
  const values = readFields(outOfScopeFields, body);
  return { reason: values.reason, error: outOfScopeRules.safeParse(values).error?.issues[0]?.message ?? null };
}
