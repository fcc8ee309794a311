// Security events are logged with the account id and the address, never the email or phone typed; a coordinator
// cannot learn whether an email has an account in another workspace.
import { randomBytes } from 'node:crypto';
import { getPage, postForm } from '../helpers/forms';
import { textApp } from '../helpers/twilio';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  startStoredRequest,
  startTestStack,
  uniquePhone,
  type TestStack,
} from '../helpers/stack';

let stack: TestStack;
const logs: string[] = [];
beforeAll(async () => {
  stack = await startTestStack({ log: (m) => logs.push(m) });
});
afterAll(async () => {
  await stack?.stop();
});

const securityLines = () => logs.filter((l) => l.startsWith('security: '));

describe('security events', () => {
  it('name the account and the address of a failed sign-in, a forged signature and an unknown link, nothing else', async () => {
    const ws = await createWorkspace(stack.stores);
    const user = await createStaff(stack.stores, ws);
    await expect(loginSession(stack.baseUrl, user.email, 'not the password at all')).rejects.toThrow(/401/);
    const failed = securityLines().find((l) => l.includes('sign-in-failed'));
    expect(failed).toContain(`account=${user.id}`);
    expect(failed).toMatch(/address=\S*127\.0\.0\.1/);

    const forged = await fetch(`${stack.baseUrl}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' },
      body: new URLSearchParams({
        From: user.phone as string,
        Body: 'A1',
        MessageSid: 'SM' + randomBytes(8).toString('hex'),
      }),
    });
    expect(forged.status).toBe(403);
    expect(securityLines().some((l) => l.includes('signature-failed'))).toBe(true);

    expect((await fetch(`${stack.baseUrl}/o/${randomBytes(16).toString('base64url')}`)).status).toBe(404);
    expect(securityLines().some((l) => /unknown-token GET \/o\/:token 404/.test(l))).toBe(true);

    // Throttled: the account and the address too (the answer is 429 before any password is checked).
    let throttled: number | undefined;
    for (let i = 0; i < 8 && throttled !== 429; i++)
      throttled = await loginSession(stack.baseUrl, user.email, 'still not it').then(
        () => 200,
        (err: Error) => Number(/(\d{3})/.exec(err.message)?.[1]),
      );
    expect(throttled).toBe(429);
    const line = securityLines().find((l) => l.includes('throttled POST /login'));
    expect(line).toContain(`account=${user.id}`);
    expect(line).toMatch(/address=\S*127\.0\.0\.1/);

    for (const l of securityLines()) {
      expect(l).not.toContain(user.email);
      expect(l).not.toContain(user.phone as string);
    }
  });
});

describe('inviting someone', () => {
  it('does not tell a coordinator that the email has an account in another workspace', async () => {
    const a = await createWorkspace(stack.stores);
    const b = await createWorkspace(stack.stores);
    const elsewhere = await createCounselor(stack.stores, b);
    const fresh = `nobody-${randomBytes(4).toString('hex')}@example.org`;
    const coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, a)).email);
    const answers = [];
    for (const email of [fresh, elsewhere.email]) {
      const res = await postForm(`${stack.baseUrl}/pool/invite`, coordinator, { name: 'Someone', email });
      answers.push([res.status, res.headers.get('location')]);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]).toEqual([303, '/pool/invite?done=invited']);
    // Within the workspace the coordinator is told (they can see their own people anyway).
    const own = await createCounselor(stack.stores, a);
    const res = await postForm(`${stack.baseUrl}/pool/invite`, coordinator, { name: 'Someone', email: own.email });
    expect(res.status).toBe(400);
    void getPage;
  });
});

describe('a correctly signed SMS from a phone nobody has', () => {
  it('learns nothing of any request and changes nothing', async () => {
    const ws = await createWorkspace(stack.stores);
    await createCounselor(stack.stores, ws);
    const contact = {
      email: `r-${randomBytes(4).toString('hex')}@example.org`,
      phone: uniquePhone(),
      message: 'Lost my job',
    };
    const { requestId, handle } = await startStoredRequest(stack, ws, FAST_POLICY, { contact });
    const stranger = uniquePhone();
    for (const body of ['A1', 'A', 'YES 1', 'D1', 'HELP', '1', 'STOP']) {
      const answer = await textApp(stack, stranger, body);
      expect(answer.status).toBe(200);
      for (const secret of [contact.email, contact.phone, contact.message, requestId]) {
        expect(answer.twiml).not.toContain(secret);
      }
    }
    const statuses = await stack.db('offers').where({ request_id: requestId }).pluck('status');
    expect(statuses.filter((x: string) => x !== 'open')).toEqual([]);
    expect(await stack.db('assignments').where({ request_id: requestId })).toHaveLength(0);
    await handle.terminate('test over');
  });
});
