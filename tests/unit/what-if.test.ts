// The policy what-if on constructed histories: the self-check (the actual policy reproduces what happened), and
// each policy change moving exactly the accepts the model says it moves.
import {
  predictRequest,
  summarise,
  whatIf,
  whatIfPolicyOf,
  type HistoryRequest,
  type WhatIfPolicy,
} from '../../domain/what-if';
import { DEFAULT_DISPATCH_POLICY } from '../../domain/policy';

const MIN = 60_000;
const HOUR = 60 * MIN;
// The default policy: SMS 20 min, email 40 min, alert, hold 24 h.
const ACTUAL = whatIfPolicyOf(DEFAULT_DISPATCH_POLICY, false);
const LATENCY = 800; // the software's part: submission to the first wave

function request(over: Partial<HistoryRequest> & { requestId: string }): HistoryRequest {
  return {
    submittedAt: new Date('2026-11-02T10:00:00Z'),
    urgent: false,
    policy: ACTUAL,
    waves: [
      { wave: 1, channel: 'sms', atMs: LATENCY },
      { wave: 2, channel: 'email', atMs: LATENCY + 20 * MIN + 150 },
      { wave: 3, channel: 'alert', atMs: LATENCY + 60 * MIN + 300 },
    ],
    contacts: [],
    answers: [],
    assignedAtMs: null,
    widened: [],
    load: {},
    actualMs: null,
    ...over,
  };
}

const smsAccept = request({
  requestId: 'sms-accept',
  contacts: [
    { counselorId: 'ann', channel: 'sms', wave: 1, atMs: LATENCY + 40 },
    { counselorId: 'bea', channel: 'sms', wave: 1, atMs: LATENCY + 60 },
  ],
  answers: [
    { counselorId: 'bea', kind: 'declined', atMs: 3 * MIN },
    { counselorId: 'ann', kind: 'accepted', atMs: 7 * MIN, via: 'link' },
  ],
  actualMs: 7 * MIN,
});
const emailAccept = request({
  requestId: 'email-accept',
  contacts: [
    { counselorId: 'cid', channel: 'sms', wave: 1, atMs: LATENCY + 30 },
    { counselorId: 'cid', channel: 'email', wave: 2, atMs: LATENCY + 20 * MIN + 400 },
  ],
  answers: [{ counselorId: 'cid', kind: 'accepted', atMs: 50 * MIN, via: 'link' }],
  actualMs: 50 * MIN,
});
const assigned = request({
  requestId: 'assigned',
  contacts: [{ counselorId: 'dan', channel: 'sms', wave: 1, atMs: LATENCY + 30 }],
  answers: [{ counselorId: 'dan', kind: 'declined', atMs: 2 * MIN }],
  assignedAtMs: 2 * HOUR,
  actualMs: 2 * HOUR,
});
const neverTaken = request({
  requestId: 'never',
  contacts: [{ counselorId: 'eve', channel: 'sms', wave: 1, atMs: LATENCY + 30 }],
  actualMs: null,
});
const HISTORY = [smsAccept, emailAccept, assigned, neverTaken];
const both = (p: WhatIfPolicy) => ({ normal: p, urgent: p });

it('self-check: under the actual policy it reproduces every actual time to first accept exactly', () => {
  const r = whatIf(HISTORY, both(ACTUAL), { withinMs: HOUR });
  expect(r.perRequest.map((p) => [p.requestId, p.predictedMs])).toEqual(HISTORY.map((h) => [h.requestId, h.actualMs]));
  expect(r.selfCheck).toEqual({ maxErrorMs: 0, meanErrorMs: 0, mismatchedTaken: 0 });
  expect(r.predicted).toEqual(r.actual);
  // 3 of 4 taken; within an hour: the SMS and the email accepts.
  expect(r.actual.taken).toBe(3);
  expect(r.actual.withinShare).toBe(0.5);
  expect(r.actual.p50Ms).toBe(50 * MIN);
});

it('a shorter SMS wait brings the email wave, and the accept that followed it, forward by the difference', () => {
  const shorter: WhatIfPolicy = { ...ACTUAL, waves: [{ channel: 'sms', waitMs: 5 * MIN }, ...ACTUAL.waves.slice(1)] };
  expect(predictRequest(emailAccept, shorter).predictedMs).toBe(50 * MIN - 15 * MIN);
  // The SMS accept is untouched, and the coordinator's assignment follows the alert (15 min sooner).
  expect(predictRequest(smsAccept, shorter).predictedMs).toBe(7 * MIN);
  expect(predictRequest(assigned, shorter).predictedMs).toBe(2 * HOUR - 15 * MIN);
  const r = whatIf(HISTORY, both(shorter), { withinMs: HOUR });
  expect(r.predicted.p50Ms).toBe(35 * MIN);
  expect(r.predicted.p50Ms).toBeLessThan(r.actual.p50Ms as number);
});

