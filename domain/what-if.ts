// The policy what-if: replays a past period's requests under a changed dispatch policy and predicts the time
// to first accept of each, beside what happened. Pure and deterministic: the same history and policy give the
// same answer, so it can be tested on constructed histories and checked against the actual policy.
//
// The model, in the words the page uses (keep them in step with WHAT_IF_METHOD below):
// - Each counselor's observed answer delay is kept: the time from the offer message that reached them last
//   before they answered (an SMS or an email) to their accept. Under a changed policy that message goes out
//   at another time, so their accept moves with it by the same amount.
// - A message's time moves by the difference between the two policies' plans for it: when its wave starts
//   (the sum of the earlier waves' waits; the n-th wave on a channel maps to the n-th wave on that channel),
//   plus the head start, or a later wave for someone held back. The software's own latency stays as observed.
// - Only what happened is replayed: counselors never offered are not invented, a counselor who declined or did
//   not answer never accepts, and a counselor who might have answered after someone else took the request is
//   unknown (so a change that delays the winner never lets someone else win instead: a pessimistic reading).
// - A coordinator's hand assignment keeps its delay after the alert wave that preceded it (or its own time).
// - Widening: a request that needed a widening step the changed policy does not allow gets no offers (only a
//   coordinator's assignment remains); a changed order of steps that were both tried cannot be predicted.
// - SMS links off: an accept that came by tapping an SMS link is assumed to wait for the counselor's next
//   message that carries a link (an email), with the same delay; with none, it is lost. Links on where they
//   were off changes nothing (the history cannot say how much sooner a link would have been tapped).
// - A predicted accept after the changed policy's hold ends (last wave plus its wait plus the hold) is lost.
import { parseDuration, type DispatchPolicy, type OfferChannel, type WaveChannel, type WideningStep } from './policy';

export type { OfferChannel };
/** How a counselor's load stood when the request came (domain/spread.ts decides it). */
export type LoadGroup = 'below' | 'usual' | 'over';

export interface WhatIfPolicy {
  waves: { channel: WaveChannel; waitMs: number }[];
  holdOpenMs: number;
  widening: WideningStep[];
  smsIncludesLink: boolean;
  /** Counselors below their usual load get wave 1 this long before the rest; 0: no head start. */
  headStartMs: number;
  /** With a head start on, overcommitting counselors wait for the next wave. */
  holdBackOvercommitted: boolean;
}

const ms = (text: string | undefined) => (text === undefined ? undefined : parseDuration(text));

/** A dispatch policy as the what-if reads it, with the waits that apply to an urgent request or not. */
export function whatIfPolicyOf(policy: DispatchPolicy, urgent: boolean): WhatIfPolicy {
  return {
    waves: policy.waves.map((w) => ({
      channel: w.channel,
      waitMs: (urgent ? ms(w.urgentWait) : undefined) ?? ms(w.wait) ?? 0,
    })),
    holdOpenMs: (urgent ? ms(policy.urgentHoldOpen) : undefined) ?? ms(policy.holdOpen) ?? 0,
    widening: [...policy.widening],
    smsIncludesLink: policy.smsIncludesLink,
    headStartMs: ms(policy.headStart) ?? 0,
    holdBackOvercommitted: policy.holdBackOvercommitted ?? false,
  };
}

export interface HistoryContact {
  counselorId: string;
  channel: OfferChannel;
  /** The wave the message belonged to (1-based, as the request's policy numbered them). */
  wave: number;
  /** Milliseconds after submission that it went out. */
  atMs: number;
}

export interface HistoryAnswer {
  counselorId: string;
  kind: 'accepted' | 'declined';
  atMs: number;
  /** How an accept came: a link (SMS or email) or an SMS reply code. */
  via?: 'link' | 'sms-reply';
}

export interface HistoryRequest {
  requestId: string;
  submittedAt: Date;
  urgent: boolean;
  /** The policy the request ran under (its snapshot, with the waits that applied to it). */
  policy: WhatIfPolicy;
  /** When each wave started (ms after submission), as recorded. */
  waves: { wave: number; channel: WaveChannel; atMs: number }[];
  contacts: HistoryContact[];
  answers: HistoryAnswer[];
  /** A coordinator's assignment (when nobody accepted first). */
  assignedAtMs: number | null;
  /** The widening steps the first match needed, in the order they were applied. */
  widened: WideningStep[];
  /** Each offered counselor's load when the request came; absent: usual. */
  load: Record<string, LoadGroup>;
  /** What happened: ms to the first accept or assignment; null: never taken. */
  actualMs: number | null;
}

export interface RequestPrediction {
  requestId: string;
  actualMs: number | null;
  /** null: not taken under the changed policy. */
  predictedMs: number | null;
  /** false: the model cannot say (e.g. a changed widening order); left out of the summary. */
  predictable: boolean;
  /** Why, in a few words, when it differs or cannot be predicted. */
  note?: string;
}

export interface WhatIfSummary {
  requests: number;
  /** Predicted requests only (predictable). */
  counted: number;
  unpredictable: number;
  taken: number;
  p50Ms: number | null;
  p90Ms: number | null;
  /** Share of the counted requests taken within `withinMs`. */
  withinShare: number;
}

