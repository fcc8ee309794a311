// The audit log for a workspace's coordinators (page and CSV export, the export itself recorded), and the
// one staff page that shows a requester's contact details, recorded each time it is opened.
import { Router } from 'express';
import type { AuditEntry, Stores } from '../../db';
import { requirePageRole } from '../auth/page-guard';
import { sameWorkspace } from '../auth/sign-in-session';
import { recordContactViewed } from './contact-audit';
import { NotFound } from '../errors';
import { auditCsv, auditPage, requestContactPage, type AuditRow } from './view';
import { Forbidden } from '../errors';

const PAGE_SIZE = 50;
/** The export is everything, read in pages of this size. */
const EXPORT_BATCH = 1000;

export function auditRoutes(deps: { stores: Stores }): Router {
  const { stores } = deps;
  const router = Router();
  const coordinators = requirePageRole('coordinator');

  /** Names from this workspace's users only; a removed account reads as such, the system as "System". */
  async function withNames(workspaceId: string, entries: AuditEntry[]): Promise<AuditRow[]> {
    const ids = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => !!id))];
    const users = (await stores.users.getMany(ids)).filter((u) => u.workspaceId === workspaceId);
    const names = new Map(users.map((u) => [u.id, u.name]));
    return entries.map((e) => ({
      ...e,
      actorName: e.actorId ? (names.get(e.actorId) ?? 'someone no longer in the team') : 'System',
    }));
  }

  router.get('/audit', coordinators, async (req, res) => {
    const workspaceId = req.user!.workspaceId;
    const before = Number(req.query.before);
    const beforeId = Number.isSafeInteger(before) && before > 0 ? before : undefined;
    // One more than a page tells whether older entries exist.
    const entries = await stores.audit.list(workspaceId, { limit: PAGE_SIZE + 1, beforeId });
    const shown = entries.slice(0, PAGE_SIZE);
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(
        auditPage({
          user: req.user!,
          rows: await withNames(workspaceId, shown),
          olderBefore: entries.length > PAGE_SIZE ? shown[shown.length - 1].id : undefined,
          paged: beforeId !== undefined,
        }),
      );
  });

  router.get('/audit.csv', coordinators, async (req, res) => {
    const workspaceId = req.user!.workspaceId;
    await stores.audit.record({
      workspaceId,
      actorId: req.user!.id,
      action: 'audit.exported',
      subjectType: 'audit_log',
      detail: { format: 'csv' },
    });
    const all: AuditEntry[] = [];
    for (let beforeId: number | undefined; ;) {
      const batch = await stores.audit.list(workspaceId, { limit: EXPORT_BATCH, beforeId });
      all.push(...batch);
      if (batch.length < EXPORT_BATCH) break;
      beforeId = batch[batch.length - 1].id;
    }
    const day = new Date().toISOString().slice(0, 10);
    res
      .type('text/csv; charset=utf-8')
      .set('Cache-Control', 'no-store')
      .attachment(`audit-log-${day}.csv`)
      .send(auditCsv(await withNames(workspaceId, all)));
  });

  router.get('/requests/:id/contact', requirePageRole('coordinator', 'lead'), async (req, res) => {
    const request = await stores.requests.getById(String(req.params.id));
    if (!request || !sameWorkspace(req.user, request.workspaceId)) throw new NotFound('Request not found');
    // A lead reads a contact only for a request escalated to them: one they were alerted about, or while on call.
    if (req.user!.role === 'lead') {
      const alerted = await stores.notifications.wasAlerted(request.id, req.user!.id);
      const onCall = alerted || (await stores.rota.onCallLead(request.workspaceId))?.id === req.user!.id;
      if (!onCall)
        throw new Forbidden('Only coordinators, and the lead this request was escalated to, see the contact');
    }
    const contact = await recordContactViewed(
      stores,
      {
        workspaceId: request.workspaceId,
        actorId: req.user!.id,
        requestId: request.id,
        via: 'request-contact-page',
        req,
      },
      await stores.requests.getContact(request.id),
    );
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(requestContactPage({ user: req.user!, requestId: request.id, contact: contact ?? {} }));
  });

  return router;
}
