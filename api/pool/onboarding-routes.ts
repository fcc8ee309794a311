// Invite-only onboarding. A coordinator invites by email (/pool/invite); the link (/invite/:token) shows a
// form on GET and acts only on POST, once; the new counselor verifies their phone with an SMS code
// (/me/phone) before any dispatch SMS goes to it. There is no other way to make an account.
import { allow, RULES } from '../auth/access-policy';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Stores } from '../../db';
import { CODES_PER_HOUR } from '../../db/stores/onboarding-store';
import { hasRole, parseRoles } from '../../domain/roles';
import type { PoolMessageInput } from '../../workflows/pool-definitions';
import { createEngine } from '../../engine';
import { passwordProblem } from '../../domain/password-rule';
import { csrfTokenFor } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { hashPassword } from '../auth/passwords';
import { cookieOptions, SESSION_COOKIE } from '../auth/sign-in-session';
import { normalizePhone } from '../../domain/phone';
import { NotFound } from '../errors';
import { list, parseLanguages, str, type FieldErrors } from './form';
import { parseImport } from './import';
import { importPage } from './import-view';
import { acceptInvitePage, invitePage, inviteGonePage, phonePage } from './onboarding-view';

export interface OnboardingDeps {
  stores: Stores;
  temporal: Client;
  taskQueue: string;
  csrf: RequestHandler;
  sessionSecret: string;
  secureCookies: boolean;
  log: (msg: string) => void;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function onboardingRoutes(deps: OnboardingDeps): Router {
  const { stores, csrf, sessionSecret } = deps;
  const engine = createEngine(deps.temporal, deps.taskQueue);
  const router = Router();
  const coordinator = requirePageRole('coordinator');
  const counselor = requirePageRole('counselor');
  const tokenOf = (req: Request) => csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]);
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
    const values = {
      name: str(req.body?.name),
      email: str(req.body?.email).toLowerCase(),
      roles: list(req.body?.roles),
    };
    const errors: FieldErrors = {};
    // The form marks that it showed the roles (none ticked is then a mistake); a caller that sends no roles at all
    // invites a counselor, as before roles were asked.
    const roles =
      req.body?.rolesShown || values.roles.length ? parseRoles(values.roles) : { roles: ['counselor' as const] };
    if ('error' in roles) errors.roles = roles.error;
    if (!values.name || values.name.length > 100) errors.name = 'Enter their name (up to 100 characters).';
    if (!EMAIL_RE.test(values.email) || values.email.length > 254) errors.email = 'Enter a valid email address.';
    else {
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
      roles: 'roles' in roles ? roles.roles : ['counselor'],
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
    return parseImport(csv, vocabulary, await stores.onboarding.takenEmails(emails));
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
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      name: str(body.name),
      phone: str(body.phone),
      languages: str(body.languages),
      specialisms: list(body.specialisms),
      livedExperience: list(body.livedExperience),
    };
    const errors: FieldErrors = {};
    const password = typeof body.password === 'string' ? body.password : '';
    if (!values.name || values.name.length > 100) errors.name = 'Enter your name (up to 100 characters).';
    const weak = passwordProblem(password, [invitation.email, values.name]);
    if (weak) errors.password = weak;
    else if (body.password2 !== password) errors.password2 = 'The two passwords differ.';
    const phone = normalizePhone(values.phone);
    if (!phone) errors.phone = 'Enter your mobile number with its country code, like +372 5123 4567.';
    // A profile only for those who will counsel; staff who do not counsel are never matched.
    const counsels = invitation.roles.includes('counselor');
    const languages = parseLanguages(values.languages);
    if (counsels) {
      if (languages.error) errors.languages = languages.error;
      if (values.specialisms.length === 0) errors.specialisms = 'Choose at least one specialism.';
      else if (values.specialisms.some((s) => !(s in vocabulary.specialisms)))
        errors.specialisms = 'Choose from the list.';
      if (values.livedExperience.some((s) => !(s in vocabulary.livedExperience)))
        errors.livedExperience = 'Choose from the list.';
    }
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
            languages: languages.codes,
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
    const sid = await stores.sessions.create(user.id);
    res.cookie(SESSION_COOKIE, sid, cookieOptions(deps.secureCookies));
    res.redirect(303, hasRole(user, 'counselor') ? '/me/phone' : '/');
  });

  // ---- phone verification ---------------------------------------------------------------------------------------

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
    const code = str(req.body?.code);
    if (!/^\d{6}$/.test(code)) {
      await renderPhone(req, res, 400, { errors: { code: 'Enter the 6 digits from the SMS.' } });
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
    const values = { phone: str(req.body?.phone) };
    const phone = normalizePhone(values.phone);
    if (!phone) {
      await renderPhone(req, res, 400, {
        values,
        errors: { phone: 'Enter your mobile number with its country code, like +372 5123 4567.' },
      });
      return;
    }
    await stores.onboarding.changePhone(req.user!.id, phone);
    res.redirect(303, '/me/phone?done=phone-changed');
  });

  return router;
}
