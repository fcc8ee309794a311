// The pool pages: coordinators see and edit every counselor of their workspace (/pool, /pool/:id); a
// counselor sets their own availability (/me/availability). A counselor of another workspace is a 404.
// A good form answers 303 back to its page with ?done=…; a bad one shows the page again with the errors (400).
import { teamCountryOf } from '../phone-country';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { poolHealth, type CounselorProfile, type Stores, type User } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { NotFound } from '../errors';
import {
  parseAvailability,
  parseAway,
  parseCertification,
  parseCoordinatorProfile,
  parsePauseReason,
  parseRequiredSupervised,
  parseSignoff,
  readWordForm,
  otherPageLanguages,
  str,
} from './form';
import { LANGUAGES } from '../../domain/vocabulary';
import { coverageLanguages, coverageMatrix } from './coverage';
import { coveragePage } from './coverage-view';
import { healthSection } from './health-view';
import { careProfileSection } from '../care/view';
import { availabilityPage, poolPage, profilePage, type FormState } from './view';
import { flagText } from '../../notifications/catalogue';

export interface PoolRouteDeps {
  stores: Stores;
  csrf: RequestHandler;
  sessionSecret: string;
  /** False: no SMS channel in this deployment (phone verification and SMS choices are hidden). */
  smsEnabled?: boolean;
}

const EXPIRY_WARNING_DAYS = 30;

