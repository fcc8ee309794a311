// Personal data never readable in Temporal: a full request on the real dev server, then its history fetched
// raw from the server (the protobuf bytes the server keeps) and searched for the requester's details.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DefaultFailureConverter, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ENCRYPTED_ENCODING, EncryptionCodec, parsePayloadKeys } from '../../codec';
import { failureConverter } from '../../codec/failure-converter';
import { workflowIdFor } from '../../workflows/definitions';
import {
  acceptLinkIn,
  createCounselor,
  createWorkspace,
  smsTo,
  submitRequest,
  TEST_PAYLOAD_KEYS,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

async function rawHistory(
  workflowId: string,
): Promise<{ bytes: Buffer; events: temporal.api.history.v1.IHistoryEvent[] }> {
  const chunks: Buffer[] = [];
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.temporal.workflowService.getWorkflowExecutionHistory({
      namespace: stack.config.temporal.namespace,
      execution: { workflowId },
      nextPageToken,
    });
    chunks.push(Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(page).finish()));
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { bytes: Buffer.concat(chunks), events };
}

/** Every payload anywhere in a decoded protobuf object (inputs, results, headers, memos, failures). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const v = value as Record<string, unknown>;
  if (v.metadata && typeof v.metadata === 'object' && 'encoding' in (v.metadata as object)) found.push(v as Payload);
  else for (const child of Object.values(v)) payloadsIn(child, found);
  return found;
}

const encodingOf = (p: Payload) => Buffer.from(p.metadata!.encoding!).toString('utf8');

/** Every patch id the workflows declare (`patched('...')` in workflows/), read from the sources. */
const WORKFLOWS_DIR = path.resolve(__dirname, '../../workflows');
const PATCH_IDS = new Set(
  readdirSync(WORKFLOWS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...readFileSync(path.join(WORKFLOWS_DIR, f), 'utf8').matchAll(/patched\('([^']+)'\)/g)].map((m) => m[1]),
    ),
);

/** Which of the SDK's own plain payloads this is (by its exact shape), or 'ours' for anything else. */
function sdkBookkeeping(p: Payload): string {
  if (encodingOf(p) !== 'json/plain') return 'ours';
  const value: unknown = JSON.parse(Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
  const keys = value && typeof value === 'object' ? Object.keys(value).sort().join(',') : '';
  if (keys === 'deprecated,id') return 'patch';
  const localActivity = 'activity_id,activity_type,attempt,backoff,complete_time,original_schedule_time,seq';
  if (keys === localActivity) return 'local-activity';
  // The TemporalChangeVersion search attribute: the ids of the patches this run went through, nothing else. Which
  // ones depends on the path the run took (a loaded machine can take it past a wave's timer), so any patch id the
  // workflows declare is bookkeeping, and anything else is ours.
  if (Array.isArray(value) && value.length > 0 && value.every((id) => PATCH_IDS.has(id))) return 'change-version';
  return 'ours';
}

describe('workflow history kept by the Temporal server', () => {
  const tag = randomBytes(4).toString('hex');
  const email = `requester-${tag}@example.org`;
  const phone = `+37259${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')}`;
  const message = `Sleepless since the flood ${tag}, please call after six`;

  it('holds no phone number, email or request text, and every payload of ours is encrypted, while the request is dispatched', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email,
      phone,
      message,
      safety: 'no',
    });
    expect(submitted.status).toBe(201);
    const requestId = submitted.body.id as string;

    const [offer] = await waitFor(
      'the offer SMS',
      async () => {
        const sms = await smsTo(stack.stores, [counselor.phone as string]);
        if (sms.length === 0) throw new Error('no SMS yet');
        return sms;
      },
      20_000,
    );
    const accepted = await fetch(`${acceptLinkIn(offer.body)}/accept`, { method: 'POST', redirect: 'manual' });
    expect(/data-result="([a-z-]+)"/.exec(await accepted.text())?.[1]).toBe('won');
    // The winner's confirmation went through an activity: it carries a link to the contact, never the contact.
    const won = await waitFor(
      'the winner told',
      async () => {
        const sms = await smsTo(stack.stores, [counselor.phone as string]);
        const confirmation = sms.find((m) => m.body.startsWith('Confirmed'));
        if (!confirmation) throw new Error('not yet');
        return confirmation;
      },
      20_000,
    );
    expect(won.body).toMatch(/\/o\/[A-Za-z0-9_-]+/);
    expect(won.body).not.toContain(phone);
    expect(won.body).not.toContain(email);

    const workflowId = workflowIdFor(requestId);
    expect(workflowId).toBe(`request-${requestId}`);
    const { bytes, events } = await rawHistory(workflowId);
    expect(events.length).toBeGreaterThan(5);
    const secrets = [
      email,
      phone,
      phone.slice(1),
      message,
      'Sleepless since the flood',
      counselor.phone as string,
      counselor.email,
      counselor.name,
    ];
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);

    const payloads = payloadsIn(events);
    expect(payloads.length).toBeGreaterThan(5);
    // Every payload of ours is encrypted. The SDK writes a few plain ones that the server or a replay must read,
    // with names and counters only: a patch marker, a local activity's timing, the TemporalChangeVersion attribute.
    const sdkPlain = payloads.filter((p) => encodingOf(p) !== ENCRYPTED_ENCODING);
    expect(sdkPlain.map(sdkBookkeeping)).toEqual(
      sdkPlain.map(() => expect.stringMatching(/^(patch|local-activity|change-version)$/)),
    );
    expect(payloads.filter((p) => encodingOf(p) === ENCRYPTED_ENCODING).length).toBeGreaterThan(5);

    // In Postgres too the requester's contact and words are ciphertext; the store reads them back with DATA_KEY.
    const row = await stack.db('help_requests').where({ id: requestId }).first();
    for (const secret of [email, phone, message]) expect(JSON.stringify(row)).not.toContain(secret);
    expect(await stack.stores.requests.getContact(requestId)).toMatchObject({ email, phone, message });

    // Through the client's data converter the same history reads back: the workflow worked on real values.
    const decoded = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    const input = decoded.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const [plain] = await new EncryptionCodec(stack.config.payloadKeys).decode([input as Payload]);
    expect(defaultPayloadConverter.fromPayload<{ requestId: string }>(plain).requestId).toBe(requestId);
  });

  it('cannot be decoded with another key, or with a key of the right id but the wrong bytes', async () => {
    const ws = await createWorkspace(stack.stores);
    await createCounselor(stack.stores, ws);
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email,
      safety: 'no',
    });
    const { events } = await rawHistory(workflowIdFor(submitted.body.id as string));
    const [input] = payloadsIn(events[0].workflowExecutionStartedEventAttributes?.input);

    const [right] = await new EncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS)).decode([input]);
    expect(defaultPayloadConverter.fromPayload<{ requestId: string }>(right).requestId).toBe(submitted.body.id);
    const sameId = new EncryptionCodec([{ id: 'test', key: randomBytes(32) }]);
    await expect(sameId.decode([input])).rejects.toThrow(/does not decrypt/);
    const otherId = new EncryptionCodec([{ id: 'other', key: randomBytes(32) }]);
    await expect(otherId.decode([input])).rejects.toThrow(/no payload key with id "test"/);
  });

  it('keeps workflow ids and search attributes free of personal data', async () => {
    const executions = await waitFor(
      'both requests listed',
      async () => {
        const found = [];
        for await (const w of stack.temporal.workflow.list({
          query: `TaskQueue = "${stack.config.temporal.taskQueue}"`,
        })) {
          found.push(w);
        }
        if (found.length < 2) throw new Error(`${found.length} listed`);
        return found;
      },
      10_000,
    );
    for (const w of executions) {
      expect(w.workflowId).toMatch(/^[a-z-]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const visible = JSON.stringify([w.workflowId, w.searchAttributes, w.typedSearchAttributes]);
      for (const secret of [email, phone, message]) expect(visible).not.toContain(secret);
    }
  });
});

