// The session pages after the win. The counselor reaches theirs from the offer link (/o/:token/session)
// or signed in (/sessions/:id, with CSRF); the requester from the link in their messages (/s/:token).
// GET shows, POST acts; the workflow decides (an Update answers whether it worked).
import { allow, RULES } from '../auth/access-policy';
import { refuseExpiredLink } from '../auth/link-expiry';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { CounselingSession, Stores } from '../../db';
import { sessionIcs, slotText } from '../../domain/calendar';
import { csrfTokenFor } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { HttpError, NotFound } from '../errors';
import { parseOutcome, parseProposal, readOutOfScopeForm } from './form';
import type { SessionService } from './service';
import { contactCheckPage, counselorSessionPage, requesterSessionPage } from './view';

/** Which slot or proposal a reschedule is about: part of its update id. */
const stateKey = (s: CounselingSession) => `${s.startsAt?.getTime() ?? 0}-${s.proposal}`;

const NO_SESSION = 'There is no session to schedule here. The link may be old or mistyped.';

export function sessionRoutes(deps: {
  stores: Stores;
  sessions: SessionService;
  csrf: RequestHandler;
  sessionSecret: string;
  publicBaseUrl: string;
}): Router {
  const { stores, sessions, csrf, sessionSecret, publicBaseUrl } = deps;
  const router = Router();
  const LINK_OVER: CounselingSession['state'][] = ['closed', 'handed-back', 'out-of-scope'];
  // Link routes: the token in the URL is the key (stored hashed); offer links expire (api/auth/link-expiry.ts).
  const link = allow(RULES.linkToken);

  // ---------- the counselor ----------

  /** The session of the counselor who won this offer, while it is theirs. */
  async function byOfferToken(token: string): Promise<CounselingSession> {
    await refuseExpiredLink(stores, 'offer', token);
    const offer = await stores.offers.getByToken(token);
    const session = offer?.status === 'won' ? await stores.aftercare.currentSession(offer.requestId) : undefined;
    if (!offer || !session || session.counselorId !== offer.counselorId || session.state === 'handed-back') {
      throw new NotFound(NO_SESSION);
    }
    return session;
  }

  /** Signed in: only the counselor's own session, and another's answers like a missing one. */
  async function bySignedIn(req: Request): Promise<CounselingSession> {
    const session = await stores.aftercare.getSession(String(req.params.id));
    if (!session || session.counselorId !== req.user?.id || session.state === 'handed-back') {
      throw new NotFound(NO_SESSION);
    }
    return session;
  }

  async function showCounselor(
    req: Request,
    res: Response,
    session: CounselingSession,
    base: string,
    extra: { status?: number; error?: string; notice?: string } = {},
  ) {
    const fresh = (await stores.aftercare.getSession(session.id)) ?? session;
    const pauses = await stores.pauses.openFor(fresh.counselorId);
    const events = await stores.events.list(fresh.requestId);
    const contactConfirmed = events.some((e) => e.type === 'first-contact-confirmed' && e.data?.sessionId === fresh.id);
    const sid = req.cookies?.[SESSION_COOKIE];
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(
        counselorSessionPage({
          base,
          csrf: base.startsWith('/sessions/') && typeof sid === 'string' ? csrfTokenFor(sessionSecret, sid) : undefined,
          session: fresh,
          availability: await stores.aftercare.availability(fresh.requestId),
          debriefPending: pauses.some((p) => p.source === 'debrief'),
          contactConfirmed,
          error: extra.error,
          notice: extra.notice,
        }),
      );
  }

  type Action = (
    req: Request,
    session: CounselingSession,
  ) => Promise<{ status?: number; error?: string; notice?: string }>;

  const actions: Record<string, Action> = {
    async contacted(_req, session) {
      const result = await sessions.confirmFirstContact(session.requestId, session.id);
      if (result === 'not-now')
        return { status: 409, error: 'First contact cannot be confirmed for this session now.' };
      return { notice: 'Thank you: first contact noted.' };
    },
    async propose(req, session) {
      const availability = await stores.aftercare.availability(session.requestId);
      const parsed = parseProposal(req.body ?? {}, session.timeZone, availability);
      if (!parsed.ok) return { status: 400, error: parsed.error };
      const result = await sessions.propose(session.requestId, session.id, session.proposal, parsed.slots);
      if (result !== 'proposed')
        return { status: 409, error: 'Times cannot be proposed now: the session is past that step.' };
      const list = parsed.slots.map((s) => slotText(new Date(s.start), new Date(s.end), session.timeZone)).join('; ');
      return { notice: `Sent to the requester: ${list}. You will hear when they choose one.` };
    },
    async reschedule(_req, session) {
      const result = await sessions.reschedule(session.requestId, session.id, 'counselor', stateKey(session));
      if (result !== 'rescheduling') return { status: 409, error: 'This session cannot be rescheduled now.' };
      return { notice: 'The requester has been told. Please propose new times.' };
    },
    async 'hand-back'(_req, session) {
      const result = await sessions.handBack(session.requestId, session.id);
      if (result !== 'handed-back') return { status: 409, error: 'The request cannot be handed back now.' };
      return { notice: 'Thank you: the request goes back to dispatch without you, and the coordinator is told.' };
    },
    async 'out-of-scope'(req, session) {
      const { reason, error } = readOutOfScopeForm(req.body);
      if (error) return { status: 400, error };
      // The reason stays in Postgres (encrypted); the workflow learns only that it happened.
      if (!(await stores.aftercare.saveOutOfScopeReason(session.id, reason))) {
        return { status: 409, error: 'This session can no longer be marked out of scope here.' };
      }
      const result = await sessions.outOfScope(session.requestId, session.id);
      if (result !== 'marked') return { status: 409, error: 'This session can no longer be marked out of scope here.' };
      return {
        notice: 'Thank you. The coordinator has been told, and the requester will get other places to turn to.',
      };
    },
    async outcome(req, session) {
      const parsed = parseOutcome(req.body ?? {});
      if (!parsed.ok) return { status: 400, error: parsed.error };
      const { note, ...outcome } = parsed.value;
      // The note stays in Postgres (encrypted); only while the outcome is still open.
      if (!(await stores.aftercare.saveNote(session.id, note))) {
        return {
          status: 409,
          error: 'The outcome is not expected now (already recorded, or the session is not over).',
        };
      }
      const result = await sessions.recordOutcome(session.requestId, session.id, outcome, session.startsAt);
      if (result !== 'recorded') return { status: 409, error: 'The outcome is not expected now.' };
      return {
        notice: outcome.hard
          ? 'Thank you. A lead will call you for a debrief soon. Take care of yourself.'
          : 'Thank you: the outcome is recorded.',
      };
    },
  };

  router.get('/o/:token/session', link, async (req, res) => {
    await showCounselor(req, res, await byOfferToken(req.params.token), `/o/${req.params.token}/session`);
  });
  router.get('/sessions/:id', requirePageRole('counselor'), async (req, res) => {
    await showCounselor(req, res, await bySignedIn(req), `/sessions/${req.params.id}`);
  });
  for (const [name, act] of Object.entries(actions)) {
    router.post(`/o/:token/session/${name}`, link, async (req, res) => {
      const session = await byOfferToken(req.params.token);
      await showCounselor(req, res, session, `/o/${req.params.token}/session`, await act(req, session));
    });
    router.post(`/sessions/:id/${name}`, requirePageRole('counselor'), csrf, async (req, res) => {
      const session = await bySignedIn(req);
      await showCounselor(req, res, session, `/sessions/${req.params.id}`, await act(req, session));
    });
  }

  // ---------- the requester ----------

  async function byLink(token: string): Promise<CounselingSession> {
    const session = await stores.aftercare.sessionByLink(token);
    if (!session) throw new NotFound(NO_SESSION);
    // The requester's link lives as long as the session is being planned or held: once it is over (closed,
    // handed back, out of scope) it shows and does nothing more.
    if (LINK_OVER.includes(session.state)) throw new HttpError(410, 'This link has expired: the session is over.');
    return session;
  }
  const showRequester = (
    res: Response,
    token: string,
    session: CounselingSession,
    extra: { status?: number; error?: string; notice?: string } = {},
  ) =>
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(requesterSessionPage({ token, session, error: extra.error, notice: extra.notice }));

  router.get('/s/:token', link, async (req, res) => {
    showRequester(res, req.params.token, await byLink(req.params.token));
  });

  router.post('/s/:token/confirm', link, async (req, res) => {
    const session = await byLink(req.params.token);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const proposal = Number(body.proposal);
    const index = Number(body.index);
    const slot = session.proposed[index];
    if (!Number.isInteger(proposal) || !Number.isInteger(index) || !slot) {
      showRequester(res, req.params.token, session, { status: 400, error: 'Choose one of the times.' });
      return;
    }
    const result = await sessions.confirm(session.requestId, session.id, proposal, index);
    if (result === 'confirmed' || result === 'already-confirmed') {
      const confirmed = { ...session, state: 'scheduled' as const, startsAt: slot.start, endsAt: slot.end };
      showRequester(res, req.params.token, confirmed, {
        notice: `Confirmed: ${slotText(slot.start, slot.end, session.timeZone)}. We have sent you a calendar file.`,
      });
      return;
    }
    const error =
      result === 'stale'
        ? 'Those times have changed or passed. Please choose from the times below.'
        : 'This session cannot be confirmed now.';
    showRequester(res, req.params.token, (await stores.aftercare.getSession(session.id)) ?? session, {
      status: 409,
      error,
    });
  });

  router.post('/s/:token/reschedule', link, async (req, res) => {
    const session = await byLink(req.params.token);
    const result = await sessions.reschedule(session.requestId, session.id, 'requester', stateKey(session));
    if (result !== 'rescheduling') {
      showRequester(res, req.params.token, session, { status: 409, error: 'This session cannot be rescheduled now.' });
      return;
    }
    showRequester(
      res,
      req.params.token,
      { ...session, state: 'scheduling', proposed: [] },
      {
        notice: 'Your counselor has been told and will suggest other times.',
      },
    );
  });

  // "Has a counselor been in touch?": the links in the question open this page; only its buttons answer.
  const answerOf = (v: unknown): 'yes' | 'no' | null => (v === 'yes' || v === 'no' ? v : null);
  router.get('/s/:token/contact', link, async (req, res) => {
    await byLink(req.params.token);
    res.type('html').send(contactCheckPage({ token: req.params.token, answer: answerOf(req.query.answer) }));
  });
  router.post('/s/:token/contact', link, async (req, res) => {
    const session = await byLink(req.params.token);
    const answer = answerOf((req.body as Record<string, unknown> | undefined)?.answer);
    const show = (status: number, extra: { error?: string; notice?: string }) =>
      res
        .status(status)
        .type('html')
        .send(contactCheckPage({ token: req.params.token, answer, ...extra }));
    if (!answer) {
      show(400, { error: 'Choose yes or no.' });
      return;
    }
    const result = await sessions.contactAnswer(session.requestId, session.id, answer);
    if (result !== 'recorded') {
      show(409, { error: 'This question is not open any more. Thank you.' });
      return;
    }
    show(200, {
      notice:
        answer === 'yes'
          ? 'Thank you. We are glad someone is in touch.'
          : 'Thank you for telling us. The team has been told and will make sure someone contacts you.',
    });
  });

  router.get('/s/:token/session.ics', link, async (req, res) => {
    const session = await byLink(req.params.token);
    if (session.state !== 'scheduled' || !session.startsAt) throw new NotFound('No confirmed session yet.');
    res
      .type('text/calendar; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="session.ics"')
      .send(sessionIcs(session, session.proposal, `${publicBaseUrl}/s/${req.params.token}`, new Date()));
  });

  return router;
}
