// The urgent-alert page shows what waits for the morning for this request (staff messages held by their quiet
// hours, and when each person's morning message goes), in the language of the person the link was sent to.
import { randomUUID } from 'node:crypto';
import type { Workspace } from '../../db';
import { t } from '../../api/i18n';
import { createStaff, createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack();
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** A text as the page's HTML escapes it. */
const asHtml = (s: string) => s.replace(/'/g, '&#39;');

/** A request on record only (no workflow): nothing but this test holds or sends its alerts. */
async function storedRequest(ws: Workspace): Promise<string> {
  const id = randomUUID();
  await stack.stores.requests.create({
    id,
    workspaceId: ws.id,
    language: 'ru',
    topic: 'general',
    livedExperience: [],
    safety: 'yes',
    urgent: true,
    contact: { email: 'r@example.org' },
    workflowInput: {},
    taskQueue: 'not-dispatched',
  });
  return id;
}

it('lists the messages held for the morning, with when they go, in the reader’s language', async () => {
  const ws = await createWorkspace(stack.stores);
  const requestId = await storedRequest(ws);
  const otherRequest = await storedRequest(ws);
  const lead = await createStaff(stack.stores, ws, 'lead');
  await stack.db('users').where({ id: lead.id }).update({ language: 'ru' });
  const asleep = await createStaff(stack.stores, ws, 'coordinator');
  const dueAt = new Date(Date.now() + 5 * 3_600_000);
  // Two alerts about this request held in the coordinator's quiet hours (as activities/alerts.ts holds them),
  // one about another request that this page must not show.
  for (const [rid, reason] of [
    [requestId, 'no-accept'],
    [requestId, 'widened'],
    [otherRequest, 'no-accept'],
  ])
    await stack.stores.heldAlerts.hold({
      workspaceId: ws.id,
      userId: asleep.id,
      requestId: rid,
      reason,
      purpose: `alert-${reason}`,
      dueAt,
    });

  const token = await stack.stores.safety.mintAlertLink(requestId, lead.id);
  const res = await fetch(`${stack.baseUrl}/a/${token}`);
  expect(res.status).toBe(200);
  const page = flat(await res.text());
  expect(page).toContain('<html lang="ru">');
  expect(page).toContain(t('ru', 'alert.heading'));
  expect(page).toContain(t('ru', 'alert.waiting.title'));
  const item = new RegExp(`<li data-user="${asleep.id}">(.*?)</li>`).exec(page)?.[1] ?? '';
  expect(item).toContain(t('ru', 'alert.waiting.many', { name: asleep.name, n: 2 }));
  expect(item).toContain(`datetime="${dueAt.toISOString()}"`);
  expect(page.match(/<li data-user=/g)).toHaveLength(1);
  expect(page).not.toContain('Someone may be in danger now');

  // The acknowledgement answers in the same language; once the morning message has taken the alerts, none wait.
  const ack = flat(await (await fetch(`${stack.baseUrl}/a/${token}`, { method: 'POST' })).text());
  expect(ack).toContain(t('ru', 'alert.acknowledged.first'));
  await stack.stores.heldAlerts.claimForMorning(asleep.id, `morning-${randomUUID()}`, dueAt);
  const after = flat(await (await fetch(`${stack.baseUrl}/a/${token}`)).text());
  expect(after).toContain(asHtml(t('ru', 'alert.waiting.none')));
  expect(after).not.toContain(`data-user="${asleep.id}"`);
});

it('speaks English to an English-reading lead, and says when nothing waits', async () => {
  const ws = await createWorkspace(stack.stores);
  const requestId = await storedRequest(ws);
  const lead = await createStaff(stack.stores, ws, 'lead');
  const token = await stack.stores.safety.mintAlertLink(requestId, lead.id);
  const page = flat(await (await fetch(`${stack.baseUrl}/a/${token}`)).text());
  expect(page).toContain('Someone may be in danger now');
  expect(page).toContain(asHtml(t('en', 'alert.waiting.none')));
});
