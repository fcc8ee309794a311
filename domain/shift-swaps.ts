// Shift swaps: a lead offers one of their own future on-call shifts, another lead takes it. Pure rules (no I/O): what
// may be offered, who may take or withdraw, an offer's status at a moment, and which offers the coordinators are
// warned about. Taking writes an override for the shift (db/stores/shift-swaps-store.ts), so the on-call lookup,
// alerts and handover reminders follow the taker through domain/rota.ts with nothing else to change.
import type { Shift } from './rota';
import type { Role } from './roles';

/** As stored. An open offer whose shift has started reads as 'expired' (swapStatusAt): it closed by itself. */
export const STORED_SWAP_STATUSES = ['open', 'taken', 'withdrawn'] as const;
export type StoredSwapStatus = (typeof STORED_SWAP_STATUSES)[number];
export type SwapStatus = StoredSwapStatus | 'expired';

export interface ShiftSwap {
  id: string;
  workspaceId: string;
  /** The lead who offered the shift. */
  giverId: string;
  startsAt: Date;
  endsAt: Date;
  /** The giver's words to whoever may take it ("family wedding"), may be empty. */
  note: string;
  status: StoredSwapStatus;
  takerId: string | null;
  /** The rota override that put the taker on call (set when taken). */
  overrideId: string | null;
  createdAt: Date;
  takenAt: Date | null;
  withdrawnAt: Date | null;
}

/** The most characters of an offer's note. */
export const MAX_SWAP_NOTE_LENGTH = 200;

/** Where it stands at `at`: an offer still open when its shift starts has closed by itself ('expired'). */
export function swapStatusAt(swap: Pick<ShiftSwap, 'status' | 'startsAt'>, at: Date): SwapStatus {
  return swap.status === 'open' && swap.startsAt.getTime() <= at.getTime() ? 'expired' : swap.status;
}

export type OfferRefusal = 'started' | 'not-yours' | 'already-offered' | 'already-taken';

/**
 * Whether `giverId` may offer the shift starting at `startsAt`, judged on the rota's shifts from `at` on (gaps included,
 * as domain/rota.ts upcomingShifts gives them) and the giver's own offers. The shift must be the giver's, start after
 * `at`, and not be offered already; a shift the giver gave away is "already taken", not just "not yours".
 */
export function offerRefusal(input: {
  giverId: string;
  startsAt: Date;
  at: Date;
  shifts: readonly Shift[];
  giversSwaps: readonly ShiftSwap[];
}): { shift: Shift } | { refusal: OfferRefusal } {
  const { giverId, startsAt, at } = input;
  const t = startsAt.getTime();
  if (!(t > at.getTime())) return { refusal: 'started' };
  const same = (s: ShiftSwap) => s.giverId === giverId && s.startsAt.getTime() === t;
  if (input.giversSwaps.some((s) => same(s) && swapStatusAt(s, at) === 'open')) return { refusal: 'already-offered' };
  const shift = input.shifts.find((s) => s.startsAt.getTime() === t && s.leadId === giverId && s.source !== 'none');
  if (shift) return { shift };
  if (input.giversSwaps.some((s) => same(s) && s.status === 'taken')) return { refusal: 'already-taken' };
  return { refusal: 'not-yours' };
}

export type TakeRefusal = 'deactivated' | 'not-a-lead' | 'own-offer' | 'taken' | 'withdrawn' | 'expired';

/**
 * Why `taker` may not take the offer at `at`, or null. Only a lead may take (a coordinator who also holds the lead
 * role counts): the rota treats anyone else as a gap, so taking would leave the shift uncovered.
 */
export function takeRefusal(
  swap: Pick<ShiftSwap, 'giverId' | 'status' | 'startsAt'>,
  taker: { id: string; roles: readonly Role[]; deactivatedAt: Date | null },
  at: Date,
): TakeRefusal | null {
  if (taker.deactivatedAt) return 'deactivated';
  if (!taker.roles.includes('lead')) return 'not-a-lead';
  if (taker.id === swap.giverId) return 'own-offer';
  const status = swapStatusAt(swap, at);
  return status === 'open' ? null : status;
}

export type WithdrawRefusal = 'not-yours' | 'taken' | 'withdrawn' | 'expired';

/** Why `by` may not withdraw the offer at `at`, or null: the giver may, and so may a coordinator (they run the rota). */
export function withdrawRefusal(
  swap: Pick<ShiftSwap, 'giverId' | 'status' | 'startsAt'>,
  by: { id: string; roles: readonly Role[] },
  at: Date,
): WithdrawRefusal | null {
  if (by.id !== swap.giverId && !by.roles.includes('coordinator')) return 'not-yours';
  const status = swapStatusAt(swap, at);
  return status === 'open' ? null : status;
}

/**
 * Whether the giver is still on call for the whole offered shift (a coordinator may have changed the rota since the
 * offer): `shifts` cover at least [startsAt, endsAt).
 */
export function giverStillOnShift(swap: Pick<ShiftSwap, 'giverId' | 'startsAt' | 'endsAt'>, shifts: readonly Shift[]) {
  const from = swap.startsAt.getTime();
  const until = swap.endsAt.getTime();
  const inside = shifts.filter((s) => s.endsAt.getTime() > from && s.startsAt.getTime() < until);
  if (inside.length === 0) return false;
  const covered = inside[0].startsAt.getTime() <= from && inside[inside.length - 1].endsAt.getTime() >= until;
  return covered && inside.every((s) => s.leadId === swap.giverId);
}

/**
 * The offers the coordinators are warned about, soonest first: open ones whose shift starts before `until` (nobody has
 * taken it yet: the giver may not be there), and ones that closed by themselves whose shift is still running.
 */
export function unfilledSwaps(
  swaps: readonly ShiftSwap[],
  at: Date,
  until: Date,
): { swap: ShiftSwap; status: 'open' | 'expired' }[] {
  const out: { swap: ShiftSwap; status: 'open' | 'expired' }[] = [];
  for (const swap of swaps) {
    const status = swapStatusAt(swap, at);
    if (status === 'open' && swap.startsAt.getTime() < until.getTime()) out.push({ swap, status });
    else if (status === 'expired' && swap.endsAt.getTime() > at.getTime()) out.push({ swap, status });
  }
  return out.sort((a, b) => a.swap.startsAt.getTime() - b.swap.startsAt.getTime());
}
