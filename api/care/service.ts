// What the care pages ask of the engine: a supervision check-in's timers started (a counselor's ask) and stopped
// (marked done), with the after-care task of a session's check-in kept in step.
import type { Stores, SupervisionCheckin } from '../../db';
import { parseDuration, withDefaults } from '../../domain/policy';
import { engineFailure, type Engine } from '../../engine';
import { Conflict, Unavailable } from '../errors';

const DEADLINE_MS = 8000;

export function createCareService(deps: { stores: Stores; engine: Engine }) {
  const { stores, engine } = deps;

  async function within<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await engine.within(DEADLINE_MS, fn);
    } catch (err) {
      const failure = engineFailure(err);
      if (failure === 'deadline' || failure === 'cancelled') {
        throw new Unavailable('The engine is not answering: try again in a moment');
      }
      throw err;
    }
  }

  const overdueAfterMs = async (workspaceId: string) => {
    const ws = await stores.workspaces.getById(workspaceId);
    const policy = withDefaults(ws?.dispatchPolicy);
    return parseDuration(policy.supervisionOverdueAfter ?? '2d') ?? 2 * 86_400_000;
  };

  return {
    /**
     * A counselor asks for a check-in: their supervisor is told now. One open ask at a time; asking again
     * while one is open answers 'already' (and makes sure its timer runs: a start lost to an outage is redone).
     */
    async ask(user: {
      id: string;
      workspaceId: string;
    }): Promise<{ result: 'asked' | 'already'; checkin: SupervisionCheckin }> {
      const supervisor = await stores.care.supervisorOf(user.id);
      const { checkin, created } = await stores.care.openCheckin({
        workspaceId: user.workspaceId,
        counselorId: user.id,
        supervisorId: supervisor?.id ?? null,
        source: 'asked',
        dueAt: new Date(),
      });
      const input = {
        checkinId: checkin.id,
        dueAt: checkin.dueAt.getTime(),
        overdueAfterMs: await overdueAfterMs(user.workspaceId),
      };
      await within(() => engine.startSupervisionCheckin(input));
      return { result: created ? 'asked' : 'already', checkin };
    },

    /** Marks a check-in done (and its session's after-care task); its timers stop. Conflict when already done. */
    async done(workspaceId: string, checkin: SupervisionCheckin, userId: string): Promise<void> {
      if (!(await stores.care.markCheckinDone(workspaceId, checkin.id, userId))) {
        throw new Conflict('This check-in is already done.');
      }
      if (checkin.sessionId && checkin.source === 'session') {
        await stores.aftercare.closeTask(checkin.sessionId, 'supervision');
      }
      // The row already says done, and the timers read it before they send: a lost signal sends nothing.
      await within(() => engine.supervisionDone(checkin.id)).catch(() => false);
    },

    /** The session's supervision task was marked done on /tasks: its check-in too, and its timers stop. */
    async sessionTaskDone(sessionId: string, userId: string): Promise<void> {
      const id = await stores.care.markSessionCheckinDone(sessionId, userId);
      if (id) await within(() => engine.supervisionDone(id)).catch(() => false);
    },
  };
}
export type CareService = ReturnType<typeof createCareService>;