export function poolRoutes(deps: PoolRouteDeps): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');
  const counselor = requirePageRole('counselor');
  const tokenOf = (req: Request) => sessionCsrfToken(sessionSecret, req);
  const done = (req: Request) => (typeof req.query.done === 'string' ? req.query.done : undefined);
  const audit = (req: Request, action: string, subjectId: string, detail: Record<string, unknown> = {}) =>
    stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action,
      subjectType: 'counselor',
      subjectId,
      detail,
    });

  // ---- /pool --------------------------------------------------------------------------------------------------

  async function renderPool(req: Request, res: Response, status = 200, state?: FormState) {
    const ws = req.user!.workspaceId;
    const [rows, expiring, vocabulary, requiredSupervised, histories, reachedOut, teamWords, board, [me]] =
      await Promise.all([
        stores.matching.poolStatus(ws),
        stores.pool.expiringWithin(ws, EXPIRY_WARNING_DAYS),
        stores.pool.vocabulary(ws),
        stores.pool.requiredSupervised(ws),
        stores.health.histories(ws, new Date()),
        stores.reachOuts.latest(ws, new Date()),
        stores.pool.teamWords(ws),
        stores.board.settings(ws),
        // The flags in the coordinator's own language, as the digest words them.
        stores.users.getReachability([req.user!.id]),
      ]);
    // Pool health on demand: the same rules the daily digest applies.
    const health = poolHealth(histories, new Date());
    res
      .status(status)
      .type('html')
      .send(
        poolPage({
          user: req.user!,
          rows,
          flags: new Map(
            [...health.flags].map(([id, flags]) => [
              id,
              flags.map((f) => ({
                text: flagText(f, me?.language ?? 'en'),
                kind: f.kind,
                reachedOut: reachedOut.get(`${id}:${f.kind}`),
              })),
            ]),
          ),
          extra: healthSection(health.figures),
          expiring,
          vocabulary,
          teamWords,
          wordLanguages: otherPageLanguages(board.pageLanguages),
          requiredSupervised,
          csrfToken: tokenOf(req),
          done: status === 200 ? done(req) : undefined,
          state,
        }),
      );
  }

  router.get('/pool', coordinator, async (req, res) => {
    await renderPool(req, res);
  });

  router.post('/pool/settings', coordinator, csrf, async (req, res) => {
    const values = { requiredSupervised: str(req.body?.requiredSupervised) };
    const parsed = parseRequiredSupervised(values.requiredSupervised);
    if (parsed.error) {
      await renderPool(req, res, 400, { form: 'settings', errors: { requiredSupervised: parsed.error }, values });
      return;
    }
    await stores.pool.setRequiredSupervised(req.user!.workspaceId, parsed.value!);
    await stores.audit.record({
      workspaceId: req.user!.workspaceId,
      actorId: req.user!.id,
      action: 'pool.settings',
      subjectType: 'workspace',
      subjectId: req.user!.workspaceId,
      detail: { requiredSupervised: parsed.value },
    });
    res.redirect(303, '/pool?done=settings');
  });

  // Adds a word with its labels in the team's other page languages; the same English name again (the row of a word
  // the team added) sets those labels instead, so words added before the translations existed can get them.
  router.post('/pool/vocabulary', coordinator, csrf, async (req, res) => {
    const ws = req.user!.workspaceId;
    const languages = otherPageLanguages((await stores.board.settings(ws)).pageLanguages);
    const { kind, code, label, update, labels, values, errors } = readWordForm(req.body, languages);
    const form = update ? `word-${kind}-${code}` : 'word';
    if (Object.keys(errors).length) {
      await renderPool(req, res, 400, { form, errors, values });
      return;
    }
    if (await stores.pool.addVocabulary(ws, kind, code, label, labels)) {
      res.redirect(303, '/pool?done=word-added');
      return;
    }
    if (update && (await stores.pool.setVocabularyLabels(ws, kind, code, labels))) {
      res.redirect(303, '/pool?done=word-labels');
      return;
    }
    await renderPool(req, res, 400, { form, errors: { label: 'That is already on the list.' }, values });
  });

  // ---- /pool/coverage (before /pool/:id) ---------------------------------------------------------------------

  router.get('/pool/coverage', coordinator, async (req, res) => {
    const ws = req.user!.workspaceId;
    const [pool, vocabulary] = await Promise.all([stores.matching.poolStatus(ws), stores.pool.vocabulary(ws)]);
    const languages = coverageLanguages(pool, Object.keys(LANGUAGES));
    res.type('html').send(
      coveragePage({
        user: req.user!,
        specialisms: coverageMatrix(pool, languages, Object.keys(vocabulary.specialisms), (c) => c.specialisms),
        lived: coverageMatrix(pool, languages, Object.keys(vocabulary.livedExperience), (c) => c.livedExperience),
        labels: vocabulary,
        available: pool.filter((c) => c.reasons.length === 0).length,
        total: pool.length,
      }),
    );
  });

  // ---- /pool/:id ------------------------------------------------------------------------------------------------

  async function ownCounselor(req: Request): Promise<CounselorProfile> {
    const profile = await stores.pool.getProfile(req.user!.workspaceId, String(req.params.id));
    if (!profile) throw new NotFound('Counselor not found');
    return profile;
  }

  async function statusOf(profile: CounselorProfile) {
    return (await stores.matching.poolStatus(profile.workspaceId)).find((s) => s.userId === profile.userId);
  }

  async function renderProfile(
    req: Request,
    res: Response,
    profile: CounselorProfile,
    status = 200,
    state?: FormState,
  ) {
    const [vocabulary, pauses, poolStatus, care] = await Promise.all([
      stores.pool.vocabulary(profile.workspaceId),
      stores.pauses.openFor(profile.userId),
      statusOf(profile),
      careProfileSection(stores, profile, req.user!, tokenOf(req)),
    ]);
    res
      .status(status)
      .type('html')
      .send(
        profilePage({
          user: req.user!,
          profile,
          status: poolStatus,
          pauses,
          vocabulary,
          csrfToken: tokenOf(req),
          done: status === 200 ? done(req) : undefined,
          state,
          extra: care,
          smsEnabled: deps.smsEnabled ?? true,
        }),
      );
  }

  router.get('/pool/:id', coordinator, async (req, res) => {
    await renderProfile(req, res, await ownCounselor(req));
  });

  router.post('/pool/:id/profile', coordinator, csrf, async (req, res) => {
    const profile = await ownCounselor(req);
    const vocabulary = await stores.pool.vocabulary(profile.workspaceId);
    const { changes, contact, errors, values } = parseCoordinatorProfile(
      req.body ?? {},
      vocabulary,
      await teamCountryOf(stores, req.user!.workspaceId),
    );
    if (Object.keys(errors).length) {
      await renderProfile(req, res, profile, 400, { form: 'profile', errors, values });
      return;
    }
    await stores.pool.saveCoordinatorEdit(profile.workspaceId, profile.userId, contact, changes);
    await audit(req, 'pool.profile-updated', profile.userId, { fields: Object.keys(changes) });
    res.redirect(303, `/pool/${profile.userId}?done=saved`);
  });

  router.post('/pool/:id/signoffs', coordinator, csrf, async (req, res) => {
    const profile = await ownCounselor(req);
    const { sessionOn, errors, values } = parseSignoff(req.body ?? {});
    if (!sessionOn) {
      await renderProfile(req, res, profile, 400, { form: 'signoff', errors, values });
      return;
    }
    await stores.pool.signOffSupervised(profile.workspaceId, profile.userId, { sessionOn, signedOffBy: req.user!.id });
    await audit(req, 'pool.supervised-signed-off', profile.userId, { sessionOn });
    res.redirect(303, `/pool/${profile.userId}?done=signed-off`);
  });

  router.post('/pool/:id/signoffs/:itemId/remove', coordinator, csrf, async (req, res) => {
    const profile = await ownCounselor(req);
    if (!(await stores.pool.removeSignoff(profile.workspaceId, profile.userId, String(req.params.itemId))))
      throw new NotFound('Sign-off not found');
    await audit(req, 'pool.supervised-signoff-removed', profile.userId);
    res.redirect(303, `/pool/${profile.userId}?done=signoff-removed`);
  });

  router.post('/pool/:id/certifications', coordinator, csrf, async (req, res) => {
    const profile = await ownCounselor(req);
    const { certification, errors, values } = parseCertification(req.body ?? {});
    if (!certification) {
      await renderProfile(req, res, profile, 400, { form: 'cert', errors, values });
      return;
    }
    await stores.pool.addCertification(profile.workspaceId, profile.userId, certification);
    await audit(req, 'pool.certification-added', profile.userId, { expiresOn: certification.expiresOn });
    res.redirect(303, `/pool/${profile.userId}?done=cert-added`);
  });

  router.post('/pool/:id/certifications/:itemId/remove', coordinator, csrf, async (req, res) => {
    const profile = await ownCounselor(req);
    if (!(await stores.pool.removeCertification(profile.workspaceId, profile.userId, String(req.params.itemId))))
      throw new NotFound('Certification not found');
    await audit(req, 'pool.certification-removed', profile.userId);
    res.redirect(303, `/pool/${profile.userId}?done=cert-removed`);
  });

  // Away periods and pauses: the same handlers for a coordinator (on /pool/:id) and the counselor (on /me).
  function availabilityActions(
    prefix: string,
    guard: RequestHandler,
    who: (req: Request) => Promise<CounselorProfile>,
    render: (req: Request, res: Response, p: CounselorProfile, status: number, state: FormState) => Promise<void>,
    pageOf: (p: CounselorProfile) => string,
    self: boolean,
  ) {
    router.post(`${prefix}/away`, guard, csrf, async (req, res) => {
      const profile = await who(req);
      const { away, errors, values } = parseAway(req.body ?? {});
      if (!away) {
        await render(req, res, profile, 400, { form: 'away', errors, values });
        return;
      }
      await stores.pool.addAway(profile.workspaceId, profile.userId, away);
      await audit(req, 'pool.away-added', profile.userId, away);
      res.redirect(303, `${pageOf(profile)}?done=away-added`);
    });
    router.post(`${prefix}/away/:itemId/remove`, guard, csrf, async (req, res) => {
      const profile = await who(req);
      if (!(await stores.pool.removeAway(profile.workspaceId, profile.userId, String(req.params.itemId))))
        throw new NotFound('Away period not found');
      await audit(req, 'pool.away-removed', profile.userId);
      res.redirect(303, `${pageOf(profile)}?done=away-removed`);
    });
    router.post(`${prefix}/pause`, guard, csrf, async (req, res) => {
      const profile = await who(req);
      const { reason, errors, values } = parsePauseReason(req.body ?? {}, self ? 'paused by themselves' : undefined);
      if (!reason) {
        await render(req, res, profile, 400, { form: 'pause', errors, values });
        return;
      }
      await stores.pauses.pause({
        workspaceId: profile.workspaceId,
        counselorId: profile.userId,
        source: self ? 'self' : 'coordinator',
        reason,
        createdBy: req.user!.id,
      });
      await audit(req, 'pool.paused', profile.userId, { source: self ? 'self' : 'coordinator' });
      res.redirect(303, `${pageOf(profile)}?done=paused`);
    });
    router.post(`${prefix}/pauses/:itemId/lift`, guard, csrf, async (req, res) => {
      const profile = await who(req);
      // A counselor lifts only pauses they set; nobody lifts a debrief's pause here (the debrief does).
      const pause = (await stores.pauses.openFor(profile.userId)).find((p) => p.id === String(req.params.itemId));
      if (!pause || pause.source === 'debrief' || (self && pause.source !== 'self'))
        throw new NotFound('Pause not found');
      await stores.pauses.lift(profile.workspaceId, pause.id, req.user!.id);
      await audit(req, 'pool.unpaused', profile.userId, { source: pause.source });
      res.redirect(303, `${pageOf(profile)}?done=unpaused`);
    });
  }

  availabilityActions(
    '/pool/:id',
    coordinator,
    ownCounselor,
    (req, res, p, status, state) => renderProfile(req, res, p, status, state),
    (p) => `/pool/${p.userId}`,
    false,
  );

  // ---- /me/availability -------------------------------------------------------------------------------------------

  async function me(req: Request): Promise<CounselorProfile> {
    const user: User = req.user!;
    const profile = await stores.pool.getProfile(user.workspaceId, user.id);
    if (!profile) throw new NotFound('You have no counselor profile');
    return profile;
  }

  async function renderMine(req: Request, res: Response, profile: CounselorProfile, status = 200, state?: FormState) {
    const [pauses, poolStatus] = await Promise.all([stores.pauses.openFor(profile.userId), statusOf(profile)]);
    res
      .status(status)
      .type('html')
      .send(
        availabilityPage({
          user: req.user!,
          profile,
          status: poolStatus,
          pauses,
          csrfToken: tokenOf(req),
          done: status === 200 ? done(req) : undefined,
          state,
          smsEnabled: deps.smsEnabled ?? true,
        }),
      );
  }

  router.get('/me/availability', counselor, async (req, res) => {
    await renderMine(req, res, await me(req));
  });

  router.post('/me/availability', counselor, csrf, async (req, res) => {
    const profile = await me(req);
    const { changes, errors, values } = parseAvailability(req.body ?? {});
    if (Object.keys(errors).length) {
      await renderMine(req, res, profile, 400, { form: 'availability', errors, values });
      return;
    }
    await stores.pool.updateProfile(profile.workspaceId, profile.userId, changes);
    await audit(req, 'pool.availability-updated', profile.userId, { fields: Object.keys(changes) });
    res.redirect(303, '/me/availability?done=saved');
  });

  availabilityActions('/me', counselor, me, renderMine, () => '/me/availability', true);

  return router;
}
