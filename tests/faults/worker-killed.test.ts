// kill -9 the worker in the middle of wave 1 and start it again: the wave continues, and every counselor
// gets exactly one offer SMS, whether their message had reached the provider before the kill or not.
import {
  acceptLinkIn,
  createCounselor,
  FAST_POLICY,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
  waitForSmsTo,
} from '../helpers/stack';
import { killAllEntries, startEntry, type EntryProcess } from '../helpers/processes';
import { queueSinkFaults } from '../helpers/twilio';
import { maybeSaveHistory } from '../helpers/histories';
import { workflowIdFor } from '../../workflows/definitions';

const stack = useTestStack({ worker: false });
let worker: EntryProcess | undefined;

afterAll(async () => {
  killAllEntries();
});

it('loses nothing and sends nothing twice when the worker dies mid-wave', async () => {
  const ws = await stack.stores.workspaces.create({
    slug: `killed-${Date.now()}`,
    name: 'Kill team',
    dispatchPolicy: {
      ...FAST_POLICY,
      waves: [
        { channel: 'sms', wait: '1s' },
        { channel: 'email', wait: '60s' },
      ],
    },
  });
  const [reached, notReached, ...rest] = await Promise.all(
    Array.from({ length: 5 }, () => createCounselor(stack.stores, ws, { languages: ['uk'] })),
  );
  const everyone = [reached, notReached, ...rest];
  // The provider takes `reached`'s message but answers slowly; `notReached`'s request is refused after the
  // same delay, so neither answer arrives before the kill.
  await queueSinkFaults(stack, [
    { to: reached.phone as string, delayMs: 8000 },
    { to: notReached.phone as string, status: 503, delayMs: 8000 },
  ]);

  worker = startEntry('workers/main.ts', stack.env);
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'uk',
    topic: 'general',
    email: 'killed@example.org',
    safety: 'no',
  });
  await waitFor(
    'the quick SMS and the slow one at the provider',
    async () => {
      if (
        (
          await smsTo(
            stack.stores,
            everyone.map((c) => c.phone as string),
          )
        ).length < 4
      )
        throw new Error('not yet');
    },
    60_000,
  );
  worker.killHard();
  await worker.exited();
  worker = startEntry('workers/main.ts', stack.env);

  // The wave continues: the email wave goes to all five.
  await waitFor(
    'the email wave',
    async () => {
      const emails = (await Promise.all(everyone.map((c) => stack.stores.devOutbox.list({ to: c.email })))).flat();
      if (emails.length < 5) throw new Error(`${emails.length} of 5`);
    },
    90_000,
  );
  for (const c of everyone) {
    const offers = (await smsTo(stack.stores, [c.phone as string])).filter((m) => /Reply A\d+/.test(m.body));
    expect({ who: c.id, offers: offers.length }).toEqual({ who: c.id, offers: 1 });
  }
  // The message the provider had already taken was found there (same provider id), not sent again.
  const [taken] = await smsTo(stack.stores, [reached.phone as string]);
  const ledger = await stack
    .db('notifications')
    .where({ request_id: body.id, user_id: reached.id, channel: 'sms' })
    .first();
  expect(ledger.provider_id).toBe(taken.providerId);
  const sent = await stack.db('notifications').where({ request_id: body.id, channel: 'sms', status: 'sent' }).count();
  expect(Number(sent[0].count)).toBe(5);
});

it('lets an accept win that arrives while the workflow task sending the first wave is lost with its worker', async () => {
  const ws = await stack.stores.workspaces.create({
    slug: `lost-task-${Date.now()}`,
    name: 'Lost task team',
    dispatchPolicy: { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '60s' }] },
  });
  const [quick, slow] = await Promise.all([1, 2].map(() => createCounselor(stack.stores, ws, { languages: ['es'] })));
  // The slow counselor's message holds the first wave (sent from the workflow task itself) at the provider.
  await queueSinkFaults(stack, [{ to: slow.phone as string, delayMs: 3_000 }]);
  worker = startEntry('workers/main.ts', stack.env);
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'es',
    topic: 'general',
    email: 'lost-task@example.org',
    safety: 'no',
  });
  const [sms] = await waitForSmsTo(stack.stores, [quick.phone as string], 1, 60_000);
  // The worker dies with the task (and its wave) unfinished; the counselor taps Accept meanwhile. The server
  // hands the task to the next worker once it times out, with the accept in it: the workflow runs from its start.
  worker.killHard();
  await worker.exited();
  const link = acceptLinkIn(sms.body);
  const tap = () => fetch(`${link}/accept`, { method: 'POST', redirect: 'manual' });
  const first = tap();
  worker = startEntry('workers/main.ts', stack.env);
  let answer = await first;
  // "Still confirming" while no worker has the task: the counselor checks again (the same accept, answered once).
  const result = await waitFor(
    'a final answer to the accept',
    async () => {
      if (answer.status === 202) answer = await tap();
      if (answer.status === 202) throw new Error('still confirming');
      return /data-result="([a-z-]+)"/.exec(await answer.text())?.[1];
    },
    60_000,
  );
  expect(result).toBe('won');
  expect(await stack.stores.requests.getAssignee(body.id)).toBe(quick.id);
  // A replay fixture of this path (tests/workflows/request-workflow.test.ts replays every saved history).
  await maybeSaveHistory(stack.temporal, 'answer-after-first-send', workflowIdFor(body.id));
});
