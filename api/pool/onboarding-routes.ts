// Invite-only onboarding. A coordinator invites by email (/pool/invite); the link (/invite/:token) shows a
// form on GET and acts only on POST, once; the new counselor verifies their phone with an SMS code
// (/me/phone) before any dispatch SMS goes to it. There is no other way to make an account.
import { setUpBeforeSession } from '../auth/two-step-setup-routes';
import { teamCountryOf } from '../phone-country';
import { allow, RULES } from '../auth/access-policy';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { CODES_PER_HOUR } from '../../db/stores/onboarding-store';
import { hasRole } from '../../domain/roles';
import type { PoolMessageInput } from '../../workflows/pool-definitions';
import type { Engine } from '../../engine';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { hashPassword } from '../auth/passwords';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { setAuthCookie } from '../auth/cookie-names';
import { NotFound } from '../errors';
import { readInviteForm, type FieldErrors } from './form';
import { checkPhoneCodeForm, checkPhoneForm, checkSignUpForm } from './onboarding-form';
import { parseImport } from './import';
import { importPage } from './import-view';
import { acceptInvitePage, invitePage, inviteGonePage, phonePage } from './onboarding-view';

export interface OnboardingDeps {
  stores: Stores;
  engine: Engine;
  csrf: RequestHandler;
  sessionSecret: string;
  secureCookies: boolean;
  log: (msg: string) => void;
  /** False: no SMS channel in this deployment, so no phone to verify (the pages answer 404). */
  smsEnabled?: boolean;
}

