// Lead shift swaps: offer one of your shifts, take another lead's, withdraw your offer. Each is checked against the
// rules of domain/shift-swaps.ts for a clear refusal, then done by one conditional statement in the store (which holds
// the same rules against a race). A taken swap starts the coordinators' notice (a durable workflow; api/notice-start.ts).
import { swapOverrideNote, type Stores, type User } from '../../db';
import {
  giverStillOnShift,
  offerRefusal,
  takeRefusal,
  withdrawRefusal,
  type OfferRefusal,
  type ShiftSwap,
  type TakeRefusal,
  type WithdrawRefusal,
} from '../../domain/shift-swaps';
import type { Engine } from '../../engine';
import { noticeStarter } from '../notice-start';

const DAY_MS = 86_400_000;
/** Shifts this far ahead may be offered (the weeks the rota pages show). */
export const SWAP_WEEKS = 8;

export type SwapRefusal = OfferRefusal | TakeRefusal | WithdrawRefusal | 'rota-changed';
export type SwapResult = { swap: ShiftSwap } | { refusal: SwapRefusal; swap?: ShiftSwap };

export function createShiftSwapService(deps: { stores: Stores; engine: Engine; log: (msg: string) => void }) {
  const { stores } = deps;
  const startNotice = noticeStarter(deps);

  /** The rota's shifts from `at` through the end of a shift starting at `until` (a week and a day past it). */
  const shiftsFrom = (workspaceId: string, at: Date, until: Date) =>
    stores.rota.upcoming(workspaceId, Math.max(0, until.getTime() - at.getTime()) / DAY_MS + 8, at);

  return {
    /** The user's own shifts that start after `at`, within SWAP_WEEKS: the ones they may offer. */
    async ownFutureShifts(user: User, at: Date = new Date()) {
      const horizon = new Date(at.getTime() + SWAP_WEEKS * 7 * DAY_MS);
      const shifts = await shiftsFrom(user.workspaceId, at, horizon);
      return shifts.filter(
        (s) => s.leadId === user.id && s.startsAt.getTime() > at.getTime() && s.startsAt.getTime() < horizon.getTime(),
      );
    },

    async offer(user: User, input: { startsAt: Date; note: string }): Promise<SwapResult> {
      const at = new Date();
      const horizon = new Date(at.getTime() + SWAP_WEEKS * 7 * DAY_MS);
      const [shifts, giversSwaps] = await Promise.all([
        input.startsAt.getTime() < horizon.getTime() ? shiftsFrom(user.workspaceId, at, input.startsAt) : [],
        stores.shiftSwaps.byGiverAt(user.workspaceId, user.id, input.startsAt),
      ]);
      const decided = offerRefusal({ giverId: user.id, startsAt: input.startsAt, at, shifts, giversSwaps });
      if ('refusal' in decided) return decided;
      const swap = await stores.shiftSwaps.offer({
        workspaceId: user.workspaceId,
        giverId: user.id,
        startsAt: decided.shift.startsAt,
        endsAt: decided.shift.endsAt,
        note: input.note,
      });
      return swap === 'already-offered' ? { refusal: swap } : { swap };
    },

    /** Null: no such offer in the user's workspace. */
    async take(user: User, swapId: string): Promise<SwapResult | null> {
      const swap = await stores.shiftSwaps.get(user.workspaceId, swapId);
      if (!swap) return null;
      // The session's user may be stale: read the roles and the account as they are now.
      const taker = await stores.users.getById(user.id);
      if (!taker || taker.workspaceId !== user.workspaceId) return null;
      const refused = takeRefusal(swap, taker, new Date());
      if (refused) return { refusal: refused, swap };
      const during = await stores.rota.upcoming(
        swap.workspaceId,
        (swap.endsAt.getTime() - swap.startsAt.getTime()) / DAY_MS,
        swap.startsAt,
      );
      if (!giverStillOnShift(swap, during)) {
        // A lead who took the offer meanwhile is on call now in the giver's place: the offer as it is now says so,
        // before the rota does ("already taken" rather than "the rota changed").
        const now = (await stores.shiftSwaps.get(user.workspaceId, swap.id)) ?? swap;
        return { refusal: takeRefusal(now, taker, new Date()) ?? 'rota-changed', swap: now };
      }
      const giver = await stores.users.getById(swap.giverId);
      const taken = await stores.shiftSwaps.take(
        user.workspaceId,
        swap.id,
        taker.id,
        swapOverrideNote(giver?.name ?? ''),
      );
      if (!taken) {
        // Another taker won, or it was withdrawn or started meanwhile: say which, from the row as it is now.
        const now = (await stores.shiftSwaps.get(user.workspaceId, swap.id)) ?? swap;
        return { refusal: takeRefusal(now, taker, new Date()) ?? 'taken', swap: now };
      }
      await startNotice('shift-swap', taken.id);
      return { swap: taken };
    },

    /** Null: no such offer in the user's workspace. */
    async withdraw(user: User, swapId: string): Promise<SwapResult | null> {
      const swap = await stores.shiftSwaps.get(user.workspaceId, swapId);
      if (!swap) return null;
      const refused = withdrawRefusal(swap, user, new Date());
      if (refused) return { refusal: refused, swap };
      const done = await stores.shiftSwaps.withdraw(user.workspaceId, swap.id, user.id);
      if (!done) {
        const now = (await stores.shiftSwaps.get(user.workspaceId, swap.id)) ?? swap;
        return { refusal: withdrawRefusal(now, user, new Date()) ?? 'withdrawn', swap: now };
      }
      return { swap: done };
    },
  };
}
export type ShiftSwapService = ReturnType<typeof createShiftSwapService>;
