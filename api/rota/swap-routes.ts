// Lead shift swaps: /on-call/swaps (leads and coordinators of the signed-in user's own workspace). Forms POST with the
// CSRF token; a refusal shows the page again with the reason (409) and changes nothing.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores, User } from '../../db';
import { hasRole } from '../../domain/roles';
import { swapStatusAt, unfilledSwaps, type ShiftSwap } from '../../domain/shift-swaps';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { NotFound } from '../errors';
import type { SafeHtml } from '../ui/html';
import { html } from '../ui/html';
import { GAP_WARNING_DAYS } from './routes';
import { offerFromBody } from './swap-form';
import type { ShiftSwapService, SwapResult } from './swap-service';
import { REFUSAL_TEXT, swapOffersForLead, swapsPage, swapWarning } from './swap-view';

const DAY_MS = 86_400_000;

/** The workspace's current offers, the names they mention and the rota's zone: what every swap view needs. */
async function swapContext(stores: Stores, workspaceId: string, at: Date) {
  const [rota, swaps] = await Promise.all([
    stores.rota.get(workspaceId),
    stores.shiftSwaps.listCurrent(workspaceId, at),
  ]);
  const people = await stores.users.getMany([
    ...new Set(swaps.flatMap((s) => (s.takerId ? [s.giverId, s.takerId] : [s.giverId]))),
  ]);
  const names = new Map(people.filter((p) => p.workspaceId === workspaceId).map((p) => [p.id, p.name]));
  const timeZone = rota?.timeZone ?? 'UTC';
  const warnings = swapWarning(
    unfilledSwaps(swaps, at, new Date(at.getTime() + GAP_WARNING_DAYS * DAY_MS)),
    names,
    timeZone,
    GAP_WARNING_DAYS,
  );
  return { swaps, names, timeZone, warnings };
}

export function shiftSwapRoutes(deps: {
  stores: Stores;
  swaps: ShiftSwapService;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, swaps, csrf, sessionSecret } = deps;
  const router = Router();
  const staffPage = requirePageRole('lead', 'coordinator');

  async function render(req: Request, res: Response, opts: { status?: number; error?: string } = {}) {
    const user = req.user!;
    const at = new Date();
    const [ctx, myShifts] = await Promise.all([
      swapContext(stores, user.workspaceId, at),
      hasRole(user, 'lead') ? swaps.ownFutureShifts(user, at) : Promise.resolve([]),
    ]);
    res
      .status(opts.status ?? 200)
      .type('html')
      .send(
        swapsPage({
          user,
          csrfToken: sessionCsrfToken(sessionSecret, req),
          timeZone: ctx.timeZone,
          at,
          myShifts,
          swaps: ctx.swaps,
          names: ctx.names,
          // The warning is the coordinators' (they mend the rota); leads see the offers themselves.
          warnings: hasRole(user, 'coordinator') ? ctx.warnings : '',
          done: req.method === 'GET' && typeof req.query.done === 'string' ? req.query.done : undefined,
          error: opts.error,
        }),
      );
  }

  /** Redirects after a change, or shows the refusal; a missing offer (or another workspace's) is a 404. */
  async function answer(req: Request, res: Response, result: SwapResult | null, done: string) {
    if (!result) throw new NotFound('Shift offer not found');
    if ('refusal' in result) {
      await render(req, res, { status: 409, error: REFUSAL_TEXT[result.refusal] });
      return;
    }
    res.redirect(303, `/on-call/swaps?done=${done}`);
  }

  router.get('/on-call/swaps', staffPage, async (req, res) => {
    await render(req, res);
  });

  router.post('/on-call/swaps', staffPage, csrf, async (req, res) => {
    const parsed = offerFromBody(req.body);
    if (parsed.errors) {
      await render(req, res, { status: 400, error: Object.values(parsed.errors).join(' ') });
      return;
    }
    await answer(req, res, await swaps.offer(req.user!, parsed.offer), 'offered');
  });

  router.post('/on-call/swaps/:swapId/take', staffPage, csrf, async (req, res) => {
    await answer(req, res, await swaps.take(req.user!, String(req.params.swapId)), 'taken');
  });

  router.post('/on-call/swaps/:swapId/withdraw', staffPage, csrf, async (req, res) => {
    await answer(req, res, await swaps.withdraw(req.user!, String(req.params.swapId)), 'withdrawn');
  });

  return router;
}

/**
 * The home page's swap lines: for a lead, other leads' open offers they could take; for a coordinator, the warning
 * about offers nobody has taken.
 */
export async function swapHomeNotice(stores: Stores, user: User): Promise<SafeHtml> {
  if (!hasRole(user, 'lead') && !hasRole(user, 'coordinator')) return html``;
  const at = new Date();
  const ctx = await swapContext(stores, user.workspaceId, at);
  const takeable: ShiftSwap[] = hasRole(user, 'lead')
    ? ctx.swaps.filter((s) => s.giverId !== user.id && swapStatusAt(s, at) === 'open')
    : [];
  return html`${swapOffersForLead(takeable, ctx.names, ctx.timeZone)}${hasRole(user, 'coordinator') ? ctx.warnings : ''}`;
}
