// Every route x every role, generated from the app's own route table (tests/helpers/route-table.ts reads the
// express router): each route's declared access rule (api/auth/access-policy.ts) says what each role must get.
// A route that declares no rule, or whose path params nobody knows how to fill, fails the suite by name.
//
// A new route is covered by the rule its guard declares (requireRole / requirePageRole / allow(...)). It needs ONE
// line in ROUTES below only when its guard declares nothing (a link or public route: give its rule) or when its
// path params are not filled by PARAM_DEFAULTS (give a params function).
import { randomBytes } from 'node:crypto';
import {
  createTeamPeople,
  deactivateForMatrix,
  TEAM_PEOPLE,
  teamExpected,
  teamExceptions,
  teamRoutes,
} from '../helpers/team-matrix';
import { createApp } from '../../api/app';
import { RULES, type AccessRule } from '../../api/auth/access-policy';
import { hashToken, type User, type Workspace } from '../../db';
import { routeTable, type RouteEntry } from '../helpers/route-table';
import { postForm, sendJson, type Session } from '../helpers/forms';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  startTestStack,
  submitRequest,
  TEST_PASSWORD,
  uniquePhone,
  waitFor,
  type TestStack,
} from '../helpers/stack';

const ROLES = [
  'anonymous',
  'counselor',
  'other-counselor',
  'lead',
  'other-lead',
  'coordinator',
  'other-coordinator',
  ...TEAM_PEOPLE,
] as const;
type Who = (typeof ROLES)[number];

/**
 * Requester contact and message text planted in the fixture's two requests (the open one offered to the counselor,
 * and the one the counselor won), then searched for in every answer of every test below.
 */
function canary(tag: string) {
  const hex = randomBytes(4).toString('hex');
  return { phone: uniquePhone(), email: `canary-${tag}-${hex}@example.org`, message: `canary phrase ${tag} ${hex}` };
}
const CANARIES = { open: canary('open'), won: canary('won') };
type Canary = keyof typeof CANARIES;

/** Which canaries an answer shows: the phone in any national spelling, the email, the message's unique words. */
function canariesIn(text: string, which: Canary): string[] {
  const c = CANARIES[which];
  const digits = c.phone.slice(2).split('').join('[\\s().\\-]*');
  const found: string[] = [];
  if (new RegExp(digits).test(text)) found.push('phone');
  if (text.includes(c.email.split('@')[0])) found.push('email');
  if (text.includes(c.message.split(' ').at(-1)!)) found.push('message text');
  return found;
}

/**
 * Who may see a request's contact and message: the workspace's coordinators, and the winner signed in (leads only
 * for a request escalated to them: this fixture's lead was neither alerted nor on call).
 */
function entitled(who: Who, which: Canary): boolean {
  if (who === 'coordinator' || who === 'coordinator-counselor') return true;
  return which === 'won' && who === 'counselor';
}

/** The canaries the entitled did see somewhere: proof that the search would find a leak. */
const seenByEntitled = new Set<string>();

/** Every canary an answer shows to someone not entitled to it, as problem lines. */
function leaks(where: string, who: Who, text: string): string[] {
  return (Object.keys(CANARIES) as Canary[]).flatMap((which) => {
    const found = canariesIn(text, which);
    if (!entitled(who, which)) return found.map((f) => `${where} as ${who}: shows the ${which} request's ${f}`);
    for (const f of found) seenByEntitled.add(`${which} ${f}`);
    return [];
  });
}

/** What the test world holds: workspace A (the resources) and B (the "other" people). */
interface Fixture {
  a: Workspace;
  b: Workspace;
  users: Record<Exclude<Who, 'anonymous'>, User>;
  /** A counselor of workspace A the people page's routes act on (roles, deactivate, reactivate, reset). */
  teamTarget: string;
  requestId: string;
  offerToken: string;
  /** The counselor's open offer (the home page's one-tap accept). */
  offerId: string;
  /** Pool items of the counselor, one per removing route (each is removed once, by the one role allowed to). */
  pool: {
    signoff: string;
    certification: string;
    awayByCoordinator: string;
    awayBySelf: string;
    pauseByCoordinator: string;
    pauseBySelf: string;
  };
  inviteToken: string;
  /** A second invitation, for the resend route (a resend replaces the link of the one it renews). */
  inviteId: string;
  /** After-care: a session of the counselor's, its requester link, a task of it, a thread, a pause to lift. */
  aftercare: {
    wonToken: string;
    sessionId: string;
    sessionLink: string;
    taskId: string;
    checkInTaskId: string;
    threadId: string;
    pauseId: string;
  };
  statusToken: string;
  alertToken: string;
  crisisResourceId: string;
  overrideId: string;
  /** The lead's open offer of their override shift (shift swaps). */
  swapId: string;
  accountSid: string;
  /** A colleague of the coordinator (for routes about another coordinator of the workspace). */
  secondCoordinatorId: string;
  /** A pre-session cookie and its form token: what a browser brings to the sign-in and reset forms. */
  pre: { cookie: string; token: string };
}

/** A param filler; `owned`: the value is workspace A's resource, so people of workspace B must get 404. */
type Filler = { owned: boolean; value: (fx: Fixture) => string | Promise<string> };
const owned = (value: Filler['value']): Filler => ({ owned: true, value });
const free = (value: Filler['value']): Filler => ({ owned: false, value });

