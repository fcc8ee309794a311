// kill -9 the worker while an offer SMS held by quiet hours is being sent (the provider has taken it but not
// yet answered): a new worker finishes the send, and the counselor gets that SMS exactly once.
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import { killAllEntries, startEntry, type EntryProcess } from '../helpers/processes';
import { createWorkspace, smsTo, startStoredRequest, startTestStack, waitFor, type TestStack } from '../helpers/stack';
import { createSleepingCounselor, QUIET_HOURS_POLICY } from '../helpers/quiet-hours';
import { clearSinkFaults, queueSinkFaults } from '../helpers/twilio';

let stack: TestStack;
let worker: EntryProcess | undefined;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  killAllEntries();
  await clearSinkFaults(stack);
  await stack?.stop();
});

const POLICY = QUIET_HOURS_POLICY;

it('sends a quiet-hours SMS exactly once when the worker dies while sending it', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const { sleeper, endsAt } = await createSleepingCounselor(stack.stores, ws, 30_000);
  // The provider takes the late SMS at once but answers only after 10 s: the kill lands before the answer.
  await queueSinkFaults(stack, [{ to: sleeper.phone!, delayMs: 10_000 }]);

  worker = startEntry('workers/main.ts', stack.env);
  const { requestId, handle } = await startStoredRequest(stack, ws, POLICY, { language: 'et' });
  await waitFor('the SMS held for the end of the quiet hours', async () => {
    if (!(await handle.query(dispatchStatusQuery)).heldForQuietHours?.includes(sleeper.id)) throw new Error('not held');
  });

  const offers = async () => (await smsTo(stack.stores, [sleeper.phone!])).filter((m) => /New request/.test(m.body));
  const [taken] = await waitFor(
    'the late SMS at the provider',
    async () => {
      const found = await offers();
      if (found.length === 0) throw new Error('none yet');
      return found;
    },
    120_000,
  );
  expect(taken.receivedAt.getTime()).toBeGreaterThanOrEqual(endsAt);
  worker.killHard();
  await worker.exited();
  worker = startEntry('workers/main.ts', stack.env);

  // The new worker settles the send (found at the provider, not sent again) and the hold ends.
  await waitFor(
    'the held SMS settled by the new worker',
    async () => {
      if ((await handle.query(dispatchStatusQuery)).heldForQuietHours?.length) throw new Error('still held');
      const row = await stack
        .db('notifications')
        .where({ request_id: requestId, user_id: sleeper.id, channel: 'sms' })
        .first();
      if (row?.status !== 'sent') throw new Error(`ledger: ${row?.status}`);
    },
    120_000,
  );
  expect(await offers()).toHaveLength(1);
  const ledger = await stack.db('notifications').where({ request_id: requestId, user_id: sleeper.id, channel: 'sms' });
  expect(ledger).toHaveLength(1);
  expect(ledger[0].provider_id).toBe(taken.providerId);
  await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).terminate('test done');
});
