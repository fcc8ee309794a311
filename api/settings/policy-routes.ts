// The workspace's dispatch policy: JSON for tools, a form for people. Coordinators only; nothing invalid is saved.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { withDefaults } from '../../domain/policy';
import { csrfTokenFor } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { requireRole, SESSION_COOKIE } from '../auth/sign-in-session';
import { NotFound } from '../errors';
import { formValuesFromBody, formValuesOf, policyFromForm, policyFromJson, type PolicyFormValues } from './policy-form';
import { policyPage } from './policy-view';

export function policySettingsRoutes(deps: {
  stores: Stores;
  csrf: RequestHandler;
  sessionSecret: string;
  /** False for an email-only deployment (no Twilio account): SMS waves are skipped, so none is offered. */
  smsEnabled?: boolean;
}): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();

  async function ownWorkspace(req: Request) {
    const workspace = await stores.workspaces.getById(req.user!.workspaceId);
    if (!workspace) throw new NotFound('Workspace not found');
    return workspace;
  }

  router.get('/api/workspace/policy', requireRole('coordinator'), async (req, res) => {
    const workspace = await ownWorkspace(req);
    res.json({ policy: withDefaults(workspace.dispatchPolicy) });
  });

  /** The whole policy: fields left out take the defaults. Invalid → 400 with every problem, nothing saved. */
  router.put('/api/workspace/policy', requireRole('coordinator'), csrf, async (req, res) => {
    const workspace = await ownWorkspace(req);
    const { policy, problems } = policyFromJson(req.body);
    if (problems.length) {
      res.status(400).json({ error: 'Invalid dispatch policy: nothing was saved', problems });
      return;
    }
    await stores.workspaces.updatePolicy(workspace.id, policy);
    res.json({ policy });
  });

  const page = requirePageRole('coordinator');
  const send = (req: Request, res: Response, values: PolicyFormValues, errors: Record<string, string> = {}) =>
    res
      .status(Object.keys(errors).length ? 400 : 200)
      .type('html')
      .send(
        policyPage({
          user: req.user!,
          values,
          errors,
          csrfToken: csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]),
          saved: req.method === 'GET' && req.query.saved === '1',
          smsEnabled: deps.smsEnabled ?? true,
        }),
      );

  router.get('/settings/policy', page, async (req, res) => {
    const workspace = await ownWorkspace(req);
    send(req, res, formValuesOf(withDefaults(workspace.dispatchPolicy)));
  });

  router.post('/settings/policy', page, csrf, async (req, res) => {
    const workspace = await ownWorkspace(req);
    const values = formValuesFromBody((req.body ?? {}) as Record<string, unknown>);
    if (req.body?.action === 'add-wave') {
      // The page adds one empty row after what was sent (up to MAX_WAVE_ROWS): nothing is saved.
      send(req, res, values);
      return;
    }
    const { policy, problems } = policyFromForm(values, withDefaults(workspace.dispatchPolicy));
    if (problems.length) {
      // Trailing empty rows go (the page adds its spare one back); rows before them keep their numbers.
      while (values.waves.length && isBlank(values.waves[values.waves.length - 1])) values.waves.pop();
      const errors: Record<string, string> = {};
      for (const p of problems) errors[p.field] ??= p.message;
      send(req, res, values, errors);
      return;
    }
    await stores.workspaces.updatePolicy(workspace.id, policy);
    res.redirect(303, '/settings/policy?saved=1');
  });

  return router;
}

const isBlank = (w: { channel: string; wait: string; urgentWait: string }) => !w.channel && !w.wait && !w.urgentWait;