const PARAM_DEFAULTS: Record<string, Filler> = {
  id: owned((fx) => fx.requestId),
  slug: free((fx) => fx.a.slug),
  sid: free((fx) => fx.accountSid),
  key: free(() => 'offer.sms'),
  language: free(() => 'en'),
  counselorId: owned((fx) => fx.users.counselor.id),
  postId: owned(async (fx) =>
    String(
      await stack.stores.teamChannel.post({
        workspaceId: fx.a.id,
        authorId: fx.users.coordinator.id,
        body: 'A post for the matrix',
        parentId: null,
      }),
    ),
  ),
};

interface RouteLine {
  /** The rule, for a route whose guard declares none. */
  rule?: AccessRule;
  /** With `rule`: the route is a page (a signed-out GET is sent to /login rather than answered 401). */
  page?: boolean;
  /** Fillers for path params PARAM_DEFAULTS does not fit. */
  params?: Record<string, Filler>;
  /** The route ends the caller's session (sign-in, sign-out): each call gets a session of its own. */
  endsSession?: boolean;
  /** A server-sent event stream: answered with headers, then open until the client leaves. */
  stream?: boolean;
  /** Statuses that differ from the rule's by design, with the reason in a comment on the line. */
  except?: Partial<Record<Who, 401 | 403 | 404>>;
  /** Why a session-authorised POST takes no CSRF token (it must change nothing). */
  noCsrf?: string;
  /** A body for state-changing calls (default {}). */
  body?: (fx: Fixture, who: Who) => Record<string, unknown>;
}

const token = (pick: Filler['value']) => ({ token: free(pick) });

// ONE line per route that needs one (see the header). Other branches' routes go here at merge.
/** A counselor of workspace A, for the pool pages' :id. */
const poolCounselor: Record<string, Filler> = { id: owned((fx) => fx.users.counselor.id) };

const offerLinkParams: RouteLine = { params: { token: free((fx) => fx.aftercare.wonToken) } };
const sessionLinkParams: RouteLine = { params: { token: free((fx) => fx.aftercare.sessionLink) } };
const ownSession: RouteLine = { params: { id: owned((fx) => fx.aftercare.sessionId) } };
const thread: RouteLine = { params: { id: owned((fx) => fx.aftercare.threadId) } };

/**
 * A passkey of workspace A's coordinator (a fresh one per route: the coordinator's own removal takes it). Only its
 * owner reaches it: everyone else of the workspace gets 404, as for a passkey that does not exist.
 */
const coordinatorsPasskey: RouteLine = {
  params: {
    id: owned(async (fx) => {
      const id = randomBytes(16).toString('base64url');
      await stack.stores.passkeys.add({
        id,
        userId: fx.users.coordinator.id,
        publicKey: randomBytes(77),
        counter: 0,
        transports: [],
        name: 'Matrix key',
      });
      return id;
    }),
  },
  except: { counselor: 404, lead: 404, 'peer-counselor': 404, 'lead-counselor': 404, 'coordinator-counselor': 404 },
};

