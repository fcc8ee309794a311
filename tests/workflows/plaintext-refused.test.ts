// Someone who reaches Temporal without the payload key (a client with the SDK's default data converter) cannot act
// for the app: a plaintext accept is refused and a plaintext decline is never applied. Nothing changes: no
// winner, no assignment row, no message to anyone.
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, PlaintextPayloadRefused, WORKSPACE_METADATA, parsePayloadKeys } from '../../codec';
import { acceptOfferUpdate, dispatchStatusQuery, offerDeclinedSignal } from '../../workflows/definitions';
import {
  createCounselor,
  createWorkspace,
  FAST_POLICY,
  smsTo,
  startStoredRequest,
  startTestStack,
  TEST_PAYLOAD_KEYS,
  waitFor,
  type TestStack,
} from '../helpers/stack';

let stack: TestStack;
let logs: string[];
beforeAll(async () => {
  logs = [];
  stack = await startTestStack({ log: (m) => logs.push(m) });
});
afterAll(async () => {
  await stack?.stop();
});

describe('a client without the payload key', () => {
  it('cannot win an offer with a plaintext accept, nor decline one with a plaintext signal', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const { requestId, handle } = await startStoredRequest(stack, ws, {
      ...FAST_POLICY,
      waves: [{ channel: 'sms', wait: '10m' }],
      holdOpen: '10m',
    });
    await waitFor(
      'the offer SMS',
      async () => {
        if ((await smsTo(stack.stores, [counselor.phone as string])).length === 0) throw new Error('no SMS yet');
      },
      20_000,
    );
    const plain = new Client({
      connection: stack.temporal.connection,
      namespace: stack.config.temporal.namespace,
    }).workflow.getHandle(handle.workflowId);

    // The accept: the worker refuses its payload, so the update never reaches the handler. The client is told it
    // failed, or waits while the worker logs the refusal; either way it did not win.
    const refusalLogged = waitFor(
      'the worker to refuse the forged accept',
      async () => {
        if (!logs.some((l) => /security: codec refused a payload \(unencrypted payload\)/.test(l)))
          throw new Error('no refusal logged yet');
      },
      20_000,
    ).then(
      () => 'refused',
      () => 'neither answered nor refused',
    );
    const outcome = await Promise.race([
      plain
        .executeUpdate(acceptOfferUpdate, { args: [{ counselorId: counselor.id }], updateId: `forged-${requestId}` })
        .then(
          (r) => `answered ${r}`,
          () => 'refused',
        ),
      refusalLogged,
    ]);
    expect(outcome).toBe('refused');

    await plain.signal(offerDeclinedSignal, { counselorId: counselor.id });
    await waitFor(
      'the worker refused the plaintext payloads',
      async () => {
        if (logs.filter((l) => /security: codec refused a payload \(unencrypted payload\)/.test(l)).length < 2)
          throw new Error(`refusals logged: ${logs.filter((l) => l.includes('codec refused')).length}`);
      },
      20_000,
    );

    const row = await stack.db('help_requests').where({ id: requestId }).first();
    expect(row.phase).toBe('offering');
    expect(await stack.db('assignments').where({ request_id: requestId })).toHaveLength(0);
    const status = await handle.query(dispatchStatusQuery);
    expect(status.winner).toBeNull();
    expect(status.declined).toEqual([]);
    const sms = await smsTo(stack.stores, [counselor.phone as string]);
    expect(sms).toHaveLength(1); // the offer only: no "it's yours", no contact
    const events = await stack.db('request_events').where({ request_id: requestId }).pluck('type');
    expect(events).not.toContain('assigned');
    expect(events).not.toContain('declined');
    // The refusal log line names the workflow, never a contact or the payload's content.
    for (const l of logs.filter((x) => x.includes('codec refused'))) expect(l).not.toContain(counselor.id);

    await handle.terminate('test over');
  });
});

describe('the codec', () => {
  const keys = parsePayloadKeys(TEST_PAYLOAD_KEYS);
  const workspaceA = '11111111-1111-4111-8111-111111111111';
  const workspaceB = '22222222-2222-4222-8222-222222222222';
  const codec = new EncryptionCodec(keys, {
    workspaceOf: async (id) => (id === 'request-a' ? workspaceA : id === 'request-b' ? workspaceB : undefined),
  });
  const value = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);

  it('refuses a plaintext data payload but passes the SDK bookkeeping by its exact shape', async () => {
    await expect(codec.decode([value({ counselorId: 'x' })])).rejects.toThrow(PlaintextPayloadRefused);
    await expect(codec.decode([value('match-local-activity')])).rejects.toThrow(PlaintextPayloadRefused);
    const bookkeeping = [value({ id: 'match-local-activity', deprecated: false }), value(['match-local-activity'])];
    expect(await codec.decode(bookkeeping)).toEqual(bookkeeping);
    // Same keys, another shape: refused.
    await expect(codec.decode([value({ id: 'x', deprecated: false, counselorId: 'y' })])).rejects.toThrow(
      PlaintextPayloadRefused,
    );
  });

  it('seals a request workflow with its workspace key and refuses it in another workspace', async () => {
    const [sealed] = await codec.encode([value({ ok: 1 })], {
      type: 'workflow',
      namespace: 'n',
      workflowId: 'request-a',
    });
    expect(Buffer.from(sealed.metadata![WORKSPACE_METADATA]!).toString()).toBe(workspaceA);
    const [open] = await codec.decode([sealed], { type: 'workflow', namespace: 'n', workflowId: 'request-a' });
    expect(defaultPayloadConverter.fromPayload(open)).toEqual({ ok: 1 });
    await expect(codec.decode([sealed], { type: 'workflow', namespace: 'n', workflowId: 'request-b' })).rejects.toThrow(
      /another workspace/,
    );
    // Relabelled for workspace B: the label is authenticated, it does not open.
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [WORKSPACE_METADATA]: Buffer.from(workspaceB) } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/does not decrypt/);
    // The codec endpoint's view: B's coordinator gets A's payload back still sealed.
    expect(codec.decodeForWorkspace([sealed], workspaceB)).toEqual([sealed]);
    expect(defaultPayloadConverter.fromPayload(codec.decodeForWorkspace([sealed], workspaceA)[0])).toEqual({ ok: 1 });
  });

  it('still opens payloads sealed before workspace keys (the saved histories)', async () => {
    const old = new EncryptionCodec(keys);
    const [sealed] = await old.encode([value({ requestId: 'r' })]);
    expect(sealed.metadata![WORKSPACE_METADATA]).toBeUndefined();
    const [open] = await codec.decode([sealed], { type: 'workflow', namespace: 'n', workflowId: 'request-a' });
    expect(defaultPayloadConverter.fromPayload(open)).toEqual({ requestId: 'r' });
    void randomBytes;
  });
});
