// The policy what-if on the real stack: two requests dispatched by the workflow (one accepted from its SMS
// link, one from the email wave after the SMS wait), read back by the metrics store; replayed under the policy
// they ran with they give back what happened (the self-check), and a longer SMS wait moves only the email accept.
import type { User, Workspace } from '../../db';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../../domain/policy';
import { predictRequest, whatIf, whatIfPolicyOf } from '../../domain/what-if';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { acceptFirstOfferSms, submitGriefRequest, untilAssigned } from '../helpers/past-requests';

const POLICY: DispatchPolicy = {
  ...DEFAULT_DISPATCH_POLICY,
  waves: [
    { channel: 'sms', wait: '4s' },
    { channel: 'email', wait: '60s' },
  ],
  holdOpen: '30s',
};

const stack = useTestStack();
let ws: Workspace;
let coordinator: User;
let lead: User;
let ann: User;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores, POLICY);
  coordinator = await createStaff(stack.stores, ws);
  lead = await createStaff(stack.stores, ws, 'lead');
  ann = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
});

const send = () => submitGriefRequest(stack, ws);
const taken = (id: string) => untilAssigned(stack, id, 30_000);

it('replays the team history: the self-check is exact and a longer SMS wait moves only the email accept', async () => {
  const start = new Date();
  // 1: Ann taps the SMS link.
  const bySms = await send();
  await acceptFirstOfferSms(stack, ann, 20_000);
  await taken(bySms);

  // 2: Ann lets the SMS wave pass and accepts from the email that follows it.
  const byEmail = await send();
  const email = await waitFor(
    'the offer email',
    async () => {
      // Her offer email for this request (the first request's confirmation carries a link too).
      for (const m of await stack.stores.devOutbox.list({ to: ann.email, kind: 'email' })) {
        if (!m.body.includes('/o/')) continue;
        const offer = await stack.stores.offers.getByToken(acceptLinkIn(m.body).split('/o/')[1]);
        if (offer?.requestId === byEmail) return m;
      }
      throw new Error('none yet');
    },
    30_000,
  );
  expect((await fetch(`${acceptLinkIn(email.body)}/accept`, { method: 'POST' })).status).toBe(200);
  await taken(byEmail);

  const history = await stack.stores.metrics.whatIfHistory(ws.id, start, new Date(Date.now() + 1000));
  expect(history.map((h) => h.requestId).sort()).toEqual([bySms, byEmail].sort());
  const emailHistory = history.find((h) => h.requestId === byEmail)!;
  expect(emailHistory.contacts.map((c) => [c.channel, c.wave]).sort()).toEqual([
    ['email', 2],
    ['sms', 1],
  ]);
  expect(emailHistory.answers).toEqual([
    expect.objectContaining({ counselorId: ann.id, kind: 'accepted', via: 'link' }),
  ]);

  const actual = whatIfPolicyOf(POLICY, false);
  const self = whatIf(history, { normal: actual, urgent: actual }, { withinMs: 3_600_000 });
  // The self-check on the real stack: exact (error 0 ms), both taken.
  expect(self.selfCheck).toEqual({ maxErrorMs: 0, meanErrorMs: 0, mismatchedTaken: 0 });
  expect(self.actual.taken).toBe(2);

  const slower = whatIfPolicyOf({ ...POLICY, waves: [{ channel: 'sms', wait: '1h' }, POLICY.waves[1]] }, false);
  const moved = predictRequest(emailHistory, slower);
  expect(moved.predictedMs).toBe((emailHistory.actualMs as number) + 3_600_000 - 4_000);
  const smsHistory = history.find((h) => h.requestId === bySms)!;
  expect(predictRequest(smsHistory, slower).predictedMs).toBe(smsHistory.actualMs);

  // The page: the same figures, said to be an estimate, with the self-check.
  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const day = start.toISOString().slice(0, 10);
  const q = new URLSearchParams([
    ['from', day],
    ['to', day],
    ['within', '1'],
    ['channel', 'sms'],
    ['wait', '1h'],
    ['channel', 'email'],
    ['wait', '60s'],
    ['holdOpen', '30s'],
    ['headStart', '0s'],
    ['widening', 'lived-then-general'],
    ['links', 'on'],
  ]);
  const res = await fetch(`${stack.baseUrl}/metrics/what-if?${q}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('This is an estimate, not a promise.');
  expect(html).toMatch(/gives back what happened\s+within 0 s at most/);
  expect(html).toMatch(/moves the time to first accept of\s+1\./);
  // Taken within an hour: both actually, one (the SMS accept) with the slower SMS wait.
  expect(html).toMatch(/Taken within 1 h<\/th>\s*<td>100%<\/td>\s*<td>50%<\/td>/);
});

it('refuses a bad period with a clear message, and is for coordinators only', async () => {
  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const bad = await fetch(`${stack.baseUrl}/metrics/what-if?from=yesterday&to=2026-01-01&within=1`, {
    headers: { cookie },
  });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('Enter the first day as a date like 2026-11-02.');
  const opened = await fetch(`${stack.baseUrl}/metrics/what-if`, { headers: { cookie } });
  expect(opened.status).toBe(200);
  expect(await opened.text()).toContain('id="self-check"');
  const l = await loginSession(stack.baseUrl, lead.email);
  expect((await fetch(`${stack.baseUrl}/metrics/what-if`, { headers: { cookie: l.cookie } })).status).toBe(403);
});