const ROUTES: Record<string, RouteLine> = {
  'GET /o/:token': { params: token((fx) => fx.offerToken) },
  'POST /o/:token/decline': { params: token((fx) => fx.offerToken) },
  'POST /o/:token/refuse': { params: token((fx) => fx.offerToken) },
  'POST /o/:token/accept': { params: token((fx) => fx.offerToken) },
  'POST /o/:token/escalate': { params: token((fx) => fx.offerToken) },
  'GET /r/:token': { params: token((fx) => fx.statusToken) },
  'POST /r/:token/cancel': { params: token((fx) => fx.statusToken) },
  'GET /a/:token': { params: token((fx) => fx.alertToken) },
  'POST /a/:token': { params: token((fx) => fx.alertToken) },
  'POST /settings/crisis-resources/:id/delete': { params: { id: owned((fx) => fx.crisisResourceId) } },
  'POST /settings/rota/overrides/:id/remove': { params: { id: owned((fx) => fx.overrideId) } },
  'POST /on-call/swaps/:swapId/take': { params: { swapId: owned((fx) => fx.swapId) } },
  'POST /on-call/swaps/:swapId/withdraw': { params: { swapId: owned((fx) => fx.swapId) } },
  'POST /logout': { endsSession: true },
  // A lead reads a contact only for a request escalated to them; this fixture's lead was neither alerted nor on call.
  'GET /requests/:id/contact': { except: { lead: 403, 'lead-counselor': 403 } },
  'GET /board/events': { stream: true },
  'GET /o/:token/session': offerLinkParams,
  'POST /o/:token/session/propose': offerLinkParams,
  'POST /o/:token/session/reschedule': offerLinkParams,
  'POST /o/:token/session/hand-back': offerLinkParams,
  'POST /o/:token/session/out-of-scope': offerLinkParams,
  'POST /o/:token/session/outcome': offerLinkParams,
  'POST /o/:token/session/contacted': offerLinkParams,
  'GET /sessions/:id': ownSession,
  'POST /sessions/:id/propose': ownSession,
  'POST /sessions/:id/reschedule': ownSession,
  'POST /sessions/:id/hand-back': ownSession,
  'POST /sessions/:id/out-of-scope': ownSession,
  'POST /sessions/:id/outcome': ownSession,
  'POST /sessions/:id/contacted': ownSession,
  'GET /s/:token': sessionLinkParams,
  'POST /s/:token/confirm': sessionLinkParams,
  'POST /s/:token/reschedule': sessionLinkParams,
  'GET /s/:token/session.ics': sessionLinkParams,
  'GET /s/:token/contact': sessionLinkParams,
  'POST /s/:token/contact': sessionLinkParams,
  'POST /tasks/:id/done': { params: { id: owned((fx) => fx.aftercare.taskId) } },
  'GET /tasks/:id/check-in': { params: { id: owned((fx) => fx.aftercare.checkInTaskId) } },
  'POST /tasks/:id/check-in': { params: { id: owned((fx) => fx.aftercare.checkInTaskId) } },
  'POST /pauses/:id/lift': { params: { id: owned((fx) => fx.aftercare.pauseId) } },
  'GET /messages/:id': thread,
  // Coordinators read every thread of their workspace (admin-supervised) but write only in their own.
  'POST /messages/:id': { ...thread, except: { coordinator: 403 } },
  'GET /api/threads/:id': thread,
  // The counselor named in the body is workspace A's: another workspace's coordinator or lead gets 404.
  'POST /messages': {
    body: (fx) => ({ counselorId: fx.users.counselor.id, body: 'Checking in' }),
    except: { 'other-coordinator': 404, 'other-lead': 404 },
  },

  'POST /pool/invite/:id/resend': { params: { id: owned((fx) => fx.inviteId) } },
  'GET /invite/:token': { params: { token: free((fx) => fx.inviteToken) } },
  'POST /invite/:token': { params: { token: free((fx) => fx.inviteToken) } },
  'GET /pool/:id': { params: poolCounselor },
  'POST /pool/:id/profile': { params: poolCounselor },
  'POST /pool/:id/signoffs': { params: poolCounselor },
  'POST /pool/:id/certifications': { params: poolCounselor },
  'POST /pool/:id/away': { params: poolCounselor },
  'POST /pool/:id/pause': { params: poolCounselor },
  'POST /pool/:id/signoffs/:itemId/remove': { params: { ...poolCounselor, itemId: owned((fx) => fx.pool.signoff) } },
  'POST /pool/:id/certifications/:itemId/remove': {
    params: { ...poolCounselor, itemId: owned((fx) => fx.pool.certification) },
  },
  'POST /pool/:id/away/:itemId/remove': {
    params: { ...poolCounselor, itemId: owned((fx) => fx.pool.awayByCoordinator) },
  },
  'POST /pool/:id/pauses/:itemId/lift': {
    params: { ...poolCounselor, itemId: owned((fx) => fx.pool.pauseByCoordinator) },
  },
  'POST /me/away/:itemId/remove': { params: { itemId: owned((fx) => fx.pool.awayBySelf) } },
  // Care for the carers: the supervisor of workspace A's counselor; a cool-down of theirs (one per session, so every
  // call finds the same; lifted once, later lifts answer 409); a check-in they asked for (one open ask per counselor).
  'POST /pool/:id/supervisor': { params: poolCounselor },
  'POST /pool/:id/cool-downs/:coolDownId/lift': {
    params: {
      ...poolCounselor,
      coolDownId: owned(
        async (fx) =>
          (
            await stack.stores.care.startCoolDown({
              workspaceId: fx.a.id,
              counselorId: fx.users.counselor.id,
              sessionId: fx.aftercare.sessionId,
              decision: {
                categories: ['other-distress'],
                topics: ['trauma'],
                until: new Date(Date.now() + 86_400_000),
              },
            })
          ).id,
      ),
    },
  },
  'POST /checkins/:id/done': {
    params: {
      id: owned(
        async (fx) =>
          (
            await stack.stores.care.openCheckin({
              workspaceId: fx.a.id,
              counselorId: fx.users.counselor.id,
              supervisorId: null,
              source: 'asked',
              dueAt: new Date(),
            })
          ).checkin.id,
      ),
    },
  },
  'POST /me/pauses/:itemId/lift': { params: { itemId: owned((fx) => fx.pool.pauseBySelf) } },
  // The Temporal UI calls the codec cross-origin and cannot send a token; decoding changes nothing, and the
  // JSON body forces a CORS preflight that only the UI's origin passes.
  'POST /codec/decode': { noCsrf: 'read-only, preflighted' },
  'POST /codec/encode': { noCsrf: 'read-only, preflighted' },
  'OPTIONS /codec/:op': { rule: RULES.public, params: { op: free(() => 'decode') } },
  // The counselor home answers counselors and passes everyone else on to the guarded home of staff.
  'GET /': { rule: RULES.signedIn, page: true },
  'POST /me/offers/:id/accept': { params: { id: owned((fx) => fx.offerId) } },
  'POST /me/offers/:id/decline': { params: { id: owned((fx) => fx.offerId) } },
  'POST /logout/everywhere': { endsSession: true },
  'GET /reset-password/:token': {
    params: token(async (fx) => stack.stores.accounts.mintPasswordReset(fx.users.lead.id)),
  },
  'POST /reset-password/:token': {
    params: token(async (fx) => stack.stores.accounts.mintPasswordReset(fx.users.lead.id)),
  },
  'POST /settings/two-factor/reset/:userId': { params: { userId: owned((fx) => fx.secondCoordinatorId) } },
  'GET /settings/passkeys/:id/remove': coordinatorsPasskey,
  'POST /settings/passkeys/:id/remove': coordinatorsPasskey,
  ...teamRoutes<Fixture, RouteLine>((fx) => fx.teamTarget),
  'POST /login': {
    endsSession: true,
    // Someone who left the team cannot sign in: their right password is answered like a wrong one.
    except: { deactivated: 401 },
    body: (fx, who) => ({ email: fx.users[who === 'anonymous' ? 'lead' : who].email, password: TEST_PASSWORD }),
  },
};