export interface WhatIfResult {
  perRequest: RequestPrediction[];
  actual: WhatIfSummary;
  predicted: WhatIfSummary;
  /** The model replayed under each request's own policy against what happened: its error on this history. */
  selfCheck: { maxErrorMs: number; meanErrorMs: number; mismatchedTaken: number };
}

export const WHAT_IF_METHOD = [
  'Each counselor keeps the answer delay they showed: the time from the offer message that reached them last before they accepted.',
  'Under the changed policy that message goes out earlier or later (wave waits, head start, held back to a later wave), and their accept moves with it.',
  'Only what happened is replayed: nobody who was not offered is invented, and someone who declined or did not answer never accepts.',
  'If the winner would come later, nobody else is assumed to have taken it sooner: we cannot know whether they would have.',
  'A coordinator’s assignment keeps its delay after the alert; a request that needed a widening step the changed policy drops gets no offers.',
  'Without SMS links, an accept made by tapping an SMS link waits for the counselor’s email; with links added, nothing changes.',
];

/** Each wave's start under a policy (ms after the first wave), its channel and its occurrence among its channel. */
function plan(p: WhatIfPolicy): { channel: WaveChannel; startMs: number; waitMs: number; nth: number }[] {
  let t = 0;
  const seen = new Map<WaveChannel, number>();
  return p.waves.map((w) => {
    const nth = (seen.get(w.channel) ?? 0) + 1;
    seen.set(w.channel, nth);
    const row = { channel: w.channel, startMs: t, waitMs: w.waitMs, nth };
    t += w.waitMs;
    return row;
  });
}

/** The planned offset of a counselor's message in a wave under a policy, from the first wave's start; null: not sent. */
function plannedContact(
  p: WhatIfPolicy,
  channel: WaveChannel,
  nth: number,
  group: LoadGroup,
  anyBelow: boolean,
): { atMs: number; wave: number } | null {
  const waves = plan(p);
  const i = waves.findIndex((w) => w.channel === channel && w.nth === nth);
  if (i < 0) return null;
  if (p.headStartMs > 0 && i === firstOfferWave(waves)) {
    if (group === 'over' && p.holdBackOvercommitted) {
      // Held to the next wave that offers: they hear at its start, on their own channel.
      const next = waves.findIndex((w, j) => j > i && w.channel !== 'alert');
      return next < 0 ? null : { atMs: waves[next].startMs, wave: next + 1 };
    }
    // The head start: those below their usual load hear first, everyone else that much later (within the wave).
    // With nobody below their load in the wave, dispatch sends to everyone at once (workflows/waves.ts).
    if (group !== 'below' && anyBelow)
      return { atMs: waves[i].startMs + Math.min(p.headStartMs, waves[i].waitMs), wave: i + 1 };
  }
  return { atMs: waves[i].startMs, wave: i + 1 };
}

const firstOfferWave = (waves: { channel: WaveChannel }[]) => waves.findIndex((w) => w.channel !== 'alert');

/** Which occurrence of its channel a recorded wave was, under the policy the request ran with. */
function nthOf(p: WhatIfPolicy, wave: number): { channel: WaveChannel; nth: number } | null {
  const w = plan(p)[wave - 1];
  return w ? { channel: w.channel, nth: w.nth } : null;
}

/** When the request would close unmatched under a policy: after the last wave's wait and the hold. */
const holdEnd = (p: WhatIfPolicy) => p.waves.reduce((t, w) => t + w.waitMs, 0) + p.holdOpenMs;

/** Whether the widening a request needed is allowed, in the same order, by a policy. */
function wideningFits(needed: WideningStep[], allowed: WideningStep[]): 'same' | 'missing' | 'reordered' {
  if (needed.some((s) => !allowed.includes(s))) return 'missing';
  // The policy tries its steps in order; it reaches the needed ones the same way only if it tries nothing else first.
  return needed.every((s, i) => allowed[i] === s) ? 'same' : 'reordered';
}