describe('failures', () => {
  it('reach the history as "Encoded failure", their message and stack encrypted, and read back with the key', async () => {
    // A workflow task that fails on the real worker: the SDK's own error text is what must not show.
    const handle = await stack.temporal.workflow.start('noSuchWorkflow', {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: `encrypted-failure-${randomBytes(4).toString('hex')}`,
      args: [],
    });
    try {
      const failed = await waitFor(
        'a failed workflow task',
        async () => {
          const { events } = await rawHistory(handle.workflowId);
          const event = events.find((e) => e.workflowTaskFailedEventAttributes);
          if (!event) throw new Error('no failed task yet');
          return { event, bytes: (await rawHistory(handle.workflowId)).bytes };
        },
        15_000,
      );
      const failure = failed.event.workflowTaskFailedEventAttributes!.failure!;
      expect(failure.message).toBe('Encoded failure');
      expect(failure.stackTrace).toBe('');
      expect(failed.bytes.includes(Buffer.from('no such function is exported'))).toBe(false);
      const sealed = failure.encodedAttributes as Payload;
      expect(encodingOf(sealed)).toBe(ENCRYPTED_ENCODING);
      const [attributes] = await new EncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS)).decode([sealed]);
      expect(defaultPayloadConverter.fromPayload<{ message: string }>(attributes).message).toMatch(
        /no such function is exported/,
      );
    } finally {
      await handle.terminate();
    }
  });

  it('carry their message and stack only in an encoded payload, which the codec then encrypts', async () => {
    const failure = failureConverter.errorToFailure(
      new Error('could not reach requester@example.org'),
      defaultPayloadConverter,
    );
    expect(failureConverter).toBeInstanceOf(DefaultFailureConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const attributes = failure.encodedAttributes as Payload;
    const [sealed] = await new EncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS)).encode([attributes]);
    expect(Buffer.from(sealed.data!).includes(Buffer.from('requester@example.org'))).toBe(false);
    expect(encodingOf(sealed)).toBe(ENCRYPTED_ENCODING);
  });
});