/** What a role must get. 'allowed': past the access check (any answer but 401, 403, 404, 410 or 5xx). */
type Expected = 'allowed' | 401 | 403 | 404 | 'to-login' | 'same-for-all';

function expected(route: RouteEntry, rule: AccessRule, who: Who, ownedParams: boolean): Expected {
  const exception = ROUTES[route.key]?.except?.[who] ?? teamExceptions(route.key, who);
  if (exception) return exception;
  const team = teamExpected(who);
  if (team === 'as-anonymous') return expected(route, rule, 'anonymous', ownedParams);
  if (rule === RULES.twilioSignature) return 403; // nobody here signs: the signature is the only key
  if (rule === RULES.devSink) return 'same-for-all'; // embedded/test mode only; never depends on the session
  if (!rule.roles) return 'allowed';
  const page = route.page || (!route.rule && ROUTES[route.key]?.page);
  if (who === 'anonymous') return page && route.method === 'GET' ? 'to-login' : 401;
  const roles = team ?? [who.replace('other-', '') as User['role']];
  if (!rule.roles.some((r) => roles.includes(r))) return 403;
  if (who.startsWith('other-') && ownedParams) return 404;
  return 'allowed';
}

let stack: TestStack;
let fx: Fixture;
const sessions: Partial<Record<Who, Session>> = {};
let table: RouteEntry[];

beforeAll(async () => {
  stack = await startTestStack();
  // A second app on the same dependencies, only to read its route table: the one the server runs is identical.
  table = routeTable(
    createApp({ config: stack.config, stores: stack.stores, temporal: stack.temporal, log: () => {} }),
  );

  const a = await createWorkspace(stack.stores);
  const b = await createWorkspace(stack.stores);
  const users = {
    counselor: await createCounselor(stack.stores, a, { languages: ['en'], specialisms: ['general'] }),
    'other-counselor': await createCounselor(stack.stores, b),
    lead: await createStaff(stack.stores, a, 'lead'),
    'other-lead': await createStaff(stack.stores, b, 'lead'),
    coordinator: await createStaff(stack.stores, a, 'coordinator'),
    'other-coordinator': await createStaff(stack.stores, b, 'coordinator'),
    ...(await createTeamPeople(stack.stores, a)),
  };
  for (const who of ROLES) if (who !== 'anonymous') sessions[who] = await loginSession(stack.baseUrl, users[who].email);
  // Signed in, then deactivated: the session they hold must open nothing from now on.
  await deactivateForMatrix(stack.stores, users.deactivated);

  const submitted = await submitRequest(stack.baseUrl, {
    workspace: a.slug,
    language: 'en',
    topic: 'general',
    ...CANARIES.open,
    safety: 'no',
  });
  expect(submitted.status).toBe(201);
  const requestId = submitted.body.id as string;
  const offerToken = await waitFor('the offer SMS', async () => {
    const [sms] = await smsTo(stack.stores, [users.counselor.phone as string]);
    if (!sms) throw new Error('no offer yet');
    return acceptLinkIn(sms.body).split('/o/')[1];
  });
  const resource = await stack.stores.safety.addCrisisResource(a.id, {
    language: null,
    country: null,
    name: 'Matrix line',
    phone: '+15550100000',
    url: null,
    note: null,
    position: 0,
  });
  const override = await stack.stores.rota.addOverride(a.id, {
    leadId: users.lead.id,
    startsAt: new Date(Date.now() + 86_400_000),
    endsAt: new Date(Date.now() + 2 * 86_400_000),
  });
  fx = {
    a,
    b,
    users,
    requestId,
    offerToken,
    offerId: (await stack.stores.offers.listOpenForCounselor(users.counselor.id))[0].id,
    // Before the pool items: those pause the counselor, and a paused counselor is offered nothing.
    aftercare: await aftercareItems(a, users.counselor, users.lead),
    pool: await poolItems(a, users.counselor, users.coordinator),
    ...(await invitation(a, users.coordinator)),
    statusToken: String(submitted.body.statusUrl).split('/r/')[1],
    alertToken: await stack.stores.safety.mintAlertLink(requestId, users.lead.id),
    crisisResourceId: resource.id,
    overrideId: override.id,
    swapId: await offeredSwap(a, users.lead.id, override),
    accountSid: stack.config.twilio.accountSid,
    secondCoordinatorId: (await createStaff(stack.stores, a, 'coordinator')).id,
    pre: await preSession(),
    teamTarget: (await createCounselor(stack.stores, a, { trainingComplete: false })).id,
  };
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

async function offeredSwap(ws: Workspace, leadId: string, shift: { startsAt: Date; endsAt: Date }): Promise<string> {
  const swap = await stack.stores.shiftSwaps.offer({ workspaceId: ws.id, giverId: leadId, ...shift, note: '' });
  if (swap === 'already-offered') throw new Error('the matrix lead had offered the shift already');
  return swap.id;
}

async function poolItems(ws: Workspace, counselor: User, coordinator: User): Promise<Fixture['pool']> {
  const { pool, pauses } = stack.stores;
  await pool.signOffSupervised(ws.id, counselor.id, { sessionOn: '2026-01-05', signedOffBy: coordinator.id });
  await pool.addCertification(ws.id, counselor.id, { name: 'First aid', expiresOn: '2030-01-01' });
  await pool.addAway(ws.id, counselor.id, { fromOn: '2030-02-01', untilOn: '2030-02-03' });
  await pool.addAway(ws.id, counselor.id, { fromOn: '2030-03-01', untilOn: '2030-03-03' });
  const profile = await pool.getProfile(ws.id, counselor.id);
  if (!profile) throw new Error('no pool profile for the matrix counselor');
  const pause = (source: 'coordinator' | 'self') =>
    pauses.pause({ workspaceId: ws.id, counselorId: counselor.id, source, reason: 'matrix' }).then((p) => p.id);
  return {
    signoff: profile.signoffs.at(-1)!.id,
    certification: profile.certifications.at(-1)!.id,
    awayByCoordinator: profile.away[0].id,
    awayBySelf: profile.away[1].id,
    pauseByCoordinator: await pause('coordinator'),
    pauseBySelf: await pause('self'),
  };
}

async function aftercareItems(ws: Workspace, counselor: User, lead: User): Promise<Fixture['aftercare']> {
  const { aftercare, messages, pauses } = stack.stores;
  // A second request that the counselor has won (written as the win writes it; its workflow is not involved).
  const submitted = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    ...CANARIES.won,
    safety: 'no',
  });
  const requestId = submitted.body.id as string;
  const offer = await waitFor('the second offer', async () => {
    const o = (await stack.stores.offers.listOpenForCounselor(counselor.id)).find((x) => x.requestId === requestId);
    if (!o) throw new Error('not offered yet');
    return o;
  });
  await stack.db('offers').where({ id: offer.id }).update({ status: 'won' });
  await stack.db('help_requests').where({ id: requestId }).update({ phase: 'assigned' });
  const wonToken = await waitFor('the second offer SMS', async () => {
    const sms = await smsTo(stack.stores, [counselor.phone as string]);
    for (const m of sms.filter((x) => x.body.includes('/o/'))) {
      const token = acceptLinkIn(m.body).split('/o/')[1];
      if ((await stack.stores.offers.getByToken(token))?.requestId === requestId) return token;
    }
    throw new Error('no SMS for the second offer yet');
  });

  const session = await aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 });
  const start = new Date(Date.now() + 3 * 86_400_000);
  await aftercare.confirm(session.id, { start, end: new Date(start.getTime() + 3_600_000) });
  const dueAt = new Date(Date.now() + 86_400_000);
  const task = await aftercare.openTask({ sessionId: session.id, kind: 'debrief', ownerId: lead.id, dueAt });
  const checkIn = await aftercare.openTask({ sessionId: session.id, kind: 'supervision', ownerId: lead.id, dueAt });
  const thread = await messages.openThread(ws.id, counselor.id, lead.id);
  const pause = await pauses.pause({
    workspaceId: ws.id,
    counselorId: counselor.id,
    source: 'coordinator',
    reason: 'matrix',
  });
  return {
    wonToken,
    sessionId: session.id,
    sessionLink: await aftercare.mintLink(session.id),
    taskId: task.task.id,
    checkInTaskId: checkIn.task.id,
    threadId: thread.id,
    pauseId: pause.id,
  };
}

