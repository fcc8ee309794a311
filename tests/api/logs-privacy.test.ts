// Logs of a full run carry ids, never a phone number, email address or request text: every line of the
// API, the worker and the Temporal runtime (workflow and activity lines) captured through the one logger.
import { randomBytes } from 'node:crypto';
import { Runtime } from '@temporalio/worker';
import { createLogger, lineLog, temporalLogger } from '../../log';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  startTestStack,
  submitRequest,
  uniquePhone,
  waitFor,
  type TestStack,
} from '../helpers/stack';

const lines: string[] = [];
const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });

let stack: TestStack;
beforeAll(async () => {
  // Before the stack: the Runtime logger is per process, and the test's must be the one installed.
  Runtime.install({ logger: temporalLogger(logger, 'DEBUG') });
  stack = await startTestStack({ log: lineLog(logger) });
});
afterAll(async () => {
  await stack?.stop();
});

describe('logs', () => {
  it('of a full request hold ids but no phone number, email or request text', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const phone = uniquePhone();
    const email = `requester-${randomBytes(4).toString('hex')}@example.org`;
    const message = `The nights are the hardest part ${randomBytes(3).toString('hex')}`;
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      phone: `${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}`,
      email,
      message,
      safety: 'no',
    });
    expect(submitted.status).toBe(201);
    const requestId = submitted.body.id as string;
    const [offer] = await waitFor(
      'the offer SMS',
      async () => {
        const sms = await smsTo(stack.stores, [counselor.phone as string]);
        if (sms.length === 0) throw new Error('none yet');
        return sms;
      },
      20_000,
    );
    const accepted = await fetch(`${acceptLinkIn(offer.body)}/accept`, { method: 'POST' });
    expect(await accepted.text()).toContain(phone); // the winner sees the contact: it exists, just not in logs
    await waitFor(
      'the requester told someone accepted',
      async () => {
        if ((await stack.stores.devOutbox.list({ to: email, kind: 'email' })).length === 0) throw new Error('not yet');
      },
      20_000,
    );
    const coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
    const page = await fetch(`${stack.baseUrl}/requests/${requestId}`, { headers: { cookie: coordinator.cookie } });
    expect(page.status).toBe(200);
    await waitFor(
      'the workflow lines',
      async () => {
        if (!lines.some((l) => l.includes(`request-${requestId}`) && l.includes('"component":"temporal"'))) {
          throw new Error('no Temporal line about the request yet');
        }
      },
      10_000,
    );

    const all = lines.join('\n');
    for (const secret of [phone, phone.slice(1), phone.slice(5), email, message, counselor.phone!, counselor.email]) {
      expect(all).not.toContain(secret);
    }
    // Still useful: the API's lines name the request and carry an HTTP request id; the engine's name the workflow.
    expect(all).toContain(`request ${requestId} submitted`);
    expect(all).toMatch(/http POST \/api\/requests 201 \d+ms req=[0-9a-f-]{36}/);
    expect(all).toMatch(/http POST \/o\/:token\/accept 200 \d+ms req=/);
    expect(all).not.toContain(acceptLinkIn(offer.body).split('/o/')[1]); // link tokens are secrets too
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.some((l) => l.component === 'temporal' && l.workflowId === `request-${requestId}`)).toBe(true);
  });

  it('redact contact and free-text fields by path and scrub numbers and addresses from any text', () => {
    const before = lines.length;
    logger.warn(
      { contact: { phone: '+37251234567' }, email: 'jane@example.org', detail: { message: 'my brother died' } },
      'could not reach +372 5123 4567 or jane@example.org',
    );
    logger.error({ err: new Error('SMTP refused <jane@example.org>') }, 'send failed');
    const out = lines.slice(before).join('\n');
    for (const secret of ['5123', 'jane@example.org', 'my brother died']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(out).toContain('could not reach [number] or [email]');
    expect(out).toContain('SMTP refused <[email]>');
  });

  it('keep what is not personal: ids, timestamps, durations and addresses of servers', () => {
    const before = lines.length;
    const id = '12345678-1234-4123-8123-123456789012';
    logger.info(`request ${id} at 2026-11-27T20:17:36.231Z took 8182ms via 127.0.0.1:41509`);
    expect(lines.slice(before).join('')).toContain(
      `request ${id} at 2026-11-27T20:17:36.231Z took 8182ms via 127.0.0.1:41509`,
    );
  });
});
