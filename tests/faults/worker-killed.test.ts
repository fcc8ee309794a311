// kill -9 the worker in the middle of wave 1 and start it again: the wave continues, and every counselor
// gets exactly one offer SMS, whether their message had reached the provider before the kill or not.
import { createCounselor, FAST_POLICY, smsTo, submitRequest, useTestStack, waitFor } from '../helpers/stack';
import { killAllEntries, startEntry, type EntryProcess } from '../helpers/processes';

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
  await fetch(`${stack.baseUrl}/dev/twilio/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      responses: [
        { to: reached.phone, delayMs: 8000 },
        { to: notReached.phone, status: 503, delayMs: 8000 },
      ],
    }),
  });

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