async function invitation(ws: Workspace, coordinator: User): Promise<Pick<Fixture, 'inviteToken' | 'inviteId'>> {
  const create = () =>
    stack.stores.onboarding.createInvitation({
      workspaceId: ws.id,
      email: `invitee-${randomBytes(3).toString('hex')}@example.org`,
      name: 'Invitee',
      invitedBy: coordinator.id,
    });
  const [forLink, forResend] = [await create(), await create()];
  return { inviteId: forResend.id, inviteToken: await stack.stores.onboarding.mintInviteToken(forLink.id) };
}

async function preSession(): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${stack.baseUrl}/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!token || !cookie) throw new Error('the sign-in form set no pre-session token');
  return { cookie, token };
}

/** The rule and the concrete URL of a route, or the reason it cannot be covered. */
async function resolve(route: RouteEntry): Promise<{ rule: AccessRule; url: string; ownedParams: boolean } | string> {
  const line = ROUTES[route.key] ?? {};
  const rule = route.rule ?? line.rule;
  if (!rule)
    return `${route.key} declares no access rule: guard it (api/auth/access-policy.ts) or give it a line in ROUTES`;
  let path = route.path;
  let ownedParams = false;
  for (const name of route.params) {
    const filler = line.params?.[name] ?? PARAM_DEFAULTS[name];
    if (!filler) return `${route.key}: no way to fill :${name}: add params to its line in ROUTES`;
    ownedParams ||= filler.owned;
    path = path.replace(`:${name}`, encodeURIComponent(await filler.value(fx)));
  }
  return { rule, url: stack.baseUrl + path, ownedParams };
}

async function call(route: RouteEntry, url: string, who: Who): Promise<Response> {
  if (!ROUTES[route.key]?.endsSession || who === 'anonymous' || who === 'deactivated')
    return send(route, url, who, sessions[who]);
  // It ends sessions (maybe all of the user's): call it on a session of its own, then sign the role in again.
  const res = await send(route, url, who, await loginSession(stack.baseUrl, fx.users[who].email));
  sessions[who] = await loginSession(stack.baseUrl, fx.users[who].email);
  return res;
}

