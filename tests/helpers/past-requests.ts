// Requests sent through the real stack and accepted, so the metrics, what-if and board pages have a past to
// read: the public intake's grief request, its offer SMS accepted by link, the assignment.
import type { User, Workspace } from '../../db';
import { acceptLinkIn, smsTo, submitRequest, waitFor, type TestStack } from './stack';

/** A grief request in English from the public intake (no danger now); its id. */
export async function submitGriefRequest(stack: Pick<TestStack, 'baseUrl'>, ws: Workspace): Promise<string> {
  const { status, body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'grief',
    email: 'someone@example.org',
    safety: 'no',
  });
  expect(status).toBe(201);
  return body.id as string;
}

/** The counselor taps the accept link of the first offer SMS they got. */
export async function acceptFirstOfferSms(stack: Pick<TestStack, 'stores'>, counselor: User, timeoutMs: number) {
  const sms = await waitFor(
    'the offer SMS',
    async () => {
      const [m] = await smsTo(stack.stores, [counselor.phone as string]);
      if (!m) throw new Error('none yet');
      return m;
    },
    timeoutMs,
  );
  expect((await fetch(`${acceptLinkIn(sms.body)}/accept`, { method: 'POST' })).status).toBe(200);
}

/** Once the request is assigned. */
export function untilAssigned(stack: Pick<TestStack, 'stores'>, requestId: string, timeoutMs: number) {
  return waitFor(
    'the assignment',
    async () => {
      if ((await stack.stores.requests.getById(requestId))?.phase !== 'assigned') throw new Error('not yet');
    },
    timeoutMs,
  );
}

/** Once the request's first wave has gone out and is on its timeline. */
export function untilFirstWaveSent(stack: Pick<TestStack, 'stores'>, requestId: string, timeoutMs: number) {
  return waitFor(
    'the first wave to be sent',
    async () => {
      const events = await stack.stores.events.list(requestId);
      if (!events.some((e) => e.type === 'wave-sent')) throw new Error('wave 1 not recorded yet');
    },
    timeoutMs,
  );
}

/** The counselor taps the accept link of this request's offer SMS (offers carry a link; "covered" messages none). */
export async function acceptOfferOf(
  stack: Pick<TestStack, 'stores'>,
  requestId: string,
  counselor: User,
  timeoutMs: number,
): Promise<void> {
  const link = await waitFor(
    'the offer SMS of this request',
    async () => {
      for (const m of (await smsTo(stack.stores, [counselor.phone as string])).filter((x) => /\/o\//.test(x.body))) {
        const link = acceptLinkIn(m.body);
        const offer = await stack.stores.offers.getByToken(link.split('/o/')[1]);
        if (offer?.requestId === requestId) return link;
      }
      throw new Error('not yet');
    },
    timeoutMs,
  );
  expect((await fetch(`${link}/accept`, { method: 'POST' })).status).toBe(200);
}
