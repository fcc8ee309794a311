// Helpers for the after-care tests: find a message, follow its link, post a form.
import type { WorkflowHandle } from '@temporalio/client';
import type { Stores, User } from '../../db';
import { dispatchStatusQuery, workflowIdFor, type DispatchStatus } from '../../workflows/definitions';
import { acceptLinkIn, smsTo, waitFor, type TestStack } from './stack';

/** The newest message to this address whose body matches, once it has arrived. */
export function messageTo(stores: Stores, to: string, pattern: RegExp, timeoutMs = 30_000) {
  return waitFor(
    `a message to ${to} matching ${pattern}`,
    async () => {
      const found = (await stores.devOutbox.list({ to })).find(
        (m) => pattern.test(m.body) || pattern.test(m.subject ?? ''),
      );
      if (!found) throw new Error('not yet');
      return found;
    },
    timeoutMs,
  );
}

export const linkIn = (body: string, path: 'o' | 's'): string => {
  const m = new RegExp(`(https?://\\S+/${path}/[A-Za-z0-9_-]+(?:/session)?)`).exec(body);
  if (!m) throw new Error(`no /${path}/ link in: ${body}`);
  return m[1];
};

export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

/** Parses the VEVENT of an iCalendar text (unfolding continued lines) into its properties. */
export function parseIcs(text: string): Record<string, string> {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const lines = unfolded.split(/\r\n/);
  const begin = lines.indexOf('BEGIN:VEVENT');
  const end = lines.indexOf('END:VEVENT');
  if (!lines[0]?.startsWith('BEGIN:VCALENDAR') || begin < 0 || end < begin) throw new Error('not an iCalendar event');
  const props: Record<string, string> = {};
  for (const line of lines.slice(begin + 1, end)) {
    const i = line.indexOf(':');
    props[line.slice(0, i).split(';')[0]] = line.slice(i + 1);
  }
  return props;
}

/** "20261201T160000Z" → Date. */
export const icsTime = (v: string): Date =>
  new Date(v.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

/**
 * A request's workflow once the win is done (the after-win messages sent, scheduling begun). Since the
 * workflow goes on to after-care, tests of dispatch wait for this instead of the workflow's result.
 */
export function untilAfterWin(handle: WorkflowHandle) {
  return waitFor(
    'the win and its messages',
    async () => {
      const s = await handle.query(dispatchStatusQuery);
      if (s.phase !== 'scheduling') throw new Error(s.phase);
      return s;
    },
    60_000,
  );
}

/** The request's workflow status once it has reached the phase. */
export function untilPhase(stack: Pick<TestStack, 'temporal'>, requestId: string, phase: DispatchStatus['phase']) {
  const handle = stack.temporal.workflow.getHandle(workflowIdFor(requestId));
  return waitFor(`phase ${phase}`, async () => {
    const s = await handle.query(dispatchStatusQuery);
    if (s.phase !== phase) throw new Error(s.phase);
    return s;
  });
}

/**
 * The counselor wins the request by tapping the link in its offer SMS (the first one whose provider id is not
 * in `seen`: offers of earlier requests), then the workflow reaches scheduling. Returns the offer link and the
 * session the after-care opened.
 */
export async function winByOfferSms(
  stack: Pick<TestStack, 'temporal' | 'stores'>,
  counselor: User,
  requestId: string,
  seen: Set<string | null> = new Set(),
): Promise<{ link: string; sessionId: string }> {
  const offer = await waitFor('the offer SMS', async () => {
    const sms = (await smsTo(stack.stores, [counselor.phone!])).find(
      (m) => /New request/.test(m.body) && !seen.has(m.providerId),
    );
    if (!sms) throw new Error('none yet');
    return sms;
  });
  const link = acceptLinkIn(offer.body);
  expect(await (await fetch(`${link}/accept`, { method: 'POST' })).text()).toContain('data-result="won"');
  const status = await untilPhase(stack, requestId, 'scheduling');
  return { link, sessionId: status.aftercare!.sessionId };
}
