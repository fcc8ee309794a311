// The after-win messages (the winner's contact link, "covered" to the others reached, the requester's news): in the
// team's own words where it has them, with the request, the people and the team's templates each read once for all
// of them, and one ledger batch per channel (they were read again for every message, and each tell was a batch of
// its own: about ten more statements on every accept).
import { randomUUID } from 'node:crypto';
import { gatherSends } from '../../notifications';
import { activitiesOnSinks, notifierOnSinks } from '../helpers/activities';
import { createCounselor, createWorkspace, smsTo, useTestStack } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const stack = useTestStack();
// The activities' own pool: the statements counted are theirs alone.
const testDb = useTestDb();

it("tells the winner, the others and the requester in the team's words, reading the request and templates once", async () => {
  const ws = await createWorkspace(testDb.stores);
  const [winner, ...others] = await Promise.all([1, 2, 3].map(() => createCounselor(testDb.stores, ws)));
  await testDb.stores.templates.save(ws.id, { key: 'won.sms', language: 'en', subject: null, body: 'Ours-won: {url}' });
  await testDb.stores.templates.save(ws.id, {
    key: 'covered.sms',
    language: 'en',
    subject: null,
    body: 'Ours-covered',
  });
  await testDb.stores.templates.save(ws.id, {
    key: 'requester.accepted.email',
    language: 'en',
    subject: 'Ours-accepted',
    body: 'Someone will reach you by {by}.',
  });
  const requesterEmail = `requester-${randomUUID().slice(0, 8)}@example.org`;
  const requestId = await storeRequest(testDb.stores, ws.id, { contact: { email: requesterEmail } });
  const activities = activitiesOnSinks(testDb.stores, stack.config);

  const sql: string[] = [];
  const listener = (q: { sql: string }) => sql.push(q.sql);
  testDb.db.on('query', listener);
  try {
    await activities.sendAfterWin({
      requestId,
      round: 1,
      winnerId: winner.id,
      assignedBy: null,
      others: others.map((o) => ({ counselorId: o.id, channel: 'sms' as const })),
    });
  } finally {
    testDb.db.removeListener('query', listener);
  }

  const [won] = await smsTo(stack.stores, [winner.phone as string]);
  expect(won.body).toMatch(new RegExp(`^Ours-won: ${stack.config.publicBaseUrl}/o/[A-Za-z0-9_-]+$`));
  for (const o of others)
    expect((await smsTo(stack.stores, [o.phone as string])).map((m) => m.body)).toEqual(['Ours-covered']);
  const [told] = await stack.stores.devOutbox.list({ to: requesterEmail, kind: 'email' });
  expect(told.subject).toBe('Ours-accepted');
  expect(told.body.trim()).toBe('Someone will reach you by email.');

  const count = (re: RegExp) => sql.filter((s) => re.test(s)).length;
  expect(count(/message_templates/)).toBe(1);
  expect(count(/from "help_requests"/)).toBe(1);
  // One read of the people, and one ledger batch per channel (SMS: the winner's and the others'; email: the winner's
  // and the requester's): one claim each, one record of the SMS texts' hashes, one record of each channel's sends.
  expect(count(/phone_verified_at/)).toBe(1);
  expect(count(/^with input as/)).toBe(2);
  expect(count(/set body_hash/)).toBe(1);
  expect(count(/set status = 'sent'/)).toBe(2);
});

it('sends the others of a gathered batch when one message cannot be built, and that one once on the next attempt', async () => {
  const ws = await createWorkspace(testDb.stores);
  const [held, sent] = await Promise.all([createCounselor(testDb.stores, ws), createCounselor(testDb.stores, ws)]);
  const requestId = await storeRequest(testDb.stores, ws.id);
  const notifier = notifierOnSinks(testDb.stores, stack.config);
  const together = gatherSends(notifier);
  const heldKey = { requestId, userId: held.id, purpose: 'gathered-test' };
  const [first, other] = await Promise.all([
    together.sms(heldKey, async () => {
      throw new Error('a database blip while building');
    }),
    together.sms({ requestId, userId: sent.id, purpose: 'gathered-test' }, async () => ({
      to: sent.phone as string,
      body: 'Sent beside a message that could not be built',
    })),
  ]);
  expect([first, other]).toEqual(['retry', 'sent']);
  expect((await smsTo(stack.stores, [sent.phone as string])).map((m) => m.body)).toEqual([
    'Sent beside a message that could not be built',
  ]);
  expect(await smsTo(stack.stores, [held.phone as string])).toEqual([]);
  // Freed by the ledger: the next attempt sends it, once.
  const body = 'Sent on the next attempt';
  expect(await notifier.sms(heldKey, async () => ({ to: held.phone as string, body }))).toBe('sent');
  expect(await notifier.sms(heldKey, async () => ({ to: held.phone as string, body }))).toBe('already-sent');
  expect((await smsTo(stack.stores, [held.phone as string])).map((m) => m.body)).toEqual([body]);
});
