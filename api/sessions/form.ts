// The counselor's forms after the win: proposed slots (checked against the requester's windows) and the
// outcome. Pure: one message per problem, nothing saved when anything is wrong.
import { HARD_CATEGORIES, SESSION_OUTCOMES, type Availability, type HardCategory, type SessionOutcome } from '../../db';
import { instantFromLocal, isHandoverTime, isLocalDate } from '../../domain/rota';
import { MAX_PROPOSED_SLOTS, type Slot } from '../../workflows/definitions';

export const SESSION_LENGTHS = [30, 45, 60, 90] as const;
const MAX_AHEAD_MS = 60 * 86_400_000;
const MAX_NOTE = 2000;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

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
  const length = Number(body.length ?? 60);
  if (!SESSION_LENGTHS.includes(length as (typeof SESSION_LENGTHS)[number])) {
    return { ok: false, error: `Choose a length of ${SESSION_LENGTHS.join(', ')} minutes` };
  }
  const raw: { date: string; time: string }[] = Array.isArray(body.slots)
    ? (body.slots as Record<string, unknown>[]).map((s) => ({ date: str(s?.date), time: str(s?.time) }))
    : Array.from({ length: MAX_PROPOSED_SLOTS }, (_, i) => ({
        date: str(body[`slot${i + 1}Date`]),
        time: str(body[`slot${i + 1}Time`]),
      })).filter((s) => s.date || s.time);
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

export function parseOutcome(
  body: Record<string, unknown>,
): { ok: true; value: OutcomeForm } | { ok: false; error: string } {
  const outcome = str(body.outcome) as SessionOutcome;
  if (!SESSION_OUTCOMES.includes(outcome)) return { ok: false, error: 'Choose whether the session was held' };
  const hardRaw =
    body.hard === true || body.hard === 'yes' ? true : body.hard === false || body.hard === 'no' ? false : null;
  if (outcome === 'held' && hardRaw === null) return { ok: false, error: 'Say whether it was a hard session' };
  const hard = outcome === 'held' && hardRaw === true;
  const category = str(body.category) as HardCategory;
  if (hard && !HARD_CATEGORIES.includes(category)) return { ok: false, error: 'Choose what made it hard' };
  const note = str(body.note);
  if (note.length > MAX_NOTE) return { ok: false, error: `Keep the note under ${MAX_NOTE} characters` };
  return { ok: true, value: { outcome, hard, category: hard ? category : null, note: note || null } };
}
