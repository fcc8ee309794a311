// Nobody at all can take a request (nobody in the team speaks its language, even widened): the requester hears
// at once, on their channel and in their language, with the team's alternatives, while the request stays open;
// a request that somebody could take once free (here: at capacity) waits as before. Recorded for replay.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { activitiesOnSinks } from '../helpers/activities';
import type { DispatchPolicy } from '../../domain/policy';
import type { Workspace } from '../../db';
import { HISTORIES, maybeSaveHistory } from '../helpers/histories';
import { workflowIdFor } from '../../workflows/definitions';
import {
  createCounselor,
  createStaff,
  FAST_POLICY,
  putOnCall,
  smsTo,
  startStoredRequest,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  // Long enough that a message at close could not pass for one "at once": the request is still offered when it comes.
  waves: [
    { channel: 'sms', wait: '20s' },
    { channel: 'email', wait: '2s' },
  ],
  holdOpen: '2s',
  alternatives: 'You can call the Samaritans on 116 123 at any hour.',
};

async function team(): Promise<{ ws: Workspace; coordinator: Awaited<ReturnType<typeof createStaff>> }> {
  const ws = await stack.stores.workspaces.create({
    slug: `nobody-${randomUUID().slice(0, 8)}`,
    name: 'Nobody team',
    dispatchPolicy: POLICY,
  });
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  const lead = await createStaff(stack.stores, ws, 'lead');
  await putOnCall(stack.stores, ws, lead.id);
  // Some counselors, none of whom speaks Finnish or Russian.
  await createCounselor(stack.stores, ws, { languages: ['en'], specialisms: ['general', 'grief'] });
  await createCounselor(stack.stores, ws, { languages: ['de', 'en'] });
  await stack.stores.safety.addCrisisResource(ws.id, {
    language: null,
    country: null,
    name: 'Night Line',
    phone: '+358 800 000 000',
    url: null,
    note: 'any hour',
    position: 0,
  });
  return { ws, coordinator };
}

const emailsTo = (to: string) => stack.stores.devOutbox.list({ to, kind: 'email' });
const eventTypes = async (requestId: string) => (await stack.stores.events.list(requestId)).map((e) => e.type);

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  return waitFor(
    what,
    async () => {
      const v = await read();
      if (!ok(v)) throw new Error(`not yet: ${JSON.stringify(v).slice(0, 200)}`);
      return v;
    },
    ms,
  );
}

