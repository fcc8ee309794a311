// Care for the carers: a coordinator names a counselor's supervisor and lifts a cool-down early; staff mark a
// supervision check-in done; a counselor asks for one. Every change is a POST with CSRF, and audited.
import { Router, type Request, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { requirePageRole } from '../auth/page-guard';
import { BadRequest, Conflict, NotFound } from '../errors';
import type { CareService } from './service';
import { readSupervisorForm } from './form';

export function careRoutes(deps: { stores: Stores; care: CareService; csrf: RequestHandler }): Router {
  const { stores, care, csrf } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');
  const staff = requirePageRole('coordinator', 'lead');
  const counselor = requirePageRole('counselor');
  const audit = (req: Request, action: string, subjectType: string, subjectId: string, detail = {}) =>
    stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action,
      subjectType,
      subjectId,
      detail,
    });

  async function ownCounselor(req: Request) {
    const profile = await stores.pool.getProfile(req.user!.workspaceId, String(req.params.id));
    if (!profile) throw new NotFound('Counselor not found');
    return profile;
  }

  router.post('/pool/:id/supervisor', coordinator, csrf, async (req, res) => {
    const profile = await ownCounselor(req);
    const { supervisorId } = readSupervisorForm(req.body);
    if (!(await stores.care.setSupervisor(profile.workspaceId, profile.userId, supervisorId))) {
      throw new BadRequest('A supervisor must be a lead or coordinator of this team.');
    }
    await audit(req, 'pool.supervisor-set', 'counselor', profile.userId, { supervisorId });
    res.redirect(303, `/pool/${profile.userId}?done=supervisor#care`);
  });

  router.post('/pool/:id/cool-downs/:coolDownId/lift', coordinator, csrf, async (req, res) => {
    const profile = await ownCounselor(req);
    const cool = await stores.care.getCoolDown(profile.workspaceId, String(req.params.coolDownId));
    if (!cool || cool.counselorId !== profile.userId) throw new NotFound('Cool-down not found');
    if (!(await stores.care.liftCoolDown(profile.workspaceId, cool.id, req.user!.id))) {
      throw new Conflict('This cool-down is already over or lifted.');
    }
    await audit(req, 'cool-down.lifted', 'counselor', profile.userId, { coolDownId: cool.id });
    res.redirect(303, `/pool/${profile.userId}?done=cool-down-lifted#care`);
  });

  router.post('/checkins/:id/done', staff, csrf, async (req, res) => {
    const checkin = await stores.care.getCheckin(String(req.params.id));
    if (!checkin || checkin.workspaceId !== req.user!.workspaceId) throw new NotFound('Check-in not found');
    await care.done(req.user!.workspaceId, checkin, req.user!.id);
    await audit(req, 'supervision.done', 'checkin', checkin.id, { source: checkin.source });
    res.redirect(303, '/tasks?done=task');
  });

  router.post('/me/supervision', counselor, csrf, async (req, res) => {
    const { result, checkin } = await care.ask(req.user!);
    if (result === 'asked') await audit(req, 'supervision.asked', 'checkin', checkin.id);
    res.redirect(303, `/me/offers?notice=supervision-${result}`);
  });

  return router;
}
