// Every text in its reader's language, on the real stack: a request made in Russian gets every message after
// it in Russian (someone accepted, the proposed times, the confirmation and its .ics, reminders, the
// hand-back with its cancelling .ics, out of scope), while the counselor keeps their own language.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { User, Workspace } from '../../db';
import { proposeSlotsUpdate, workflowIdFor } from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import { messageTo, parseIcs, postForm, winByOfferSms } from '../helpers/aftercare';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  putOnCall,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [{ channel: 'sms', wait: '60s' }],
  holdOpen: '1s',
  reminders: ['24s', '16s'],
  confirmWithin: '120s',
  alternatives: 'Позвоните на линию доверия 116 123.',
};

/** Words no Russian message should carry (URLs and the calendar file's own keywords are cut off first). */
const ENGLISH = /\b(the|your|you|session|counselor|request|peer|please|time)\b/i;
const prose = (body: string) =>
  body
    .split('\n--- attachment')[0]
    .replace(/https?:\/\/\S+/g, '')
    .trim();

async function wonInRussian(ws: Workspace, counselor: User, requesterEmail: string) {
  // Offers this counselor had before: the new request's offer is the one not among them.
  const seen = new Set((await smsTo(stack.stores, [counselor.phone!])).map((m) => m.providerId));
  const started = await startStoredRequest(stack, ws, POLICY, {
    language: 'ru',
    topic: 'grief',
    contact: { email: requesterEmail },
  });
  const { link, sessionId } = await winByOfferSms(stack, counselor, started.requestId, seen);
  return { ...started, sessionUrl: `${link}/session`, sessionId };
}

it('tells a Russian-speaking requester everything in Russian, calendar files included', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  // The counselor reads English (their profile): their messages stay English.
  const counselor = await createCounselor(stack.stores, ws, { languages: ['ru'] });
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  await putOnCall(stack.stores, ws, (await createStaff(stack.stores, ws, 'lead')).id);
  const requesterEmail = `req-ru-${Date.now()}@example.org`;
  const { handle, sessionId, sessionUrl } = await wonInRussian(ws, counselor, requesterEmail);

  await messageTo(stack.stores, requesterEmail, /Консультант принял ваш запрос/);
  const start = Date.now() + 40_000;
  expect(
    await handle.executeUpdate(proposeSlotsUpdate, { args: [{ sessionId, slots: [{ start, end: start + 60_000 }] }] }),
  ).toBe('proposed');
  const proposal = await messageTo(stack.stores, requesterEmail, /Ваш консультант предложил время/);
  const confirmUrl = /(https?:\/\/\S+\/s\/[A-Za-z0-9_-]+)/.exec(proposal.body)![1];
  expect((await postForm(`${confirmUrl}/confirm`, { proposal: '1', index: '0' })).status).toBe(200);

  const confirmation = await messageTo(stack.stores, requesterEmail, /Ваша встреча подтверждена/);
  const ics = parseIcs(confirmation.body.slice(confirmation.body.indexOf('BEGIN:VCALENDAR')).replace(/\r?\n/g, '\r\n'));
  expect(ics.SUMMARY).toBe('Встреча с консультантом');
  expect(ics.DESCRIPTION).toMatch(/^Страница встречи: /);
  // The counselor's copy is in their language.
  await messageTo(stack.stores, counselor.email, /The requester confirmed the session/);

  await waitFor('both reminders to the requester', async () => {
    const n = (await stack.stores.devOutbox.list({ to: requesterEmail })).filter((m) =>
      /Напоминание о встрече/.test(m.subject ?? ''),
    ).length;
    if (n < 2) throw new Error(`${n}`);
  });
  expect((await postForm(`${sessionUrl}/hand-back`, {})).status).toBe(200);
  const handBack = await messageTo(stack.stores, requesterEmail, /Время вашей встречи отменено/);
  expect(handBack.body).toContain('METHOD:CANCEL');
  expect(handBack.body).toContain('SUMMARY:Встреча с консультантом');

  // Out of scope, on a second request of the same requester.
  const second = await wonInRussian(ws, counselor, requesterEmail);
  expect((await postForm(`${second.sessionUrl}/out-of-scope`, { reason: 'Needs a clinician.' })).status).toBe(200);
  const outOfScope = await messageTo(stack.stores, requesterEmail, /О вашем запросе на поддержку/);
  expect(outOfScope.body).toContain('116 123');
  await messageTo(stack.stores, coordinator.email, /out of scope/);

  // Every message the requester got: Russian subject, Russian prose.
  const all = await stack.stores.devOutbox.list({ to: requesterEmail });
  expect(all.length).toBeGreaterThanOrEqual(8);
  for (const m of all) {
    expect([m.subject, /[А-Яа-яЁё]/.test(m.subject ?? '')]).toEqual([m.subject, true]);
    expect([m.subject, ENGLISH.test(prose(m.body))]).toEqual([m.subject, false]);
  }
  await handle.terminate('test done');
  // Out of scope closes the second request: its workflow may have ended already.
  await stack.temporal.workflow
    .getHandle(workflowIdFor(second.requestId))
    .terminate('test done')
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
});