it('without the email wave, the counselor who answered the email is not invented to have answered the SMS', () => {
  const smsOnly: WhatIfPolicy = { ...ACTUAL, waves: [ACTUAL.waves[0], ACTUAL.waves[2]] };
  const p = predictRequest(emailAccept, smsOnly);
  expect(p.predictedMs).toBeNull();
  expect(p.predictable).toBe(true);
});

it('a head start moves the rest of wave 1 later and holds overcommitting counselors to the next wave', () => {
  const head: WhatIfPolicy = { ...ACTUAL, headStartMs: 5 * MIN, holdBackOvercommitted: true };
  const below = { ...smsAccept, load: { ann: 'below' as const } };
  expect(predictRequest(below, head).predictedMs).toBe(7 * MIN);
  // Bea is below her usual load: Ann (usual) hears 5 min later. With nobody below, everyone hears at once.
  const beaBelow = { ...smsAccept, load: { bea: 'below' as const } };
  expect(predictRequest(beaBelow, head).predictedMs).toBe(12 * MIN);
  expect(predictRequest(smsAccept, head).predictedMs).toBe(7 * MIN);
  // Overcommitting: held to wave 2 (email, at 20 min); her SMS accept moves with it.
  const over = { ...smsAccept, load: { ann: 'over' as const } };
  expect(predictRequest(over, head).predictedMs).toBe(7 * MIN + 20 * MIN);
  // And replayed under a head-start policy it ran with, the same history gives back what happened.
  const ranWithHead = { ...beaBelow, policy: head, actualMs: 7 * MIN };
  expect(predictRequest(ranWithHead, head).predictedMs).toBe(7 * MIN);
  expect(predictRequest(ranWithHead, ACTUAL).predictedMs).toBe(2 * MIN);
});

it('SMS links off: a link tap waits for the email; a reply code is unaffected', () => {
  const noLinks: WhatIfPolicy = { ...ACTUAL, smsIncludesLink: false };
  const tappedWithEmail = request({
    requestId: 'tap',
    contacts: [
      { counselorId: 'ann', channel: 'sms', wave: 1, atMs: LATENCY },
      { counselorId: 'ann', channel: 'email', wave: 2, atMs: LATENCY + 20 * MIN },
    ],
    answers: [{ counselorId: 'ann', kind: 'accepted', atMs: LATENCY + 3 * MIN, via: 'link' }],
    actualMs: LATENCY + 3 * MIN,
  });
  expect(predictRequest(tappedWithEmail, noLinks).predictedMs).toBe(LATENCY + 23 * MIN);
  expect(predictRequest(smsAccept, noLinks).predictedMs).toBeNull(); // no email to fall back on
  const replied = {
    ...smsAccept,
    answers: [{ counselorId: 'ann', kind: 'accepted' as const, atMs: 7 * MIN, via: 'sms-reply' as const }],
  };
  expect(predictRequest(replied, noLinks).predictedMs).toBe(7 * MIN);
});

it('widening: a step the policy drops means no offers; a changed order cannot be predicted', () => {
  const widened = { ...smsAccept, widened: ['drop-lived-experience' as const] };
  expect(predictRequest(widened, { ...ACTUAL, widening: [] }).predictedMs).toBeNull();
  const reordered = predictRequest(widened, { ...ACTUAL, widening: ['general-support', 'drop-lived-experience'] });
  expect(reordered.predictable).toBe(false);
  const r = whatIf(
    [widened, emailAccept],
    both({ ...ACTUAL, widening: ['general-support', 'drop-lived-experience'] }),
    {
      withinMs: HOUR,
    },
  );
  // The unpredictable request is left out of both sides.
  expect(r.actual.counted).toBe(1);
  expect(r.predicted.counted).toBe(1);
  expect(r.predicted.unpredictable).toBe(1);
});

it('an accept later than the changed policy keeps the request open is lost', () => {
  const shortHold: WhatIfPolicy = { ...ACTUAL, waves: [{ channel: 'sms', waitMs: 2 * MIN }], holdOpenMs: 0 };
  expect(predictRequest(smsAccept, shortHold).predictedMs).toBeNull();
});

it('summarises p50, p90 and the share within the hours asked', () => {
  const s = summarise(
    [10, 20, 30, 40, null].map((m) => ({ ms: m === null ? null : m * MIN, predictable: true })),
    25 * MIN,
  );
  expect(s).toEqual({
    requests: 5,
    counted: 5,
    unpredictable: 0,
    taken: 4,
    p50Ms: 25 * MIN,
    p90Ms: 37 * MIN,
    withinShare: 2 / 5,
  });
});

it('reads a dispatch policy with its urgent waits', () => {
  const p = whatIfPolicyOf({ ...DEFAULT_DISPATCH_POLICY, headStart: '5m' }, true);
  expect(p.waves.map((w) => w.waitMs)).toEqual([5 * MIN, 10 * MIN, 0]);
  expect(p.holdOpenMs).toBe(4 * HOUR);
  expect(p.headStartMs).toBe(5 * MIN);
});
