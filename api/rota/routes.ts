// The on-call rota: coordinators set the rotation and overrides (/settings/rota), leads see their shifts (/on-call),
// and both can ask who is on call as JSON. The workspace is always the signed-in user's own.
import { hasRole } from '../../domain/roles';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores, UpcomingShift, User } from '../../db';
import { localDateTime } from '../../domain/rota';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { requireRole } from '../auth/sign-in-session';
import { BadRequest, NotFound } from '../errors';
import {
  emptyOverrideValues,
  overrideFormValuesFromBody,
  overrideFromForm,
  rotaFormValuesFromBody,
  rotaFormValuesOf,
  rotaFromForm,
  type FieldErrors,
  type OverrideFormValues,
  type RotaFormValues,
} from './form';
import type { SafeHtml } from '../ui/html';
import { onCallPage, rotaHomeBlock, rotaSettingsPage } from './view';

/** Gaps this far ahead are warned about; the settings page shows this many weeks of shifts. */
export const GAP_WARNING_DAYS = 14;
export const SHIFT_WEEKS = 8;
const MAX_API_DAYS = 7 * SHIFT_WEEKS;

export function rotaRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinatorPage = requirePageRole('coordinator');

  async function ownWorkspaceId(req: Request): Promise<string> {
    const workspace = await stores.workspaces.getById(req.user!.workspaceId);
    if (!workspace) throw new NotFound('Workspace not found');
    return workspace.id;
  }

  /** The shifts that start within `days`, the last one shown to its real end (a week and a day is enough for a handover). */
  async function shiftsStartingWithin(workspaceId: string, days: number, at: Date): Promise<UpcomingShift[]> {
    const horizon = at.getTime() + days * 86_400_000;
    const shifts = await stores.rota.upcoming(workspaceId, days + 8, at);
    return shifts.filter((s) => s.startsAt.getTime() < horizon);
  }

  /** Names of people the rota names who are not (or no longer) leads, from this workspace only. */
  async function namesOf(workspaceId: string, ids: Iterable<string>): Promise<Map<string, string>> {
    const people = await stores.users.getMany([...new Set(ids)]);
    return new Map(people.filter((p) => p.workspaceId === workspaceId).map((p) => [p.id, p.name]));
  }

  async function renderSettings(
    req: Request,
    res: Response,
    form: {
      values?: RotaFormValues;
      errors?: FieldErrors;
      overrideValues?: OverrideFormValues;
      overrideErrors?: FieldErrors;
    } = {},
  ) {
    const workspaceId = await ownWorkspaceId(req);
    const at = new Date();
    const [rota, leads, overrides, shifts, gaps, now] = await Promise.all([
      stores.rota.get(workspaceId),
      stores.rota.leadsOf(workspaceId),
      stores.rota.listOverrides(workspaceId, at),
      shiftsStartingWithin(workspaceId, SHIFT_WEEKS * 7, at),
      stores.rota.gaps(workspaceId, GAP_WARNING_DAYS, at),
      stores.rota.onCallAt(workspaceId, at),
    ]);
    const timeZone = rota?.timeZone ?? 'UTC';
    const values = form.values ?? rotaFormValuesOf(rota, localDateTime(at, timeZone).date);
    const names = await namesOf(workspaceId, [
      ...values.leads,
      ...overrides.flatMap((o) => (o.leadId ? [o.leadId] : [])),
      ...shifts.flatMap((s) => (s.unavailableLeadId ? [s.unavailableLeadId] : [])),
    ]);
    const errors = form.errors ?? {};
    const overrideErrors = form.overrideErrors ?? {};
    res
      .status(Object.keys(errors).length || Object.keys(overrideErrors).length ? 400 : 200)
      .type('html')
      .send(
        rotaSettingsPage({
          user: req.user!,
          csrfToken: sessionCsrfToken(sessionSecret, req),
          timeZone,
          leads: [...leads.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
          values,
          errors,
          overrideValues: form.overrideValues ?? emptyOverrideValues(),
          overrideErrors,
          overrides,
          shifts,
          shiftWeeks: SHIFT_WEEKS,
          gaps,
          gapDays: GAP_WARNING_DAYS,
          now,
          names,
          saved: req.method === 'GET' && typeof req.query.saved === 'string' ? req.query.saved : undefined,
        }),
      );
  }

  router.get('/settings/rota', coordinatorPage, async (req, res) => {
    await renderSettings(req, res);
  });

  router.post('/settings/rota', coordinatorPage, csrf, async (req, res) => {
    const workspaceId = await ownWorkspaceId(req);
    const values = rotaFormValuesFromBody((req.body ?? {}) as Record<string, unknown>);
    const leads = await stores.rota.leadsOf(workspaceId);
    const { rota, errors } = rotaFromForm(values, new Set(leads.keys()));
    if (!rota) {
      await renderSettings(req, res, { values, errors });
      return;
    }
    await stores.rota.save(workspaceId, rota, req.user!.id);
    res.redirect(303, '/settings/rota?saved=rota');
  });

  router.post('/settings/rota/overrides', coordinatorPage, csrf, async (req, res) => {
    const workspaceId = await ownWorkspaceId(req);
    const values = overrideFormValuesFromBody((req.body ?? {}) as Record<string, unknown>);
    const [rota, leads] = await Promise.all([stores.rota.get(workspaceId), stores.rota.leadsOf(workspaceId)]);
    const { override, errors } = overrideFromForm(values, new Set(leads.keys()), rota?.timeZone ?? 'UTC');
    if (!override) {
      await renderSettings(req, res, { overrideValues: values, overrideErrors: errors });
      return;
    }
    await stores.rota.addOverride(workspaceId, { ...override, createdBy: req.user!.id });
    res.redirect(303, '/settings/rota?saved=override');
  });

  router.post('/settings/rota/overrides/:id/remove', coordinatorPage, csrf, async (req, res) => {
    const workspaceId = await ownWorkspaceId(req);
    // Another workspace's override answers like one that does not exist.
    if (!(await stores.rota.removeOverride(workspaceId, String(req.params.id))))
      throw new NotFound('Override not found');
    res.redirect(303, '/settings/rota?saved=removed');
  });

  router.get('/on-call', requirePageRole('lead', 'coordinator'), async (req, res) => {
    const user = req.user!;
    const workspaceId = await ownWorkspaceId(req);
    const at = new Date();
    const [rota, shifts, gaps, now] = await Promise.all([
      stores.rota.get(workspaceId),
      shiftsStartingWithin(workspaceId, SHIFT_WEEKS * 7, at),
      stores.rota.gaps(workspaceId, GAP_WARNING_DAYS, at),
      stores.rota.onCallAt(workspaceId, at),
    ]);
    res.type('html').send(
      onCallPage({
        user,
        timeZone: rota?.timeZone ?? 'UTC',
        hasRota: !!rota,
        now,
        mine: joinAdjacent(shifts.filter((s) => s.leadId === user.id)),
        weeks: SHIFT_WEEKS,
        gaps,
        gapDays: GAP_WARNING_DAYS,
        at,
      }),
    );
  });

  router.get('/api/workspace/on-call', requireRole('coordinator', 'lead'), async (req, res) => {
    const workspaceId = await ownWorkspaceId(req);
    const days = req.query.days === undefined ? GAP_WARNING_DAYS : Number(req.query.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_API_DAYS) {
      throw new BadRequest('Invalid query', { days: `a whole number of days from 1 to ${MAX_API_DAYS}` });
    }
    const at = new Date();
    const [rota, shifts, gaps, now] = await Promise.all([
      stores.rota.get(workspaceId),
      stores.rota.upcoming(workspaceId, days, at),
      stores.rota.gaps(workspaceId, days, at),
      stores.rota.onCallAt(workspaceId, at),
    ]);
    res.json({
      timeZone: rota?.timeZone ?? null,
      now: { leadId: now.lead?.id ?? null, name: now.lead?.name ?? null, source: now.source },
      upcoming: shifts.map((s) => ({
        leadId: s.leadId,
        name: s.lead?.name ?? null,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        source: s.source,
        ...(s.note ? { note: s.note } : {}),
      })),
      gaps: gaps.map((g) => ({ startsAt: g.startsAt.toISOString(), endsAt: g.endsAt.toISOString() })),
    });
  });

  return router;
}

/** One lead's shifts back to back (an override running into their rotation week) read as one. */
function joinAdjacent(shifts: UpcomingShift[]): UpcomingShift[] {
  const out: UpcomingShift[] = [];
  for (const s of shifts) {
    const last = out[out.length - 1];
    if (last && last.endsAt.getTime() === s.startsAt.getTime()) out[out.length - 1] = { ...last, endsAt: s.endsAt };
    else out.push(s);
  }
  return out;
}

/** The home page's on-call lines: who is on call now, and for coordinators the gap warning (or that there is no rota). */
export async function rotaHomeNotice(stores: Stores, user: User): Promise<SafeHtml> {
  const at = new Date();
  const [rota, now, gaps] = await Promise.all([
    stores.rota.get(user.workspaceId),
    stores.rota.onCallAt(user.workspaceId, at),
    hasRole(user, 'coordinator') ? stores.rota.gaps(user.workspaceId, GAP_WARNING_DAYS, at) : Promise.resolve([]),
  ]);
  return rotaHomeBlock({
    user,
    hasRota: !!rota,
    timeZone: rota?.timeZone ?? 'UTC',
    now,
    gaps,
    gapDays: GAP_WARNING_DAYS,
  });
}