async function send(route: RouteEntry, url: string, who: Who, session: Session | undefined): Promise<Response> {
  const api = route.path.startsWith('/api/');
  const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html' };
  // Everyone brings a pre-session cookie, as a browser that opened a form does; the signed-in also their session.
  headers.cookie = [fx.pre.cookie, session?.cookie].filter(Boolean).join('; ');
  if (route.method === 'GET' || route.method === 'HEAD') return fetch(url, { headers, redirect: 'manual' });
  // State changes carry a valid CSRF token for the signed-in, so this matrix tests authorization alone.
  if (session) headers['x-csrf-token'] = session.csrf;
  // The pre-session form token in the body (anonymous forms), the session's in the header (requireCsrf reads it first).
  const body = { _csrf: fx.pre.token, ...(ROUTES[route.key]?.body?.(fx, who) ?? {}) };
  if (api) {
    headers['content-type'] = 'application/json';
    return fetch(url, { method: route.method, headers, body: JSON.stringify(body), redirect: 'manual' });
  }
  headers['content-type'] = 'application/x-www-form-urlencoded';
  const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
  return fetch(url, { method: route.method, headers, body: form, redirect: 'manual' });
}

const DENIALS = [401, 403, 404, 410];

it('reads a route table that includes every kind of route', () => {
  const keys = table.map((r) => r.key);
  for (const k of ['GET /login', 'POST /api/requests', 'GET /o/:token', 'POST /webhooks/twilio/sms', 'GET /dev/outbox'])
    expect(keys).toContain(k);
  expect(table.length).toBeGreaterThan(30);
});

it('answers every route x every role as its access rule says', async () => {
  const problems: string[] = [];
  const rows: string[] = [];
  for (const route of table) {
    const resolved = await resolve(route);
    if (typeof resolved === 'string') {
      problems.push(resolved);
      continue;
    }
    const { rule, url, ownedParams } = resolved;
    const got: Partial<Record<Who, number>> = {};
    for (const who of ROLES) {
      const res = await call(route, url, who);
      if (ROUTES[route.key]?.stream) await res.body?.cancel();
      else problems.push(...leaks(route.key, who, `${res.headers.get('location') ?? ''}\n${await res.text()}`));
      got[who] = res.status;
      const want = expected(route, rule, who, ownedParams);
      const ok =
        want === 'allowed'
          ? !DENIALS.includes(res.status) && res.status < 500
          : want === 'to-login'
            ? res.status === 303 && res.headers.get('location') === '/login'
            : want === 'same-for-all'
              ? res.status === got.anonymous && res.status < 500
              : res.status === want;
      if (!ok) problems.push(`${route.key} as ${who}: expected ${want} (rule ${rule.name}), got ${res.status}`);
    }
    rows.push(`${route.key.padEnd(58)} ${rule.name.padEnd(20)} ${ROLES.map((w) => got[w]).join(' ')}`);
  }
  // The table, for a reader of the test output: route, rule, then the statuses in ROLES order.
  console.log(`route x ${ROLES.join(', ')}\n${rows.join('\n')}`);
  expect(problems).toEqual([]);
  // The contact page did show the open request's to its coordinators: the search above would see a leak.
  for (const f of ['phone', 'email', 'message text']) expect(seenByEntitled).toContain(`open ${f}`);
}, 300_000);

it('fails, naming the route, when a route declares no rule', async () => {
  const unguarded: RouteEntry = {
    method: 'GET',
    path: '/new-thing',
    key: 'GET /new-thing',
    rule: undefined,
    page: false,
    params: [],
  };
  expect(await resolve(unguarded)).toBe(
    'GET /new-thing declares no access rule: guard it (api/auth/access-policy.ts) or give it a line in ROUTES',
  );
  const unknownParam: RouteEntry = {
    ...unguarded,
    path: '/x/:mystery',
    key: 'GET /x/:mystery',
    rule: RULES.coordinator,
    params: ['mystery'],
  };
  expect(await resolve(unknownParam)).toBe(
    'GET /x/:mystery: no way to fill :mystery: add params to its line in ROUTES',
  );
});

/** What the state-changing routes could change, as one comparable snapshot. */
async function worldSnapshot(): Promise<string> {
  const db = stack.db;
  const parts = await Promise.all([
    db('help_requests').whereIn('workspace_id', [fx.a.id, fx.b.id]).orderBy('id').select('id', 'phase'),
    db('request_events').where({ request_id: fx.requestId }).count({ n: '*' }),
    db('workspaces').whereIn('id', [fx.a.id, fx.b.id]).orderBy('id').select('id', 'dispatch_policy'),
    db('crisis_resources').whereIn('workspace_id', [fx.a.id, fx.b.id]).orderBy('id').select('id', 'name'),
    db('oncall_overrides').whereIn('workspace_id', [fx.a.id, fx.b.id]).orderBy('id').select('id'),
    db('oncall_rotas').whereIn('workspace_id', [fx.a.id, fx.b.id]).select('*'),
    db('message_templates').whereIn('workspace_id', [fx.a.id, fx.b.id]).select('*'),
    db('offers').where({ request_id: fx.requestId }).orderBy('id').select('id', 'status'),
  ]);
  return JSON.stringify(parts);
}

