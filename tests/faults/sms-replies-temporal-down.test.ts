// SMS replies while the Temporal server itself is down: Twilio still gets its answer in time, the decline is
// recorded at once and its signal delivered later, the accept is confirmed by SMS once Temporal is back.
// A Temporal server of this test's own, so stopping it does not disturb the rest of the suite.
import path from 'node:path';
import type { User } from '../../db';
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import { startTemporal, type TemporalService } from '../../scripts/services';
import {
  createCounselor,
  createWorkspace,
  smsTo,
  startTestStack,
  submitRequest,
  waitFor,
  type TestStack,
} from '../helpers/stack';
import { newMessageSid, textApp } from '../helpers/twilio';

let temporal: TemporalService;
let port: number;
let stack: TestStack;
const dbFile = path.join(process.env.TEST_DIR as string, `sms-temporal-down-${process.pid}.db`);
const start = () => startTemporal({ cli: process.env.TEST_TEMPORAL_CLI as string, port, dbFile });

beforeAll(async () => {
  // On a free port (another one if the first is taken at start); the restart below reuses it.
  temporal = await startTemporal({ cli: process.env.TEST_TEMPORAL_CLI as string, dbFile });
  port = temporal.port;
  stack = await startTestStack({ temporalAddress: temporal.address });
});
afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
});

const WON = "It's yours. We will text you how to reach them.";

async function offerCode(requestId: string, counselor: User): Promise<number> {
  return waitFor(
    'offer SMS',
    async () => {
      const sent = await stack
        .db('notifications')
        .where({ request_id: requestId, user_id: counselor.id, channel: 'sms', status: 'sent' })
        .whereLike('purpose', 'offer-%')
        .first();
      const offer = await stack.stores.offers.getFor(requestId, counselor.id);
      if (!sent || !offer?.replyCode) throw new Error('not sent yet');
      return offer.replyCode;
    },
    20_000,
  );
}

it('answers replies within Twilio’s 15 s while Temporal is down, and finishes them once it is back', async () => {
  const ws = await createWorkspace(stack.stores);
  const [decliner, accepter] = [await createCounselor(stack.stores, ws), await createCounselor(stack.stores, ws)];
  const submit = async () =>
    (
      await submitRequest(stack.baseUrl, {
        workspace: ws.slug,
        language: 'en',
        topic: 'general',
        email: 'requester@example.org',
        safety: 'no',
      })
    ).body.id as string;
  // Two requests, so the one declined stays open (an assigned request's workflow may finish before a
  // decline reaches it, and then there is nothing left to tell it).
  const declinedRequest = await submit();
  const acceptedRequest = await submit();
  const declineCode = await offerCode(declinedRequest, decliner);
  const acceptCode = await offerCode(acceptedRequest, accepter);
  await offerCode(declinedRequest, accepter);
  await offerCode(acceptedRequest, decliner);

  await temporal.stop();
  const declineSid = newMessageSid();
  const acceptSid = newMessageSid();
  try {
    // Both at once: each must be answered within Twilio's 15 s on its own.
    const started = Date.now();
    const [declined, accepted] = await Promise.all([
      textApp(stack, decliner.phone as string, `D${declineCode}`, { messageSid: declineSid }).then((a) => ({
        ...a,
        ms: Date.now() - started,
      })),
      textApp(stack, accepter.phone as string, `A${acceptCode}`, { messageSid: acceptSid }).then((a) => ({
        ...a,
        ms: Date.now() - started,
      })),
    ]);
    expect(declined.ms).toBeLessThan(15_000);
    expect(accepted.ms).toBeLessThan(15_000);
    // The database is the record of a decline: it holds at once; only the workflow hears of it later.
    expect(declined.message).toBe('Declined. Thank you for letting us know.');
    expect((await stack.stores.offers.getFor(declinedRequest, decliner.id))?.status).toBe('declined');
    expect(await stack.stores.sms.getInboxItem(declineSid)).toMatchObject({ action: 'decline', status: 'pending' });
    expect(accepted.message).toBe("Got it. We'll confirm shortly.");
    expect(await stack.stores.sms.getInboxItem(acceptSid)).toMatchObject({ action: 'accept', status: 'pending' });
  } finally {
    temporal = await start();
  }

  await waitFor(
    'the inbox to be drained',
    async () => {
      const items = await Promise.all([declineSid, acceptSid].map((sid) => stack.stores.sms.getInboxItem(sid)));
      expect(items.map((i) => [i?.status, i?.result])).toEqual([
        ['done', 'declined'],
        ['done', 'won'],
      ]);
    },
    60_000,
  );
  expect(await stack.stores.requests.getAssignee(acceptedRequest)).toBe(accepter.id);
  const statusOf = (id: string) => stack.temporal.workflow.getHandle(workflowIdFor(id)).query(dispatchStatusQuery);
  expect((await statusOf(declinedRequest)).declined).toEqual([decliner.id]);
  expect((await statusOf(acceptedRequest)).winner).toBe(accepter.id);
  expect((await smsTo(stack.stores, [accepter.phone as string])).filter((m) => m.body === WON)).toHaveLength(1);
});
