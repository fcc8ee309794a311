// The request page for coordinators and leads, and its forms: the same actions as the JSON API (one
// coordinator action service), answered with a 303 back to the page or the page again with the error.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { HelpRequest, Stores } from '../../db';
import { workflowIdFor, type DispatchStatus } from '../../workflows/definitions';
import { sessionCsrfToken } from '../auth/csrf';
import type { CoordinatorAction, CoordinatorActionService } from './coordinator-action-service';
import type { DispatchService } from './service';
import { HttpError } from '../errors';
import { requestPage, type ActionError } from './request-view';
import { requirePageRole } from '../auth/page-guard';
import { criteriaFor } from '../../domain/match-criteria';

/** A page waits this long for the workflow's answer before showing what the database knows. */
const STATUS_TIMEOUT_MS = 5000;

export function requestPageRoutes(deps: {
  stores: Stores;
  dispatch: DispatchService;
  actions: CoordinatorActionService;
  csrf: RequestHandler;
  sessionSecret: string;
  temporal: { namespace: string; uiUrl?: string };
  log: (msg: string) => void;
}): Router {
  const { stores, dispatch, actions, csrf, sessionSecret, log } = deps;
  const router = Router();
  const staff = requirePageRole('coordinator', 'lead');

  async function liveStatus(request: HelpRequest): Promise<DispatchStatus | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        dispatch.status(request),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), STATUS_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      log(`request page: status of ${request.id} unavailable: ${(err as Error).message}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  async function render(req: Request, res: Response, request: HelpRequest, httpStatus = 200, error?: ActionError) {
    const user = req.user!;
    const [status, events, counselors, cancelReason, vocabulary] = await Promise.all([
      liveStatus(request),
      stores.events.list(request.id),
      stores.users.listActiveCounselors(request.workspaceId),
      stores.requests.getCancelReason(request.id),
      stores.pool.vocabulary(request.workspaceId),
    ]);
    const matchExplanation = await stores.matching.explainMatch(criteriaFor(request, events, status));
    // Workflow state and the timeline hold ids only: the names come from the users table, this workspace's only.
    const ids = new Set<string>();
    for (const id of [
      ...(status?.offered ?? []),
      ...(status?.declined ?? []),
      ...(status?.excluded ?? []),
      status?.winner,
      status?.assignedBy,
    ]) {
      if (id) ids.add(id);
    }
    for (const e of events) {
      for (const k of ['counselorId', 'coordinatorId'])
        if (typeof e.data?.[k] === 'string') ids.add(e.data[k] as string);
    }
    const people = await stores.users.getMany([...ids]);
    const names = new Map(people.filter((p) => p.workspaceId === request.workspaceId).map((p) => [p.id, p.name]));
    const uiUrl = deps.temporal.uiUrl?.replace(/\/+$/, '');
    const done = typeof req.query.done === 'string' ? req.query.done : undefined;
    res
      .status(httpStatus)
      .type('html')
      .send(
        requestPage({
          user,
          request,
          status,
          names,
          events,
          cancelReason,
          counselors,
          csrfToken: sessionCsrfToken(sessionSecret, req),
          temporalUrl: uiUrl
            ? `${uiUrl}/namespaces/${encodeURIComponent(deps.temporal.namespace)}/workflows/${encodeURIComponent(workflowIdFor(request.id))}`
            : undefined,
          done: error ? undefined : done,
          error,
          matchExplanation,
          vocabulary,
        }),
      );
  }

  router.get('/requests/:id', staff, async (req, res) => {
    const request = await actions.ownRequest(String(req.params.id), req.user);
    await render(req, res, request);
  });

  const run: Record<CoordinatorAction, (r: HelpRequest, req: Request) => Promise<{ result: string }>> = {
    assign: (r, req) => actions.assign(r, req.user!, req.body),
    widen: (r, req) => actions.widen(r, req.user!),
    extend: (r, req) => actions.extend(r, req.user!, req.body),
    cancel: (r, req) => actions.cancel(r, req.user!, req.body),
    release: (r, req) => actions.release(r, req.user!),
  };

  for (const action of Object.keys(run) as CoordinatorAction[]) {
    router.post(`/requests/:id/${action}`, staff, csrf, async (req, res) => {
      const request = await actions.ownRequest(String(req.params.id), req.user);
      try {
        const { result } = await run[action](request, req);
        res.redirect(303, `/requests/${request.id}?done=${result}`);
      } catch (err) {
        // Invalid input (400) and a request that has moved on (409) are shown on the page; the rest is the error handler's.
        if (!(err instanceof HttpError) || (err.status !== 400 && err.status !== 409)) throw err;
        const values: Record<string, string> = {};
        for (const [k, val] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
          if (k !== '_csrf' && typeof val === 'string') values[k] = val;
        }
        const fields = err.details ?? {};
        await render(req, res, request, err.status, { action, message: err.message, fields, values });
      }
    });
  }

  return router;
}
