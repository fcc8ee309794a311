// The spread before and after the head start: accepts through the real stack before a coordinator switches the
// head start on (audited) and after; the metrics page and its CSV compare the two sides from what happened.
import type { User, Workspace } from '../../db';
import { sendJson } from '../helpers/forms';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  useTestStack,
} from '../helpers/stack';
import { acceptOfferOf, submitGriefRequest, untilAssigned } from '../helpers/past-requests';

const stack = useTestStack();
let ws: Workspace;
let coordinator: User;
let ann: User;
let bea: User;
let cy: User;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  ann = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
  bea = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
  cy = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
});

/** A new grief request, accepted by this counselor from the link in that request's offer SMS. */
async function sendAndAccept(counselor: User): Promise<void> {
  const requestId = await submitGriefRequest(stack, ws);
  await acceptOfferOf(stack, requestId, counselor, 20_000);
  await untilAssigned(stack, requestId, 20_000);
}

const csvOf = async (cookie: string, chart: string) => {
  const res = await fetch(`${stack.baseUrl}/metrics.csv?chart=${chart}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.text()).trim().split('\r\n');
};

it('compares how evenly accepts fell before and after the head start was switched on', async () => {
  const session = await loginSession(stack.baseUrl, coordinator.email);
  const { cookie } = session;
  // Never switched on: nothing to compare, said so.
  const first = await (await fetch(`${stack.baseUrl}/metrics`, { headers: { cookie } })).text();
  expect(first).toContain('id="chart-spread-change"');
  expect(first).toContain('has not been switched on, so there is no before and after');
  expect(await csvOf(cookie, 'spread-change')).toEqual(['Figure,Before,After']);

  // Before: Ann takes both requests.
  await sendAndAccept(ann);
  await sendAndAccept(ann);

  // The coordinator switches the head start on; the change is audited.
  const put = await sendJson(`${stack.baseUrl}/api/workspace/policy`, 'PUT', session, {
    ...FAST_POLICY,
    headStart: '1m',
  });
  expect(put.status).toBe(200);
  const [audited] = await stack.stores.audit.list(ws.id, { action: 'policy-changed' });
  expect(audited.detail).toEqual({ changed: ['headStart'], headStartWasOn: false, headStartIsOn: true });
  expect(audited.actorId).toBe(coordinator.id);

  // After: Bea and Cy take one each.
  await sendAndAccept(bea);
  await sendAndAccept(cy);

  expect(await csvOf(cookie, 'spread-change')).toEqual([
    'Figure,Before,After',
    'Accepts,2,2',
    'Counselors,3,3',
    'Took none,2,1',
    'Busiest fifth’s share (%),100,50',
    // [2, 0, 0] and [1, 1, 0].
    'Gini,0.67,0.33',
  ]);
  const after = [bea, cy].sort((x, y) => x.name.localeCompare(y.name));
  expect(await csvOf(cookie, 'spread-change-counselors')).toEqual([
    'Counselor,Accepts before,Share before (%),Accepts after,Share after (%)',
    ...after.map((c) => `${c.name},0,0,1,50`),
    `${ann.name},2,100,0,0`,
  ]);
  const html = await (await fetch(`${stack.baseUrl}/metrics`, { headers: { cookie } })).text();
  expect(html).toContain('The head start was switched on ');
  expect(html).toContain('<table id="spread-change-figures">');
  expect(html).toContain('href="/metrics.csv?chart=spread-change-counselors&amp;weeks=12"');

  // Another change that leaves the head start on moves nothing: the switch is still the first one.
  expect(
    (await sendJson(`${stack.baseUrl}/api/workspace/policy`, 'PUT', session, { ...FAST_POLICY, headStart: '2m' }))
      .status,
  ).toBe(200);
  expect((await csvOf(cookie, 'spread-change'))[1]).toBe('Accepts,2,2');
});

it('is for coordinators only', async () => {
  const { cookie } = await loginSession(stack.baseUrl, ann.email);
  const res = await fetch(`${stack.baseUrl}/metrics.csv?chart=spread-change`, { headers: { cookie } });
  expect(res.status).toBe(403);
});
