// The workspace's dispatch policy: JSON for tools, a form for people. Coordinators only; nothing invalid is saved.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { withDefaults, type DispatchPolicy } from '../../domain/policy';
import { POLICY_CHANGED, policyChangeDetail } from '../../domain/spread-comparison';
import { unknownCoolDownTopics } from '../../domain/care';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { requireRole } from '../auth/sign-in-session';
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

  // Audited so the metrics can compare the spread before and after the head start was switched on (and so a
  // coordinator can see who changed the dispatch). Field names and the head start only: no personal data.
  async function auditPolicyChange(req: Request, before: unknown, after: DispatchPolicy) {
    const was = withDefaults(before);
    await stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action: POLICY_CHANGED,
      subjectType: 'workspace',
      subjectId: req.user!.workspaceId,
      detail: policyChangeDetail(was, after),
    });
  }

  router.get('/api/workspace/policy', requireRole('coordinator'), async (req, res) => {
    const workspace = await ownWorkspace(req);
    res.json({ policy: withDefaults(workspace.dispatchPolicy) });
  });

  /** The whole policy: fields left out take the defaults. Invalid → 400 with every problem, nothing saved. */
  /** The team's topic codes and labels (built-in and its own words): what a cool-down may also hold. */
  async function teamTopics(workspaceId: string) {
    const { specialisms } = await stores.pool.vocabulary(workspaceId);
    return Object.entries(specialisms).map(([code, label]) => ({ code, label }));
  }

  router.put('/api/workspace/policy', requireRole('coordinator'), csrf, async (req, res) => {
    const workspace = await ownWorkspace(req);
    const parsed = policyFromJson(req.body);
    const { policy } = parsed;
    const codes = (await teamTopics(workspace.id)).map((t) => t.code);
    const problems = [
      ...parsed.problems,
      ...(parsed.problems.length ? [] : unknownCoolDownTopics(policy.coolDownAlsoHolds, codes)),
    ];
    if (problems.length) {
      res.status(400).json({ error: 'Invalid dispatch policy: nothing was saved', problems });
      return;
    }
    await stores.workspaces.updatePolicy(workspace.id, policy);
    await auditPolicyChange(req, workspace.dispatchPolicy, policy);
    res.json({ policy });
  });

  const page = requirePageRole('coordinator');
  const send = async (req: Request, res: Response, values: PolicyFormValues, errors: Record<string, string> = {}) =>
    res
      .status(Object.keys(errors).length ? 400 : 200)
      .type('html')
      .send(
        policyPage({
          user: req.user!,
          values,
          errors,
          csrfToken: sessionCsrfToken(sessionSecret, req),
          saved: req.method === 'GET' && req.query.saved === '1',
          smsEnabled: deps.smsEnabled ?? true,
          topics: await teamTopics(req.user!.workspaceId),
        }),
      );

  router.get('/settings/policy', page, async (req, res) => {
    const workspace = await ownWorkspace(req);
    await send(req, res, formValuesOf(withDefaults(workspace.dispatchPolicy)));
  });

  router.post('/settings/policy', page, csrf, async (req, res) => {
    const workspace = await ownWorkspace(req);
    const values = formValuesFromBody((req.body ?? {}) as Record<string, unknown>);
    if (req.body?.action === 'add-wave') {
      // The page adds one empty row after what was sent (up to MAX_WAVE_ROWS): nothing is saved.
      await send(req, res, values);
      return;
    }
    const { policy, problems } = policyFromForm(values, withDefaults(workspace.dispatchPolicy));
    const codes = (await teamTopics(workspace.id)).map((t) => t.code);
    for (const message of unknownCoolDownTopics(policy.coolDownAlsoHolds, codes)) {
      problems.push({ field: 'coolDownAlsoHolds', message: message.replace(/^coolDownAlsoHolds: /, '') });
    }
    if (problems.length) {
      // Trailing empty rows go (the page adds its spare one back); rows before them keep their numbers.
      while (values.waves.length && isBlank(values.waves[values.waves.length - 1])) values.waves.pop();
      const errors: Record<string, string> = {};
      for (const p of problems) errors[p.field] ??= p.message;
      await send(req, res, values, errors);
      return;
    }
    await stores.workspaces.updatePolicy(workspace.id, policy);
    await auditPolicyChange(req, workspace.dispatchPolicy, policy);
    res.redirect(303, '/settings/policy?saved=1');
  });

  return router;
}

const isBlank = (w: { channel: string; wait: string; urgentWait: string }) => !w.channel && !w.wait && !w.urgentWait;