describe('a request nobody at all can take', () => {
  it('tells the requester at once with the alternatives, alerts the coordinators, and keeps it open', async () => {
    const { ws, coordinator } = await team();
    const requesterEmail = `requester-${randomUUID().slice(0, 6)}@example.org`;
    const { requestId, handle } = await startStoredRequest(stack, ws, POLICY, {
      language: 'fi',
      topic: 'grief',
      contact: { email: requesterEmail },
    });

    const [told] = await until(
      'the requester is told',
      () => emailsTo(requesterEmail),
      (m) => m.length >= 1,
    );
    expect(told.subject).toBe('Nobody on our team can take your request');
    expect(told.body).toContain('Samaritans on 116 123');
    expect(told.body).toContain('Night Line +358 800 000 000 (any hour)');
    expect(told.body).toContain('Our coordinators have been told');
    // Told while the request is still open: a coordinator may still assign it.
    expect((await stack.stores.requests.getById(requestId))?.phase).toMatch(/^(matching|offering)$/);
    expect(await eventTypes(requestId)).not.toContain('unmatched');

    const [alert] = await until(
      'the coordinator is alerted',
      () => smsTo(stack.stores, [coordinator.phone as string]),
      (m) => m.length >= 1,
    );
    expect(alert.body).toContain('no counselor matches this request');

    // It runs its course (the waves, the hold) and closes unmatched: the closing message is the only other one.
    expect((await handle.result()).phase).toBe('unmatched');
    const all = await until(
      'the closing message',
      () => emailsTo(requesterEmail),
      (m) => m.length === 2,
    );
    expect(all.map((m) => m.subject).sort()).toEqual([
      'Nobody on our team can take your request',
      'We could not find a counselor in time',
    ]);
    const types = await eventTypes(requestId);
    expect(types.filter((t) => t === 'requester-told-nobody-can-take')).toHaveLength(1);
    expect(types.indexOf('requester-told-nobody-can-take')).toBeGreaterThan(types.indexOf('escalated'));
    await maybeSaveHistory(stack.temporal, 'nobody-can-take', handle.workflowId);
  });

  it('reaches a requester who left only a phone by SMS, in their language', async () => {
    const { ws } = await team();
    const phone = `+4420${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const { handle } = await startStoredRequest(stack, ws, POLICY, { language: 'ru', contact: { phone } });
    const [sms] = await until(
      'the SMS to the requester',
      () => smsTo(stack.stores, [phone]),
      (m) => m.length >= 1,
    );
    expect(sms.body).toContain('никто в нашей команде не может взять ваш запрос');
    expect(sms.body).toContain('Samaritans on 116 123 at any hour. Night Line +358 800 000 000 (any hour).');
    await handle.result();
  });

  it('says the same on the status page while the request stays open (through the public intake)', async () => {
    const { ws } = await team();
    const answer = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'uk',
      topic: 'general',
      email: `requester-${randomUUID().slice(0, 6)}@example.org`,
      safety: 'no',
    });
    expect(answer.status).toBe(201);
    const requestId = answer.body.id as string;
    await until(
      'the requester is told',
      () => eventTypes(requestId),
      (t) => t.includes('requester-told-nobody-can-take'),
    );
    const page = await (await fetch(`${answer.body.statusUrl as string}?lang=ru`)).text();
    expect(page).toContain('id="nobody-can-take"');
    expect(page).toContain('Никто в нашей команде не может взять этот запрос');
    await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).terminate('test done');
  });

  it('sends once when the activity runs again (a retry after the send)', async () => {
    const { ws } = await team();
    const requesterEmail = `requester-${randomUUID().slice(0, 6)}@example.org`;
    const id = randomUUID();
    await stack.stores.requests.create({
      id,
      workspaceId: ws.id,
      language: 'fi',
      topic: 'general',
      livedExperience: [],
      safety: 'no',
      urgent: false,
      contact: { email: requesterEmail },
      workflowInput: { requestId: id, urgent: false, policy: POLICY },
      taskQueue: `unused-${id}`,
    });
    const activities = activitiesOnSinks(stack.stores, stack.config);
    const input = {
      requestId: id,
      widening: ['drop-lived-experience' as const, 'general-support' as const],
      exclude: [],
      alternatives: POLICY.alternatives,
    };
    expect(await activities.tellRequesterNobodyCanTake(input)).toEqual({ told: true });
    expect(await activities.tellRequesterNobodyCanTake(input)).toEqual({ told: true });
    expect(await emailsTo(requesterEmail)).toHaveLength(1);
    expect((await eventTypes(id)).filter((t) => t === 'requester-told-nobody-can-take')).toHaveLength(1);
  });
});

describe('a request somebody could take once free', () => {
  it('does not tell the requester early: the waves and the hold run as before', async () => {
    const { ws, coordinator } = await team();
    // Speaks Finnish but is at capacity this week: nobody is free now, yet somebody could take it later.
    await createCounselor(stack.stores, ws, { languages: ['fi'], capacityPerWeek: 0 });
    const requesterEmail = `requester-${randomUUID().slice(0, 6)}@example.org`;
    const { requestId, handle } = await startStoredRequest(
      stack,
      ws,
      { ...POLICY, waves: [{ channel: 'sms', wait: '1s' }] },
      {
        language: 'fi',
        contact: { email: requesterEmail },
      },
    );
    expect((await handle.result()).phase).toBe('unmatched');
    // The coordinators still hear at once that nobody matches now.
    const alerts = await smsTo(stack.stores, [coordinator.phone as string]);
    expect(alerts.some((m) => m.body.includes('no counselor matches this request'))).toBe(true);
    const told = await until(
      'the closing message',
      () => emailsTo(requesterEmail),
      (m) => m.length === 1,
    );
    expect(told.map((m) => m.subject)).toEqual(['We could not find a counselor in time']);
    expect(await eventTypes(requestId)).not.toContain('requester-told-nobody-can-take');
  });
});

describe('the recorded histories', () => {
  const activityTypes = (file: string): string[] =>
    (
      JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')).events as {
        activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
      }[]
    ).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);

  it('keep requests started before the tell without it (they replay as they ran), and the new one with it', () => {
    // Both had nobody matching; request-workflow.test.ts replays every saved history against today's code.
    expect(activityTypes('unmatched.json')).not.toContain('tellRequesterNobodyCanTake');
    expect(activityTypes('nobody-can-take.json')).toContain('tellRequesterNobodyCanTake');
  });
});
