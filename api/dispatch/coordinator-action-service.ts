// What a coordinator or lead can do to a live request, checked once: the JSON API and the HTML forms
// both call these, so a rule (who may be assigned, what a duration looks like) has one home.
import { hasRole } from '../../domain/roles';
import { z } from 'zod';
import type { HelpRequest, Stores, User } from '../../db';
import { parseDuration } from '../../domain/policy';
import { sameWorkspace } from '../auth/sign-in-session';
import type { DispatchService } from './service';
import { BadRequest, Conflict, NotFound } from '../errors';
import { fieldErrors } from '../form-fields';

const DURATION_HINT = 'Give a duration like "30m" or "PT2H"';

const assignBody = z.object({ counselorId: z.uuid({ error: 'Choose a counselor' }) });
const extendBody = z.object({
  by: z.string({ error: DURATION_HINT }).refine((v) => (parseDuration(v) ?? 0) > 0, { message: DURATION_HINT }),
});
const cancelBody = z.object({
  reason: z.string({ error: 'Give a reason' }).trim().min(1, { error: 'Give a reason' }).max(500),
});

/** Form bodies carry extra fields (_csrf); only an object is worth parsing. */
const bodyOf = (body: unknown): Record<string, unknown> =>
  body && typeof body === 'object' ? (body as Record<string, unknown>) : {};

export function createCoordinatorActionService(deps: { stores: Stores; dispatch: DispatchService }) {
  const { stores, dispatch } = deps;

  return {
    /** The request, when it belongs to the user's workspace; another workspace's answers like a missing one. */
    async ownRequest(id: string, user: User | undefined): Promise<HelpRequest> {
      const request = await stores.requests.getById(id);
      if (!request || !user || !sameWorkspace(user, request.workspaceId)) throw new NotFound('Request not found');
      return request;
    },

    async assign(request: HelpRequest, user: User, body: unknown): Promise<{ result: 'assigned' }> {
      const parsed = assignBody.safeParse(bodyOf(body));
      if (!parsed.success) throw new BadRequest('Invalid assignment', fieldErrors(parsed.error));
      const counselor = await stores.users.getById(parsed.data.counselorId);
      if (
        !counselor ||
        !hasRole(counselor, 'counselor') ||
        !!counselor.deactivatedAt ||
        !sameWorkspace(user, counselor.workspaceId)
      ) {
        throw new BadRequest('Invalid assignment', { counselorId: 'No such counselor in this team' });
      }
      const result = await dispatch.assign(request, counselor.id, user.id);
      if (result !== 'assigned')
        throw new Conflict(result === 'closed' ? 'This request is closed' : 'Already assigned');
      return { result };
    },

    async widen(request: HelpRequest, user: User): Promise<{ result: 'widening' }> {
      if (!(await dispatch.widen(request, user.id))) throw new Conflict('This request is closed');
      return { result: 'widening' };
    },

    async extend(request: HelpRequest, user: User, body: unknown): Promise<{ result: 'extended'; byMs: number }> {
      const parsed = extendBody.safeParse(bodyOf(body));
      if (!parsed.success) throw new BadRequest('Invalid extension', fieldErrors(parsed.error));
      const byMs = parseDuration(parsed.data.by) as number;
      if (!(await dispatch.extend(request, byMs, user.id))) throw new Conflict('This request is closed');
      return { result: 'extended', byMs };
    },

    /** Back to dispatch from a silent winner: the winner is told, the others are offered it again. */
    async release(request: HelpRequest, user: User): Promise<{ result: 'released' }> {
      if ((await dispatch.release(request, user.id)) !== 'released') {
        throw new Conflict('This request cannot be released now: no session is being arranged with a counselor');
      }
      return { result: 'released' };
    },

    async cancel(request: HelpRequest, user: User, body: unknown): Promise<{ result: 'cancelling' }> {
      const parsed = cancelBody.safeParse(bodyOf(body));
      if (!parsed.success) throw new BadRequest('Invalid cancellation', fieldErrors(parsed.error));
      const result = await dispatch.cancel(request, 'coordinator', user.id, parsed.data.reason);
      if (result === 'already-assigned') throw new Conflict('A counselor has already accepted this request');
      if (result !== 'cancelled') throw new Conflict('This request is closed');
      return { result: 'cancelling' };
    },
  };
}
export type CoordinatorActionService = ReturnType<typeof createCoordinatorActionService>;
export type CoordinatorAction = 'assign' | 'widen' | 'extend' | 'cancel' | 'release';