/** One request replayed under a policy. */
export function predictRequest(h: HistoryRequest, p: WhatIfPolicy): RequestPrediction {
  const base = { requestId: h.requestId, actualMs: h.actualMs };
  const widening = wideningFits(h.widened, p.widening);
  if (widening === 'reordered')
    return { ...base, predictedMs: null, predictable: false, note: 'widening order changed' };

  // The software's latency before the first wave stays as observed.
  const firstWaveAt = h.waves.length ? Math.min(...h.waves.map((w) => w.atMs)) : 0;
  const group = (id: string): LoadGroup => h.load[id] ?? 'usual';
  const anyBelow = h.contacts.some((c) => group(c.counselorId) === 'below');
  /** A recorded message's time under the policy p: moved by the difference of the two plans. */
  const moved = (c: HistoryContact): number | null => {
    if (widening === 'missing') return null;
    const where = nthOf(h.policy, c.wave);
    if (!where) return c.atMs; // a wave the policy did not plan (e.g. a late SMS): left where it was
    const before = plannedContact(h.policy, where.channel, where.nth, group(c.counselorId), anyBelow);
    const after = plannedContact(p, where.channel, where.nth, group(c.counselorId), anyBelow);
    if (!after) return null;
    return c.atMs + (after.atMs - (before?.atMs ?? after.atMs));
  };

  const candidates: number[] = [];
  for (const a of h.answers) {
    if (a.kind !== 'accepted') continue;
    const mine = h.contacts.filter((c) => c.counselorId === a.counselorId && c.atMs <= a.atMs);
    const last = mine.sort((x, y) => y.atMs - x.atMs)[0];
    if (!last) {
      candidates.push(a.atMs); // an accept with no message we know of: it stays where it was
      continue;
    }
    const delay = a.atMs - last.atMs;
    let from: HistoryContact | undefined = last;
    if (last.channel === 'sms' && a.via === 'link' && h.policy.smsIncludesLink && !p.smsIncludesLink) {
      // The link they tapped is gone: they answer from the next message that carries one (an email).
      from = h.contacts
        .filter((c) => c.counselorId === a.counselorId && c.channel === 'email')
        .sort((x, y) => x.atMs - y.atMs)[0];
    }
    const at = from ? moved(from) : null;
    if (at !== null) candidates.push(at + delay);
  }
  if (h.assignedAtMs !== null) {
    // A coordinator's assignment follows the alert (if one went out before it), or stays at its own time.
    const alerts = h.policy.waves.map((w, i) => ({ ...w, wave: i + 1 })).filter((w) => w.channel === 'alert');
    const alertWave = h.waves
      .filter((w) => w.channel === 'alert' && w.atMs <= (h.assignedAtMs as number))
      .sort((x, y) => y.atMs - x.atMs)[0];
    if (alertWave && alerts.length) {
      const nth = plan(h.policy)[alertWave.wave - 1]?.nth ?? 1;
      const before = plan(h.policy).find((w) => w.channel === 'alert' && w.nth === nth);
      const after = plan(p).find((w) => w.channel === 'alert' && w.nth === nth);
      candidates.push(after && before ? h.assignedAtMs + (after.startMs - before.startMs) : h.assignedAtMs);
    } else candidates.push(h.assignedAtMs);
  }
  // A coordinator may have extended the hold: the extension it needed carries over to the changed policy.
  const extension = Math.max(0, (h.actualMs ?? 0) - (firstWaveAt + holdEnd(h.policy)));
  const closesAt = firstWaveAt + holdEnd(p) + extension;
  const inTime = candidates.filter((t) => t <= closesAt);
  const predictedMs = inTime.length ? Math.max(0, Math.min(...inTime)) : null;
  const note =
    widening === 'missing'
      ? 'needed a widening step the policy drops'
      : candidates.length > inTime.length && predictedMs === null
        ? 'the hold would have ended first'
        : undefined;
  return { ...base, predictedMs, predictable: true, ...(note ? { note } : {}) };
}

/** The p-th percentile (0..100), linear between closest ranks; null for none. */
export function percentileOf(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

export function summarise(rows: { ms: number | null; predictable: boolean }[], withinMs: number): WhatIfSummary {
  const counted = rows.filter((r) => r.predictable);
  const taken = counted.map((r) => r.ms).filter((v): v is number => v !== null);
  return {
    requests: rows.length,
    counted: counted.length,
    unpredictable: rows.length - counted.length,
    taken: taken.length,
    p50Ms: percentileOf(taken, 50),
    p90Ms: percentileOf(taken, 90),
    withinShare: counted.length ? taken.filter((v) => v <= withinMs).length / counted.length : 0,
  };
}

/**
 * Replays every request of a period under `policy`, and under its own policy as the self-check. Requests the
 * model cannot predict are left out of both summaries (the actual too), so the two compare like with like.
 */
export function whatIf(
  history: HistoryRequest[],
  policy: { normal: WhatIfPolicy; urgent: WhatIfPolicy },
  opts: { withinMs: number },
): WhatIfResult {
  const perRequest = history.map((h) => predictRequest(h, h.urgent ? policy.urgent : policy.normal));
  const selfRows = history.map((h) => predictRequest(h, h.policy));
  const errors = selfRows.map((r) =>
    r.predictedMs !== null && r.actualMs !== null ? Math.abs(r.predictedMs - r.actualMs) : 0,
  );
  const mismatchedTaken = selfRows.filter((r) => (r.predictedMs === null) !== (r.actualMs === null)).length;
  const predictable = new Set(perRequest.filter((r) => r.predictable).map((r) => r.requestId));
  return {
    perRequest,
    actual: summarise(
      perRequest.map((r) => ({ ms: r.actualMs, predictable: predictable.has(r.requestId) })),
      opts.withinMs,
    ),
    predicted: summarise(
      perRequest.map((r) => ({ ms: r.predictedMs, predictable: r.predictable })),
      opts.withinMs,
    ),
    selfCheck: {
      maxErrorMs: errors.length ? Math.max(...errors) : 0,
      meanErrorMs: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : 0,
      mismatchedTaken,
    },
  };
}
