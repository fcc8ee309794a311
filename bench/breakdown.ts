// Where the time of one dispatch goes on the workflow path: the workflow's own history (event times written by
// the Temporal server) laid against the bench's submit and sink arrival times (the same machine clock).
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { createDataConverter, type PayloadKey } from '../codec';
import { summarize, type Summary } from './stats';

export interface DispatchTimes {
  requestId: string;
  /** performance.now() values from the bench. */
  submittedAt: number;
  respondedAt: number;
  firstSmsAt: number;
  lastSmsAt: number;
}

/** Medians and p95s (ms) of each segment from submit to the last wave-1 SMS. */
export type Breakdown = Record<string, Summary> & { sampled?: never };

interface HistoryEvent {
  eventTime?: { seconds?: { toNumber(): number } | number | string | null; nanos?: number | null } | null;
  workflowExecutionStartedEventAttributes?: unknown;
  workflowTaskScheduledEventAttributes?: unknown;
  workflowTaskStartedEventAttributes?: unknown;
  workflowTaskCompletedEventAttributes?: unknown;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: unknown } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: unknown } | null;
}

const toEpochMs = (t: HistoryEvent['eventTime']): number => {
  if (!t) return NaN;
  const s = t.seconds;
  const seconds = typeof s === 'object' && s !== null ? s.toNumber() : Number(s ?? 0);
  return seconds * 1000 + (t.nanos ?? 0) / 1e6;
};

/** performance.now() → epoch ms, to compare with the server's event times. */
const epoch = (perf: number) => performance.timeOrigin + perf;

export async function workflowBreakdown(
  address: string,
  dispatches: DispatchTimes[],
  payloadKeys: PayloadKey[],
): Promise<{ sampled: number; segments: Record<string, Summary>; counts: Record<string, Summary> }> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default', dataConverter: createDataConverter(payloadKeys) });
  const seg: Record<string, number[]> = {};
  // What one dispatch costs the engine, up to the wait after wave 1 (the history as it stands when sampled).
  const counts: Record<string, number[]> = {};
  const count = (name: string, n: number) => (counts[name] ??= []).push(n);
  const push = (name: string, ms: number) => {
    if (Number.isFinite(ms)) (seg[name] ??= []).push(ms);
  };
  try {
    for (const d of dispatches) {
      const history = await client.workflow.getHandle(`request-${d.requestId}`).fetchHistory();
      const events = (history.events ?? []) as HistoryEvent[];
      const at = (e: HistoryEvent | undefined) => (e ? toEpochMs(e.eventTime) : NaN);
      const started = events.find((e) => e.workflowExecutionStartedEventAttributes);
      const wftScheduled = events.filter((e) => e.workflowTaskScheduledEventAttributes);
      const wftStarted = events.filter((e) => e.workflowTaskStartedEventAttributes);
      const wftCompleted = events.filter((e) => e.workflowTaskCompletedEventAttributes);
      const scheduled = (name: string) =>
        events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === name);
      const idOf = (e: HistoryEvent | undefined) => (e ? String((e as { eventId?: unknown }).eventId) : '');
      const startedFor = (s: HistoryEvent | undefined) =>
        events.find(
          (e) =>
            e.activityTaskStartedEventAttributes &&
            String(e.activityTaskStartedEventAttributes.scheduledEventId) === idOf(s),
        );
      const completedFor = (s: HistoryEvent | undefined) =>
        events.find(
          (e) =>
            e.activityTaskCompletedEventAttributes &&
            String(e.activityTaskCompletedEventAttributes.scheduledEventId) === idOf(s),
        );
      count('history events', events.length);
      count('workflow tasks', wftCompleted.length);
      count('activities', events.filter((e) => e.activityTaskScheduledEventAttributes).length);
      count(
        'local activities (markers)',
        events.filter((e) => (e as { markerRecordedEventAttributes?: unknown }).markerRecordedEventAttributes).length,
      );
      count(
        'timers',
        events.filter((e) => (e as { timerStartedEventAttributes?: unknown }).timerStartedEventAttributes).length,
      );
      const match = scheduled('matchCounselors');
      const wave = scheduled('sendWave');

      push('1 POST /api/requests answered', d.respondedAt - d.submittedAt);
      push('1a submit → workflow started (server)', at(started) - epoch(d.submittedAt));
      push('2 started → first workflow task picked up', at(wftStarted[0]) - at(started));
      push('3 first workflow task run (worker)', at(wftCompleted[0]) - at(wftStarted[0]));
      push('4 matchCounselors: scheduled → started', at(startedFor(match)) - at(match));
      push('5 matchCounselors: run', at(completedFor(match)) - at(startedFor(match)));
      push('6 match done → next workflow task picked up', at(wftStarted[1]) - at(completedFor(match)));
      push('6a   of which queued (scheduled → started)', at(wftStarted[1]) - at(wftScheduled[1]));
      push('7 second workflow task run (worker)', at(wftCompleted[1]) - at(wftStarted[1]));
      push('8 sendWave: scheduled → started', at(startedFor(wave)) - at(wave));
      push('9 sendWave started → first SMS at sink', epoch(d.firstSmsAt) - at(startedFor(wave)));
      push('10 first → last SMS of the wave', d.lastSmsAt - d.firstSmsAt);
      push('11 last SMS → sendWave completed', at(completedFor(wave)) - epoch(d.lastSmsAt));
      push('= submit → last SMS', d.lastSmsAt - d.submittedAt);
    }
  } finally {
    await connection.close();
  }
  const segments: Record<string, Summary> = {};
  for (const [k, v] of Object.entries(seg)) segments[k] = summarize(v);
  const countSummaries: Record<string, Summary> = {};
  for (const [k, v] of Object.entries(counts)) countSummaries[k] = summarize(v);
  return { sampled: dispatches.length, segments, counts: countSummaries };
}
