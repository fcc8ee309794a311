// The after-win messages (the winner's contact link, "covered" to the others reached, the requester's news): in the
// team's own words where it has them, with the request and the team's templates each read once for all of them
// (they were read again for every message: three more statements on every accept).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';
import type { Stores } from '../../db';
import { createChannels, createMessageRenderer, createNotifier } from '../../notifications';
import { statusCallbackUrl } from '../../workers/worker';
import { createCounselor, createWorkspace, smsTo, useTestStack } from '../helpers/stack';
import { connectTestDb } from '../helpers/test-db';

const stack = useTestStack();
// The activities' own pool: the statements counted are theirs alone.
let db: Knex;
let stores: Stores;
beforeAll(() => {
  ({ db, stores } = connectTestDb());
});
afterAll(async () => {
  await db?.destroy();
});

it("tells the winner, the others and the requester in the team's words, reading the request and templates once", async () => {
  const ws = await createWorkspace(stores);
  const [winner, ...others] = await Promise.all([1, 2, 3].map(() => createCounselor(stores, ws)));
  await stores.templates.save(ws.id, { key: 'won.sms', language: 'en', subject: null, body: 'Ours-won: {url}' });
  await stores.templates.save(ws.id, { key: 'covered.sms', language: 'en', subject: null, body: 'Ours-covered' });
  await stores.templates.save(ws.id, {
    key: 'requester.accepted.email',
    language: 'en',
    subject: 'Ours-accepted',
    body: 'Someone will reach you by {by}.',
  });
  const requesterEmail = `requester-${randomUUID().slice(0, 8)}@example.org`;
  const requestId = randomUUID();
  await stores.requests.create({
    id: requestId,
    workspaceId: ws.id,
    language: 'en',
    topic: 'general',
    livedExperience: [],
    safety: 'no',
    urgent: false,
    contact: { email: requesterEmail },
    workflowInput: {},
    taskQueue: `unused-${requestId}`,
  });
  const activities = createActivities({
    stores,
    notifier: createNotifier(
      stores,
      createChannels(stack.config, { statusCallbackUrl: statusCallbackUrl(stack.config) }),
    ),
    renderer: createMessageRenderer(stores),
    publicBaseUrl: stack.config.publicBaseUrl,
    onCallLead: async () => null,
  });

  const sql: string[] = [];
  const listener = (q: { sql: string }) => sql.push(q.sql);
  db.on('query', listener);
  try {
    await activities.sendAfterWin({
      requestId,
      round: 1,
      winnerId: winner.id,
      assignedBy: null,
      others: others.map((o) => ({ counselorId: o.id, channel: 'sms' as const })),
    });
  } finally {
    db.removeListener('query', listener);
  }

  const [won] = await smsTo(stack.stores, [winner.phone as string]);
  expect(won.body).toMatch(new RegExp(`^Ours-won: ${stack.config.publicBaseUrl}/o/[A-Za-z0-9_-]+$`));
  for (const o of others)
    expect((await smsTo(stack.stores, [o.phone as string])).map((m) => m.body)).toEqual(['Ours-covered']);
  const [told] = await stack.stores.devOutbox.list({ to: requesterEmail, kind: 'email' });
  expect(told.subject).toBe('Ours-accepted');
  expect(told.body.trim()).toBe('Someone will reach you by email.');

  expect(sql.filter((s) => /message_templates/.test(s))).toHaveLength(1);
  expect(sql.filter((s) => /from "help_requests"/.test(s))).toHaveLength(1);
});