export function onboardingRoutes(deps: OnboardingDeps): Router {
  const { stores, csrf, sessionSecret, engine } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');
  const counselor = requirePageRole('counselor');
  const tokenOf = (req: Request) => sessionCsrfToken(sessionSecret, req);
  const done = (req: Request) => (typeof req.query.done === 'string' ? req.query.done : undefined);

  /** Hands the message to the engine; false when it cannot be reached (the caller undoes its write). */
  async function send(input: PoolMessageInput): Promise<boolean> {
    try {
      await engine.startPoolMessage(input);
      return true;
    } catch (err) {
      deps.log(`onboarding: could not start ${input.kind} ${input.id}: ${(err as Error).name}`);
      return false;
    }
  }

  // ---- the coordinator invites ------------------------------------------------------------------------------------

  async function renderInvite(
    req: Request,
    res: Response,
    status = 200,
    form: Omit<Parameters<typeof invitePage>[0], 'user' | 'invitations' | 'csrfToken'> = {},
  ) {
    const invitations = await stores.onboarding.listOpen(req.user!.workspaceId);
    res
      .status(status)
      .type('html')
      .send(
        invitePage({
          user: req.user!,
          invitations,
          csrfToken: tokenOf(req),
          done: status === 200 ? done(req) : undefined,
          ...form,
        }),
      );
  }

  router.get('/pool/invite', coordinator, async (req, res) => {
    await renderInvite(req, res);
  });

  router.post('/pool/invite', coordinator, csrf, async (req, res) => {
    const { values, roles, errors } = readInviteForm(req.body);
    if (!errors.email) {
      const taken = await stores.onboarding.emailTaken(values.email, req.user!.workspaceId);
      if (taken === 'user') errors.email = 'Someone already has an account with this email.';
      if (taken === 'invited') errors.email = 'This email already has an open invitation.';
    }
    if (Object.keys(errors).length) {
      await renderInvite(req, res, 400, { errors, values });
      return;
    }
    const invitation = await stores.onboarding.createInvitation({
      workspaceId: req.user!.workspaceId,
      email: values.email,
      name: values.name,
      invitedBy: req.user!.id,
      roles,
    });
    if (!(await send({ kind: 'invite', id: invitation.id }))) {
      await stores.onboarding.deleteInvitation(invitation.id);
      await renderInvite(req, res, 503, {
        values,
        message: 'The invitation could not be sent just now. Please try again.',
      });
      return;
    }
    await stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action: 'pool.invited',
      subjectType: 'invitation',
      subjectId: invitation.id,
      detail: { roles: invitation.roles },
    });
    res.redirect(303, '/pool/invite?done=invited');
  });

  // An invitation whose email could not be sent, or that expired unused: another week and a fresh link.
  router.post('/pool/invite/:id/resend', coordinator, csrf, async (req, res) => {
    const invitation = await stores.onboarding.renewInvitation(req.user!.workspaceId, String(req.params.id));
    if (!invitation) throw new NotFound('This invitation does not exist or has been used.');
    if (!(await send({ kind: 'invite', id: invitation.id, round: invitation.expiresAt.getTime() }))) {
      await renderInvite(req, res, 503, { message: 'The invitation could not be sent just now. Please try again.' });
      return;
    }
    await stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action: 'pool.invite_resent',
      subjectType: 'invitation',
      subjectId: invitation.id,
    });
    res.redirect(303, '/pool/invite?done=resent');
  });

  // ---- CSV import (before /pool/:id) ---------------------------------------------------------------------------

  async function previewOf(req: Request, csv: string) {
    const vocabulary = await stores.pool.vocabulary(req.user!.workspaceId);
    const emails = csv.split(/[\s,;"]+/).filter((w) => w.includes('@'));
    return parseImport(
      csv,
      vocabulary,
      await stores.onboarding.takenEmails(emails, req.user!.workspaceId),
      await teamCountryOf(stores, req.user!.workspaceId),
    );
  }

  router.get('/pool/import', coordinator, (req, res) => {
    res.type('html').send(importPage({ user: req.user!, csrfToken: tokenOf(req), csv: '' }));
  });

  // The preview writes nothing.
  router.post('/pool/import', coordinator, csrf, async (req, res) => {
    const csv = typeof req.body?.csv === 'string' ? req.body.csv : '';
    const result = await previewOf(req, csv);
    res
      .status(result.fileError ? 400 : 200)
      .type('html')
      .send(importPage({ user: req.user!, csrfToken: tokenOf(req), csv, result }));
  });

  // Checked again on confirmation (the pool may have changed since the preview): only good rows, all at once.
  router.post('/pool/import/confirm', coordinator, csrf, async (req, res) => {
    const csv = typeof req.body?.csv === 'string' ? req.body.csv : '';
    const result = await previewOf(req, csv);
    const good = result.rows.flatMap((r) => (r.counselor ? [r.counselor] : []));
    if (result.fileError || good.length === 0) {
      res
        .status(400)
        .type('html')
        .send(importPage({ user: req.user!, csrfToken: tokenOf(req), csv, result, message: 'Nothing to import.' }));
      return;
    }
    let invitationIds: string[];
    try {
      invitationIds = await stores.onboarding.importCounselors(req.user!.workspaceId, req.user!.id, good);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      res
        .status(409)
        .type('html')
        .send(
          importPage({
            user: req.user!,
            csrfToken: tokenOf(req),
            csv,
            result: await previewOf(req, csv),
            message: 'Someone was added meanwhile: nothing was imported. Check the preview again.',
          }),
        );
      return;
    }
    let unsent = 0;
    for (const id of invitationIds) if (!(await send({ kind: 'invite', id }))) unsent += 1;
    await stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action: 'pool.imported',
      subjectType: 'workspace',
      subjectId: req.user!.workspaceId,
      detail: { imported: invitationIds.length, leftOut: result.rows.length - good.length },
    });
    res.type('html').send(
      importPage({
        user: req.user!,
        csrfToken: tokenOf(req),
        csv: '',
        done: { imported: invitationIds.length, unsent },
      }),
    );
  });

  // ---- the invitee accepts ----------------------------------------------------------------------------------------

  // A link scanner's GET only ever sees the form.
  router.get('/invite/:token', allow(RULES.linkToken), async (req, res) => {
    const invitation = await stores.onboarding.findOpenByToken(String(req.params.token));
    if (!invitation) {
      res.status(410).type('html').send(inviteGonePage());
      return;
    }
    const vocabulary = await stores.pool.vocabulary(invitation.workspaceId);
    // An imported counselor starts from what the coordinator's file said about them.
    const userId = await stores.onboarding.invitedUserId(invitation.id);
    const profile = userId ? await stores.pool.getProfile(invitation.workspaceId, userId) : undefined;
    const values = profile && {
      name: profile.name,
      phone: profile.phone ?? '',
      languages: profile.languages.join(', '),
      specialisms: profile.specialisms,
      livedExperience: profile.livedExperience,
    };
    res.type('html').send(acceptInvitePage({ invitation, token: String(req.params.token), vocabulary, values }));
  });

  router.post('/invite/:token', allow(RULES.linkToken), async (req, res) => {
    const token = String(req.params.token);
    const invitation = await stores.onboarding.findOpenByToken(token);
    if (!invitation) {
      res.status(410).type('html').send(inviteGonePage());
      return;
    }
    const vocabulary = await stores.pool.vocabulary(invitation.workspaceId);
    const country = await teamCountryOf(stores, invitation.workspaceId);
    // A profile only for those who will counsel; staff who do not counsel are never matched.
    const counsels = invitation.roles.includes('counselor');
    const { values, password, phone, languages, errors } = checkSignUpForm(req.body, {
      email: invitation.email,
      country,
      counsels,
      vocabulary,
    });
    if (Object.keys(errors).length) {
      res.status(400).type('html').send(acceptInvitePage({ invitation, token, vocabulary, errors, values }));
      return;
    }
    const user = await stores.onboarding.acceptInvitation(token, {
      name: values.name,
      passwordHash: await hashPassword(password),
      phone: phone!,
      profile: counsels
        ? {
            languages,
            specialisms: values.specialisms,
            livedExperience: values.livedExperience,
            // The coordinator records the training tiers; until then the new counselor is not live.
            trainingComplete: false,
          }
        : undefined,
    });
    if (user === 'gone') {
      res.status(410).type('html').send(inviteGonePage());
      return;
    }
    if (user === 'email-taken') {
      res
        .status(409)
        .type('html')
        .send(
          acceptInvitePage({
            invitation,
            token,
            vocabulary,
            values,
            errors: { name: 'An account with this email already exists: sign in instead.' },
          }),
        );
      return;
    }
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'pool.invitation-accepted',
      subjectType: 'invitation',
      subjectId: invitation.id,
    });
    // Whoever must have two-step sign-in sets it up before their first session.
    if (await setUpBeforeSession(res, { stores, secureCookies: deps.secureCookies }, user)) return;
    const sid = await stores.signInSessions.create(user.id);
    setAuthCookie(res, SESSION_COOKIE, sid, deps.secureCookies);
    res.redirect(303, hasRole(user, 'counselor') && deps.smsEnabled !== false ? '/me/phone' : '/');
  });

  // ---- phone verification ---------------------------------------------------------------------------------------

  // A team on email alone verifies no phone: the pages are not there.
  router.use('/me/phone', (_req, _res, next) => next(deps.smsEnabled === false ? 'router' : undefined));

  async function renderPhone(
    req: Request,
    res: Response,
    status = 200,
    form: { errors?: FieldErrors; values?: Record<string, string>; message?: string } = {},
  ) {
    const user = (await stores.users.getById(req.user!.id))!;
    const profile = await stores.pool.getProfile(user.workspaceId, user.id);
    res
      .status(status)
      .type('html')
      .send(
        phonePage({
          user: req.user!,
          phone: user.phone,
          verified: profile?.phoneVerified ?? false,
          csrfToken: tokenOf(req),
          done: status === 200 ? done(req) : undefined,
          ...form,
        }),
      );
  }

  router.get('/me/phone', counselor, async (req, res) => {
    await renderPhone(req, res);
  });

  router.post('/me/phone/send', counselor, csrf, async (req, res) => {
    if ((await stores.onboarding.codesLastHour(req.user!.id)) >= CODES_PER_HOUR) {
      await renderPhone(req, res, 429, { message: 'Too many codes asked for: please wait an hour and try again.' });
      return;
    }
    const id = await stores.onboarding.startPhoneVerification(req.user!.id);
    if (!id) {
      await renderPhone(req, res, 400, { message: 'Add a phone number first.' });
      return;
    }
    if (!(await send({ kind: 'phone-code', id }))) {
      await renderPhone(req, res, 503, { message: 'The code could not be sent just now. Please try again.' });
      return;
    }
    res.redirect(303, '/me/phone?done=code-sent');
  });

  const CODE_MESSAGES: Record<string, string> = {
    wrong: 'That code is not right. Check the SMS and try again.',
    expired: 'That code has expired. Send yourself a new one.',
    'too-many': 'Too many wrong tries for this code. Send yourself a new one.',
    none: 'Send yourself a code first.',
  };

  router.post('/me/phone/verify', counselor, csrf, async (req, res) => {
    const { code, errors } = checkPhoneCodeForm(req.body);
    if (errors.code) {
      await renderPhone(req, res, 400, { errors });
      return;
    }
    const result = await stores.onboarding.checkPhoneCode(req.user!.id, code);
    if (result !== 'verified') {
      await renderPhone(req, res, 400, { errors: { code: CODE_MESSAGES[result] } });
      return;
    }
    await stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action: 'pool.phone-verified',
      subjectType: 'counselor',
      subjectId: req.user!.id,
    });
    res.redirect(303, '/me/phone?done=verified');
  });

  router.post('/me/phone', counselor, csrf, async (req, res) => {
    const { values, phone, errors } = checkPhoneForm(req.body, await teamCountryOf(stores, req.user!.workspaceId));
    if (!phone) {
      await renderPhone(req, res, 400, { values, errors });
      return;
    }
    await stores.onboarding.changePhone(req.user!.id, phone);
    res.redirect(303, '/me/phone?done=phone-changed');
  });

  return router;
}
