// The live board for coordinators and leads: the page (complete without JavaScript) and its event stream
// (server-sent events: each message is the fresh rows of the requests that changed, rendered as on the page).
import { Router, type Request, type Response } from 'express';
import type { BoardRow, Stores } from '../../db';
import { requirePageRole } from '../auth/page-guard';
import { requireRole, SESSION_COOKIE } from '../auth/sign-in-session';
import type { BoardHub } from './hub';
import { boardPage, boardRow } from './view';

/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;
/** What the browser waits before reconnecting after the stream dropped. */
const RETRY_MS = 2000;

/** Where a stream starts: the browser's Last-Event-ID on a reconnect, else the page's ?after=. */
function startingEventId(req: Request): number | undefined {
  const raw = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

export function boardRoutes(deps: { stores: Stores; hub: BoardHub; smsEnabled?: boolean }): Router {
  const { stores, hub } = deps;
  const router = Router();

  router.get('/board', requirePageRole('coordinator', 'lead'), async (req, res) => {
    const user = req.user!;
    const [rows, settings, lastEventId, morning] = await Promise.all([
      stores.board.rows(user.workspaceId),
      stores.board.settings(user.workspaceId),
      stores.board.lastEventId(user.workspaceId),
      stores.heldAlerts.waiting(user.workspaceId),
    ]);
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(
        boardPage({
          user,
          rows,
          targetMinutes: settings.timeToHelpTargetMinutes,
          lastEventId,
          now: Date.now(),
          smsEnabled: deps.smsEnabled ?? true,
          morning,
        }),
      );
  });

  router.get('/board/events', requireRole('coordinator', 'lead'), async (req: Request, res: Response) => {
    const workspaceId = req.user!.workspaceId;
    const { timeToHelpTargetMinutes } = await stores.board.settings(workspaceId);
    const targetMs = timeToHelpTargetMinutes * 60_000;
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n\n`);

    let lastSent = startingEventId(req) ?? (await stores.board.lastEventId(workspaceId));
    let closed = false;
    const send = (rows: BoardRow[], lastEventId: number) => {
      if (closed) return;
      const now = Date.now();
      const data = JSON.stringify({
        rows: rows.map((r) => ({ id: r.requestId, html: boardRow(r, targetMs, now).value })),
      });
      lastSent = Math.max(lastSent, lastEventId);
      res.write(`id: ${lastSent}\nevent: rows\ndata: ${data}\n\n`);
    };
    // One catch-up at a time; a second request while one runs is folded into a rerun.
    let catching: Promise<void> | null = null;
    let again = false;
    const catchUp = (): void => {
      if (catching) {
        again = true;
        return;
      }
      catching = (async () => {
        do {
          again = false;
          const ids = await stores.board.changedSince(workspaceId, lastSent);
          const rows = await stores.board.rowsFor(workspaceId, ids);
          if (rows.length) send(rows, Math.max(...rows.map((r) => r.lastEventId)));
        } while (again && !closed);
      })()
        .catch(() => undefined)
        .finally(() => {
          catching = null;
        });
    };

    // Each heartbeat also asks whether the session still stands: signing out everywhere (or a password
    // reset) ends an open board within one beat instead of when the tab closes.
    const sid = req.cookies?.[SESSION_COOKIE] as string | undefined;
    const heartbeat = setInterval(() => {
      void (sid ? stores.signInSessions.resolve(sid) : Promise.resolve(undefined))
        .then((userId) => {
          if (closed) return;
          if (userId === req.user!.id) res.write(': keep-alive\n\n');
          else res.end();
        })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    let leave: (() => void) | undefined;
    req.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      leave?.();
    });
    const leaveFn = await hub.join(workspaceId, { send, catchUp, end: () => res.end() });
    if (closed) leaveFn();
    else leave = leaveFn;
    // Listening now: anything committed since the page (or the last message) was read comes from the table.
    catchUp();
  });

  return router;
}
