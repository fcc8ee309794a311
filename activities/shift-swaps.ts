// A taken shift swap's notice: the coordinators and the giver are told who now has the shift. Whoever is in their
// quiet hours for alerts is told when those end (the workflow waits); the notice is not urgent, so nights are kept.
import { quietHoursEnd } from '../domain/quiet-hours';
import { hasRole } from '../domain/roles';
import { localDateTime } from '../domain/rota';
import { RetryableSendError, type SendOutcome } from '../notifications';
import type { ActivityDeps } from './request-helpers';

export function createShiftSwapActivities({ stores, tell, publicBaseUrl, now = () => new Date() }: ActivityDeps) {
  /** The coordinators of the workspace and the giver, each once; none deactivated. */
  async function audienceOf(workspaceId: string, giverId: string): Promise<string[]> {
    const staff = await stores.users.listStaff(workspaceId);
    const ids = staff.filter((u) => hasRole(u, 'coordinator') || u.id === giverId).map((u) => u.id);
    return [...new Set(ids)];
  }

  return {
    /** Who hears of the taken swap and when (epoch ms; 0: now). Nobody when the offer is unknown or not taken. */
    async planShiftSwapNotice(input: { swapId: string }): Promise<{ sends: { userId: string; at: number }[] }> {
      const swap = await stores.shiftSwaps.getById(input.swapId);
      if (!swap || swap.status !== 'taken') return { sends: [] };
      const people = await audienceOf(swap.workspaceId, swap.giverId);
      const at = now();
      const quiet = new Map(
        (await stores.heldAlerts.staffQuietHours(people)).map((q) => [
          q.id,
          quietHoursEnd(at, q.quietStart, q.quietEnd, q.timeZone),
        ]),
      );
      return { sends: people.map((userId) => ({ userId, at: quiet.get(userId)?.getTime() ?? 0 })) };
    },

    /** Tells these people of the taken swap; each once (the ledger key is the swap), retried until accepted. */
    async sendShiftSwapNotice(input: { swapId: string; userIds: string[] }): Promise<void> {
      const swap = await stores.shiftSwaps.getById(input.swapId);
      if (!swap || swap.status !== 'taken' || !swap.takerId) return;
      const [people, rota] = await Promise.all([
        stores.users.getMany([swap.giverId, swap.takerId]),
        stores.rota.get(swap.workspaceId),
      ]);
      const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? '';
      const timeZone = rota?.timeZone ?? 'UTC';
      const when = (d: Date) => {
        const l = localDateTime(d, timeZone);
        return `${l.date} ${l.time} (${timeZone})`;
      };
      const vars = {
        giver: nameOf(swap.giverId),
        taker: nameOf(swap.takerId),
        startsAt: when(swap.startsAt),
        endsAt: when(swap.endsAt),
        url: `${publicBaseUrl}/on-call/swaps`,
      };
      const outcomes: SendOutcome[] = [];
      for (const userId of input.userIds) {
        const r = await tell({ userId }, 'rota.swap-taken', vars, `shift-swap-taken-${swap.id}`, {
          workspaceId: swap.workspaceId,
          requestId: null,
        });
        outcomes.push(...r.outcomes);
      }
      if (outcomes.includes('retry')) throw new RetryableSendError('a shift swap notice was not yet accepted');
    },
  };
}
