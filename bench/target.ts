// The two paths under test (where to submit and accept, how an SMS at the sink is tied to its request) and the
// load that drives them: submits, open loops, waiting for every wave-1 SMS.
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { sleep } from './common';
import { request } from './http';
import type { RequestTemplate } from './seed';
import type { SinkMessage, TwilioSink } from './twilio-sink';

export type PathName = 'workflow' | 'direct';

export interface Submission {
  template: RequestTemplate;
  requestId?: string;
  status: number;
  error?: string;
  submittedAt: number;
  respondedAt: number;
}

/**
 * One path under test: where to submit and accept, and how the SMS at the sink are attributed to requests
 * (the workflow path through notifications.provider_id and purpose, the direct path through its own log).
 */
export interface Target {
  name: PathName;
  baseUrl: string;
  /** Wave-1 offer SMS per request id. */
  offers: Map<string, SinkMessage[]>;
  /** Attributes the SMS that reached the sink since the last call. */
  collect(): Promise<void>;
  /** Starts attributing from the sink's current end (earlier messages belong to earlier phases). */
  resetCursor(): void;
  unattributed: number;
}

const WAVE1_PURPOSE = 'offer-r1-w1';
/** A message nobody claims within this long was not a wave-1 offer of this path. */
const ATTRIBUTION_GRACE_MS = 5000;

export function makeTarget(
  name: PathName,
  baseUrl: string,
  sink: TwilioSink,
  lookup: (sids: string[]) => Promise<Map<string, { requestId: string; wave1: boolean }>>,
): Target {
  let cursor = sink.messages.length;
  let pending: SinkMessage[] = [];
  const target: Target = {
    name,
    baseUrl,
    offers: new Map(),
    unattributed: 0,
    resetCursor() {
      cursor = sink.messages.length;
      pending = [];
    },
    async collect() {
      if (cursor < sink.messages.length) {
        pending.push(...sink.messages.slice(cursor));
        cursor = sink.messages.length;
      }
      if (pending.length === 0) return;
      const found = await lookup(pending.map((m) => m.sid));
      const now = performance.now();
      const still: SinkMessage[] = [];
      for (const m of pending) {
        const hit = found.get(m.sid);
        if (hit) {
          if (!hit.wave1) continue;
          let list = target.offers.get(hit.requestId);
          if (!list) target.offers.set(hit.requestId, (list = []));
          list.push(m);
        } else if (now - m.at < ATTRIBUTION_GRACE_MS) still.push(m);
        else target.unattributed += 1;
      }
      pending = still;
    },
  };
  return target;
}

export function workflowLookup(db: Knex) {
  return async (sids: string[]) => {
    const rows: { provider_id: string; request_id: string; purpose: string }[] = await db('notifications')
      .whereRaw('provider_id = any(?::text[])', [sids])
      .select('provider_id', 'request_id', 'purpose');
    return new Map(rows.map((r) => [r.provider_id, { requestId: r.request_id, wave1: r.purpose === WAVE1_PURPOSE }]));
  };
}

export function directLookup(baseUrl: string) {
  const known = new Map<string, string>();
  let next = 0;
  return async (sids: string[]) => {
    const res = await request('GET', `${baseUrl}/bench/sent?from=${next}`);
    const data = JSON.parse(res.body) as { next: number; sent: [string, string][] };
    for (const [sid, requestId] of data.sent) known.set(sid, requestId);
    next = data.next;
    const out = new Map<string, { requestId: string; wave1: boolean }>();
    for (const sid of sids) {
      const requestId = known.get(sid);
      if (requestId) out.set(sid, { requestId, wave1: true });
    }
    return out;
  };
}

let requesterCounter = 0;

export async function submit(target: Target, template: RequestTemplate): Promise<Submission> {
  requesterCounter += 1;
  const body = {
    workspace: template.workspace,
    language: template.language,
    topic: template.topic,
    livedExperience: template.livedExperience,
    safety: template.safety,
    email: `requester-${requesterCounter}@example.org`,
    message: 'I would like to talk to someone tonight.',
  };
  const before = performance.now();
  try {
    const res = await request('POST', `${target.baseUrl}/api/requests`, { json: body, timeoutMs: 30_000 });
    let requestId: string | undefined;
    if (res.status === 201) requestId = (JSON.parse(res.body) as { id: string }).id;
    return {
      template,
      requestId,
      status: res.status,
      error: res.status === 201 ? undefined : res.body.slice(0, 200),
      submittedAt: res.startedAt,
      respondedAt: res.endedAt,
    };
  } catch (err) {
    return {
      template,
      status: 0,
      error: (err as Error).message,
      submittedAt: before,
      respondedAt: performance.now(),
    };
  }
}

/** Open loop: submissions leave on schedule whether or not earlier ones were answered, as real requesters do. */
export async function openLoop(
  target: Target,
  rate: number,
  count: number,
  next: () => RequestTemplate,
  onAnswered?: (s: Submission) => void,
): Promise<Submission[]> {
  const inflight: Promise<Submission>[] = [];
  const t0 = performance.now() + 5;
  for (let i = 0; i < count; i++) {
    if (Number.isFinite(rate)) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await sleep(wait);
    }
    const s = submit(target, next());
    if (onAnswered) void s.then(onAnswered);
    inflight.push(s);
  }
  return Promise.all(inflight);
}

export const isComplete = (target: Target, s: Submission) =>
  s.requestId !== undefined && (target.offers.get(s.requestId)?.length ?? 0) >= s.template.expected;

/** Attributes SMS until every accepted submission has all its wave-1 SMS, or the time bound passes. */
export async function waitComplete(target: Target, subs: Submission[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await target.collect();
    if (subs.every((s) => s.status !== 201 || isComplete(target, s))) return;
    if (performance.now() > deadline) return;
    await sleep(50);
  }
}
