// A late (quiet-hours) offer SMS already on its way when the request is won goes out before the "covered"
// message: the workflow waits for it (bounded) instead of letting "covered" overtake the offer on the phone.
import { workflowIdFor } from '../../workflows/definitions';
import { untilAfterWin } from '../helpers/aftercare';
import { maybeSaveHistory } from '../helpers/histories';
import {
  acceptLinkIn,
  createCounselor,
  createWorkspace,
  smsTo,
  startStoredRequest,
  startTestStack,
  waitFor,
  type TestStack,
} from '../helpers/stack';
import { createSleepingCounselor, QUIET_HOURS_POLICY } from '../helpers/quiet-hours';
import { clearSinkFaults, pendingSinkFaults, queueSinkFaults } from '../helpers/twilio';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await clearSinkFaults(stack);
  await stack?.stop();
});

const POLICY = QUIET_HOURS_POLICY;

it('sends "covered" after a late offer SMS that was in flight when the request was won', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const { sleeper, endsAt } = await createSleepingCounselor(stack.stores, ws, 25_000);
  const awake = await createCounselor(stack.stores, ws, { languages: ['et'] });
  // The provider takes its time over the sleeper's late SMS: it is accepted (and recorded) 8 s after it is sent.
  await queueSinkFaults(stack, [{ to: sleeper.phone!, holdMs: 8000 }]);
  const { requestId, handle } = await startStoredRequest(stack, ws, POLICY, { language: 'et' });

  const [offer] = await waitFor('the offer SMS to the counselor awake', async () => {
    const found = (await smsTo(stack.stores, [awake.phone!])).filter((m) => /New request/.test(m.body));
    if (found.length === 0) throw new Error('none yet');
    return found;
  });
  // The quiet hours end and the late SMS reaches the provider, which holds it.
  await waitFor(
    'the late SMS at the provider',
    async () => {
      if ((await pendingSinkFaults(stack)) > 0) throw new Error('not yet');
    },
    120_000,
  );
  expect(await (await fetch(`${acceptLinkIn(offer.body)}/accept`, { method: 'POST' })).text()).toContain(
    'data-result="won"',
  );
  expect((await untilAfterWin(handle)).winner).toBe(awake.id);

  const toSleeper = async () => [
    ...(await smsTo(stack.stores, [sleeper.phone!])),
    ...(await stack.stores.devOutbox.list({ to: sleeper.email, kind: 'email' })),
  ];
  const { lateOffer, covered } = await waitFor('the late offer and the covered message', async () => {
    const all = await toSleeper();
    const lateOffer = all.find((m) => m.kind === 'sms' && /New request/.test(m.body));
    const covered = all.find((m) => /covered/i.test(`${m.subject ?? ''} ${m.body}`));
    if (!lateOffer || !covered) throw new Error('not yet');
    return { lateOffer, covered };
  });
  expect(lateOffer.receivedAt.getTime()).toBeGreaterThanOrEqual(endsAt);
  expect(covered.receivedAt.getTime()).toBeGreaterThanOrEqual(lateOffer.receivedAt.getTime());
  await maybeSaveHistory(stack.temporal, 'quiet-hours-late-in-flight', workflowIdFor(requestId));
  await handle.terminate('test done');
});
