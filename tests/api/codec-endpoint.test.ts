// The Temporal Web UI's remote codec endpoint: a signed-in coordinator's UI decodes real history payloads;
// anyone else is refused, and only the Temporal UI's origin may read the answers from a browser.
import request from 'supertest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { createApp } from '../../api/app';
import { ENCRYPTED_ENCODING, WORKSPACE_METADATA } from '../../codec';
import type { Workspace } from '../../db';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  startStoredRequest,
  useTestStack,
} from '../helpers/stack';

const UI_ORIGIN = 'http://localhost:8233';

const stack = useTestStack();
let app: ReturnType<typeof createApp>;
let ws: Workspace;
let coordinatorCookie: string;
beforeAll(async () => {
  const config = { ...stack.config, temporal: { ...stack.config.temporal, uiUrl: `${UI_ORIGIN}/` } };
  app = createApp({ config, stores: stack.stores, temporal: stack.temporal, log: () => {} });
  ws = await createWorkspace(stack.stores);
  coordinatorCookie = (await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email)).cookie;
});

const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data),
});

/** The input payload of a real request workflow, as the Temporal UI gets it from the server: encrypted. */
async function storedInputPayload(): Promise<{ payload: Payload; requestId: string }> {
  const { requestId, handle } = await startStoredRequest(stack, ws, FAST_POLICY);
  const history = await stack.temporal.workflowService.getWorkflowExecutionHistory({
    namespace: stack.config.temporal.namespace,
    execution: { workflowId: handle.workflowId },
  });
  const payload = history.history!.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload;
  return { payload, requestId };
}

const decode = (body: unknown, cookie?: string, origin = UI_ORIGIN) => {
  const r = request(app)
    .post('/codec/decode')
    .set('origin', origin)
    .set('x-namespace', stack.config.temporal.namespace)
    .set('content-type', 'application/json');
  return (cookie ? r.set('cookie', cookie) : r).send(JSON.stringify(body));
};

describe('codec endpoint', () => {
  it("decodes a real history's payload for a signed-in coordinator, readable by the Temporal UI's origin", async () => {
    const { payload, requestId } = await storedInputPayload();
    expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);

    const res = await decode({ payloads: [asJson(payload)] }, coordinatorCookie);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const [plain] = res.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(Buffer.from(plain.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(plain.data, 'base64').toString())).toMatchObject({ requestId });
  });

  it('encodes what it decodes back (the UI encodes signal and query arguments it sends)', async () => {
    const original = defaultPayloadConverter.toPayload({ note: 'from the UI' });
    const encoded = await request(app)
      .post('/codec/encode')
      .set('origin', UI_ORIGIN)
      .set('cookie', coordinatorCookie)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ payloads: [asJson(original)] }));
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads;
    expect(Buffer.from(sealed.metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const decoded = await decode({ payloads: [sealed] }, coordinatorCookie);
    expect(decoded.body.payloads).toEqual([asJson(original)]);
  });

  it('refuses the signed out (401), counselors and leads (403)', async () => {
    const { payload } = await storedInputPayload();
    const body = { payloads: [asJson(payload)] };
    const anonymous = await decode(body);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toContain('json/plain');
    for (const user of [await createCounselor(stack.stores, ws), await createStaff(stack.stores, ws, 'lead')]) {
      const { cookie } = await loginSession(stack.baseUrl, user.email);
      const res = await decode(body, cookie);
      expect(res.status).toBe(403);
      expect(res.body.payloads).toBeUndefined();
    }
  });

  it('gives another origin no CORS headers, in the preflight or the answer', async () => {
    const preflight = (origin: string) =>
      request(app)
        .options('/codec/decode')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type,x-namespace');
    const ui = await preflight(UI_ORIGIN);
    expect(ui.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(ui.headers['access-control-allow-headers']).toMatch(/X-Namespace/i);
    const evil = await preflight('https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect(evil.headers['access-control-allow-methods']).toBeUndefined();

    const { payload } = await storedInputPayload();
    const res = await decode({ payloads: [asJson(payload)] }, coordinatorCookie, 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers 400 for another namespace, a malformed body, or payloads its keys cannot open', async () => {
    const { payload } = await storedInputPayload();
    const otherNs = await request(app)
      .post('/codec/decode')
      .set('cookie', coordinatorCookie)
      .set('x-namespace', 'someone-else')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ payloads: [asJson(payload)] }));
    expect(otherNs.status).toBe(400);
    expect((await decode({ payload: 'x' }, coordinatorCookie)).status).toBe(400);
    const tampered = asJson(payload);
    tampered.data = b64(Buffer.from(tampered.data, 'base64').map((b, i) => (i === 20 ? b ^ 1 : b)));
    const res = await decode({ payloads: [tampered] }, coordinatorCookie);
    expect(res.status).toBe(400);
    expect(res.body.payloads).toBeUndefined();
  });

  it("opens only the coordinator's own workspace: another workspace's payload comes back still sealed", async () => {
    const { payload } = await storedInputPayload();
    expect(Buffer.from(payload.metadata![WORKSPACE_METADATA]!).toString()).toBe(ws.id);
    const other = await createWorkspace(stack.stores);
    const otherCookie = (await loginSession(stack.baseUrl, (await createStaff(stack.stores, other)).email)).cookie;
    const res = await decode({ payloads: [asJson(payload)] }, otherCookie);
    expect(res.status).toBe(200);
    expect(res.body.payloads).toEqual([asJson(payload)]);
    expect(Buffer.from(res.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    // What the other coordinator encodes is sealed for their workspace: the first coordinator cannot open it.
    const mine = asJson(defaultPayloadConverter.toPayload({ counselorId: 'x' }));
    const sealed = await request(app)
      .post('/codec/encode')
      .set('cookie', otherCookie)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ payloads: [mine] }));
    expect(Buffer.from(sealed.body.payloads[0].metadata[WORKSPACE_METADATA], 'base64').toString()).toBe(other.id);
    const opened = await decode({ payloads: sealed.body.payloads }, coordinatorCookie);
    expect(opened.body.payloads).toEqual(sealed.body.payloads);
  });
});