it('refuses every session-authorised state change with a missing or wrong CSRF token, and changes nothing', async () => {
  const before = await worldSnapshot();
  const problems: string[] = [];
  for (const route of table) {
    if (route.method === 'GET' || route.method === 'HEAD') continue;
    const resolved = await resolve(route);
    if (typeof resolved === 'string' || !resolved.rule.roles || ROUTES[route.key]?.noCsrf) continue;
    const { rule, url, ownedParams } = resolved;
    const who = ROLES.find((w) => w !== 'anonymous' && expected(route, rule, w, ownedParams) === 'allowed') as Who;
    const session = sessions[who] as Session;
    for (const csrf of [undefined, 'wrong-token', session.csrf.slice(0, -2) + 'xx']) {
      const res = await fetch(url, {
        method: route.method,
        redirect: 'manual',
        headers: {
          accept: 'application/json',
          cookie: session.cookie,
          'content-type': 'application/json',
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        body: JSON.stringify({ ...(ROUTES[route.key]?.body?.(fx, who) ?? {}) }),
      });
      const body = (await res.json()) as { error?: string };
      if (res.status !== 403 || !/expired/.test(body.error ?? ''))
        problems.push(`${route.key} as ${who} with csrf ${csrf ?? '(none)'}: ${res.status} ${body.error}`);
    }
  }
  expect(problems).toEqual([]);
  expect(await worldSnapshot()).toBe(before);
  // The form field is checked like the header: a form post without it is refused too.
  const form = await postForm(
    `${stack.baseUrl}/requests/${fx.requestId}/cancel`,
    sessions.coordinator,
    { reason: 'x' },
    { csrf: false },
  );
  expect(form.status).toBe(403);
  expect(await worldSnapshot()).toBe(before);
  const json = await sendJson(
    `${stack.baseUrl}/api/requests/${fx.requestId}/cancel`,
    'POST',
    sessions.lead,
    { reason: 'x' },
    { csrf: false },
  );
  expect(json.status).toBe(403);
  expect(await worldSnapshot()).toBe(before);
}, 60_000);

/** A token of the same shape that names nothing, and the real one with its last character changed. */
const wrongTokens = (real: string) => [
  randomBytes(32).toString('base64url'),
  real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A'),
];

/** Form fields a link route's POST takes, so a wrong token is refused for itself and not for an empty form. */
const LINK_FORM = { password: `${TEST_PASSWORD}!`, confirm: `${TEST_PASSWORD}!`, name: 'X', phone: '+15550100999' };

it('answers a wrong or expired token on every link route with 404 or 410, showing nothing and changing nothing', async () => {
  const links = table.filter((r) => r.params.includes('token'));
  expect(links.length).toBeGreaterThan(20);
  const real = async (route: RouteEntry) => {
    const resolved = await resolve(route);
    if (typeof resolved === 'string') throw new Error(resolved);
    return decodeURIComponent(resolved.url.split('/')[4] ?? '');
  };
  const passwordBefore = await stack.db('users').where({ id: fx.users.lead.id }).first('password_hash');
  const ask = async (route: RouteEntry, tokenValue: string, who: Who) => {
    const path = route.path.replace(':token', encodeURIComponent(tokenValue));
    const headers: Record<string, string> = { accept: 'text/html' };
    // Signed in as the winner too: a session never stands in for the link's token.
    headers.cookie = [fx.pre.cookie, sessions[who]?.cookie].filter(Boolean).join('; ');
    if (route.method === 'GET') return fetch(stack.baseUrl + path, { headers, redirect: 'manual' });
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams({ _csrf: fx.pre.token, ...LINK_FORM });
    return fetch(stack.baseUrl + path, { method: route.method, headers, body: form, redirect: 'manual' });
  };
  const problems: string[] = [];
  const check = async (route: RouteEntry, tokenValue: string, label: string, want: number[]) => {
    for (const who of ['anonymous', 'counselor', 'coordinator'] as const) {
      const res = await ask(route, tokenValue, who);
      const text = `${res.headers.get('location') ?? ''}\n${await res.text()}`;
      if (!want.includes(res.status)) problems.push(`${route.key} with ${label} as ${who}: ${res.status}`);
      // Nobody is entitled to anything through a token that is not valid, whoever is signed in.
      for (const which of Object.keys(CANARIES) as Canary[])
        for (const f of canariesIn(text, which)) problems.push(`${route.key} with ${label} as ${who}: shows ${f}`);
    }
  };

  const before = await worldSnapshot();
  for (const route of links)
    for (const [i, wrong] of wrongTokens(await real(route)).entries())
      await check(route, wrong, i ? 'a tampered token' : 'an unknown token', [404, 410]);

  // Expired: each kind's real token, past its expiry (restored after, the same rows).
  const past = new Date(Date.now() - 1000);
  const expireAll = async (at: Date | (() => unknown)) => {
    const when = at instanceof Date ? at : stack.db.raw("now() + interval '1 day'");
    await stack
      .db('offer_links')
      .whereIn('token_hash', [fx.offerToken, fx.aftercare.wonToken].map(hashToken))
      .update({ expires_at: when });
    await stack
      .db('alert_links')
      .where({ token_hash: hashToken(fx.alertToken) })
      .update({ expires_at: when });
    await stack
      .db('help_requests')
      .where({ status_token_hash: hashToken(fx.statusToken) })
      .update({ status_link_expires_at: when });
    await stack
      .db('invitations')
      .where({ token_hash: hashToken(fx.inviteToken) })
      .update({ expires_at: when });
  };
  await expireAll(past);
  try {
    for (const route of links) {
      // The requester's session link lives as long as the session it schedules: it has no expiry to pass.
      if (route.path.startsWith('/s/')) continue;
      const expiredToken = route.path.startsWith('/reset-password/')
        ? await stack.stores.accounts.mintPasswordReset(fx.users.lead.id, -1000)
        : await real(route);
      await check(route, expiredToken, 'an expired token', [410]);
    }
  } finally {
    await expireAll(() => undefined);
  }
  expect(problems).toEqual([]);
  expect(await worldSnapshot()).toBe(before);
  expect(await stack.db('users').where({ id: fx.users.lead.id }).first('password_hash')).toEqual(passwordBefore);
}, 120_000);

/** Every row of a workspace (its own tables, its requests' offers and assignments) that names one of `ids`. */
async function crossReferences(ws: Workspace, ids: string[]): Promise<string[]> {
  const tables: string[] = await stack
    .db('information_schema.columns')
    .where({ column_name: 'workspace_id', table_schema: 'public' })
    .pluck('table_name');
  const requests = stack.db('help_requests').where({ workspace_id: ws.id }).select('id');
  const dumps: [string, unknown[]][] = [
    ['offers', await stack.db('offers').whereIn('request_id', requests)],
    ['assignments', await stack.db('assignments').whereIn('request_id', requests)],
  ];
  for (const t of tables) dumps.push([t, await stack.db(t).where({ workspace_id: ws.id })]);
  return dumps.flatMap(([t, rows]) => {
    const text = JSON.stringify(rows);
    return ids.filter((id) => text.includes(id)).map((id) => `${t} of workspace ${ws.slug} names ${id}`);
  });
}

it("refuses another workspace's ids in the body of every state change, and no row comes to name them", async () => {
  const user = (w: Who) => fx.users[w as Exclude<Who, 'anonymous'>];
  const people = (who: Who[]) => who.map((w) => user(w).id);
  const ofA = [fx.a.id, fx.requestId, ...people(['counselor', 'peer-counselor', 'lead', 'coordinator'])];
  const otherRequest = await submitRequest(stack.baseUrl, {
    workspace: fx.b.slug,
    language: 'en',
    topic: 'general',
    email: `b-${randomBytes(3).toString('hex')}@example.org`,
    safety: 'no',
  });
  expect(otherRequest.status).toBe(201);
  const ofB = [
    fx.b.id,
    otherRequest.body.id as string,
    ...people(['other-counselor', 'other-lead', 'other-coordinator']),
  ];
  expect(await crossReferences(fx.a, ofB)).toEqual([]);
  expect(await crossReferences(fx.b, ofA)).toEqual([]);

  /** Every id field any form or JSON body of the app reads, all naming the other workspace's things. */
  const spray = (ids: string[]) => {
    const [workspaceId, requestId, counselorId, leadId, userId] = ids;
    return {
      counselorId,
      leadId,
      userId,
      requestId,
      workspaceId,
      workspace: workspaceId,
      ownerId: userId,
      'lead-0': leadId,
      'lead-1': counselorId,
      overrideLead: leadId,
      overrideFrom: '2031-01-06T09:00',
      overrideTo: '2031-01-07T09:00',
      timeZone: 'Europe/Tallinn',
      handoverWeekday: '1',
      handoverTime: '09:00',
      startsOn: '2031-01-06',
      reason: 'matrix',
      body: 'Checking in',
    };
  };
  const problems: string[] = [];
  // A form may show back the id it was sent; never who that id is (their email) in the other workspace.
  const emailsOfA = (['counselor', 'peer-counselor', 'lead', 'coordinator'] as Who[]).map((w) => user(w).email);
  const emailsOfB = (['other-counselor', 'other-lead', 'other-coordinator'] as Who[]).map((w) => user(w).email);
  for (const [who, ids, foreignEmails] of [
    ['coordinator', ofB, emailsOfB],
    ['lead', ofB, emailsOfB],
    ['other-coordinator', ofA, emailsOfA],
    ['other-lead', ofA, emailsOfA],
  ] as [Who, string[], string[]][]) {
    for (const route of table) {
      if (route.method !== 'POST' || ROUTES[route.key]?.endsSession) continue;
      const resolved = await resolve(route);
      if (typeof resolved === 'string' || !resolved.rule.roles) continue;
      if (expected(route, resolved.rule, who, resolved.ownedParams) !== 'allowed') continue;
      const res = await fetch(resolved.url, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...(sessions[who] as Session).headers, accept: 'application/json' },
        body: JSON.stringify(spray(ids)),
      });
      const text = `${res.headers.get('location') ?? ''}\n${await res.text()}`;
      if (res.status >= 500) problems.push(`${route.key} as ${who}: ${res.status}`);
      problems.push(...leaks(route.key, who, text));
      for (const email of foreignEmails)
        if (text.includes(email)) problems.push(`${route.key} as ${who}: names ${email} of the other workspace`);
    }
  }
  expect(problems).toEqual([]);
  expect(await crossReferences(fx.a, ofB)).toEqual([]);
  expect(await crossReferences(fx.b, ofA)).toEqual([]);
}, 120_000);
