// Quiet hours delay an offer SMS, they do not drop it: the email goes at once, the SMS when the hours end
// (a durable timer in the workflow), and not at all when the request was taken meanwhile.
import type { User, Workspace } from '../../db';
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import { untilAfterWin } from '../helpers/aftercare';
import { maybeSaveHistory } from '../helpers/histories';
import { QUIET_HOURS_POLICY } from '../helpers/quiet-hours';
import {
  acceptLinkIn,
  createCounselor,
  createWorkspace,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const POLICY = QUIET_HOURS_POLICY;

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/** Quiet hours (UTC) that began an hour ago and end at a minute boundary at least 20 s from now. */
function quietUntilSoon(): { quietStart: string; quietEnd: string; endsAt: number } {
  const now = Date.now();
  let endsAt = now - (now % 60_000) + 60_000;
  if (endsAt - now < 20_000) endsAt += 60_000;
  return { quietStart: hhmm(new Date(now - 3_600_000)), quietEnd: hhmm(new Date(endsAt)), endsAt };
}

async function quietCounselor(ws: Workspace) {
  const c = await createCounselor(stack.stores, ws, { languages: ['et'] });
  const q = quietUntilSoon();
  await stack.stores.users.updateProfile(c.id, { quietStart: q.quietStart, quietEnd: q.quietEnd, timeZone: 'UTC' });
  return { counselor: c, endsAt: q.endsAt };
}

const offerSmsTo = async (c: User) => (await smsTo(stack.stores, [c.phone!])).filter((m) => /New request/.test(m.body));
const status = (requestId: string) =>
  stack.temporal.workflow.getHandle(workflowIdFor(requestId)).query(dispatchStatusQuery);

it('sends an offer SMS held by quiet hours when they end, the email at once', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const { counselor, endsAt } = await quietCounselor(ws);
  const { requestId } = await startStoredRequest(stack, ws, POLICY, { language: 'et' });

  const email = await waitFor('the email offer, at once', async () => {
    const [m] = await stack.stores.devOutbox.list({ to: counselor.email, kind: 'email' });
    if (!m) throw new Error('none yet');
    return m;
  });
  expect(email.receivedAt.getTime()).toBeLessThan(endsAt);
  expect((await status(requestId)).heldForQuietHours).toEqual([counselor.id]);
  expect(await offerSmsTo(counselor)).toEqual([]);

  const [sms] = await waitFor(
    'the offer SMS after the quiet hours',
    async () => {
      const found = await offerSmsTo(counselor);
      if (found.length === 0) throw new Error('none yet');
      return found;
    },
    120_000,
  );
  expect(sms.receivedAt.getTime()).toBeGreaterThanOrEqual(endsAt);
  // No longer held once the send is recorded (a moment after the sink has it).
  await waitFor('the held list emptied', async () => {
    if ((await status(requestId)).heldForQuietHours?.length) throw new Error('still held');
  });
  // The SMS accepts like any offer.
  expect(await (await fetch(`${acceptLinkIn(sms.body)}/accept`, { method: 'POST' })).text()).toContain(
    'data-result="won"',
  );
  expect((await untilAfterWin(stack.temporal.workflow.getHandle(workflowIdFor(requestId)))).winner).toBe(counselor.id);
  expect(await offerSmsTo(counselor)).toHaveLength(1);
  await maybeSaveHistory(stack.temporal, 'quiet-hours-delayed', workflowIdFor(requestId));
  await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).terminate('test done');
});

it('withdraws the held SMS when the request is taken before the quiet hours end', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const { counselor: sleeper } = await quietCounselor(ws);
  const awake = await createCounselor(stack.stores, ws, { languages: ['et'] });
  const { requestId } = await startStoredRequest(stack, ws, POLICY, { language: 'et' });

  const [offer] = await waitFor('the offer SMS to the counselor awake', async () => {
    const found = await offerSmsTo(awake);
    if (found.length === 0) throw new Error('none yet');
    return found;
  });
  await waitFor('the sleeper held for the morning', async () => {
    if (!(await status(requestId)).heldForQuietHours?.includes(sleeper.id)) throw new Error('not held');
  });
  expect(await (await fetch(`${acceptLinkIn(offer.body)}/accept`, { method: 'POST' })).text()).toContain(
    'data-result="won"',
  );
  // Taken: the held SMS is withdrawn at once (the timer is not waited out), and the sleeper hears it is
  // covered by email, where their offer reached them.
  await waitFor('the held SMS withdrawn', async () => {
    if ((await status(requestId)).heldForQuietHours?.length) throw new Error('still held');
  });
  await waitFor('the covered email', async () => {
    const mails = await stack.stores.devOutbox.list({ to: sleeper.email, kind: 'email' });
    if (!mails.some((m) => /Covered/.test(m.subject ?? ''))) throw new Error('not yet');
  });
  expect(await smsTo(stack.stores, [sleeper.phone!])).toEqual([]);
  await maybeSaveHistory(stack.temporal, 'quiet-hours-withdrawn', workflowIdFor(requestId));
  await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).terminate('test done');
});
