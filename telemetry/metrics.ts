// The product's Prometheus metrics, one registry per process. Labels are ids of kinds and enums only, never a
// request, person or phone: a label value becomes a time series of its own, and Prometheus keeps them all.
import type { TextForm } from '../domain/text-forms';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();

/** Channels and outcomes as label values: a fixed vocabulary, so the number of series stays small. */
export type MetricChannel = TextForm;
export type OfferOutcome = 'sent' | 'already-sent' | 'in-doubt' | 'retry' | 'permanent-failure' | 'skipped';
export type ProviderErrorKind = 'retryable' | 'permanent' | 'in-doubt';

export const requestsReceived = new Counter({
  name: 'dispatch_requests_received_total',
  help: 'Requests for help stored by intake (form and JSON), before their dispatch starts.',
  labelNames: ['urgent'] as const,
  registers: [registry],
});

export const offersSent = new Counter({
  name: 'dispatch_offers_sent_total',
  help: 'Offers of a wave by channel and what became of each send (retry: the provider refused for now; skipped: quiet hours, STOP or no address).',
  labelNames: ['channel', 'outcome'] as const,
  registers: [registry],
});

export const timeToFirstAccept = new Histogram({
  name: 'dispatch_time_to_first_accept_seconds',
  help: 'From the request being submitted to its assignment being recorded (by: a counselor accepted, or a coordinator assigned).',
  labelNames: ['by'] as const,
  // Seconds for the software's part, hours for a human's: 10 s to 1 day.
  buckets: [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400],
  registers: [registry],
});

export const providerErrors = new Counter({
  name: 'dispatch_provider_errors_total',
  help: 'Sends the SMS or email provider did not take (retryable: 429, 5xx, refused connection; permanent: refused for good; in-doubt: timeout or unknown).',
  labelNames: ['channel', 'kind'] as const,
  registers: [registry],
});

/** Where the backlog gauges read from (the worker sets it; a process without it reports nothing). */
export interface BacklogSource {
  dispatchOutbox(): Promise<{ count: number; oldestSeconds: number }>;
  smsInbox(): Promise<{ count: number; oldestSeconds: number }>;
}
let backlogSource: BacklogSource | undefined;

/** Called once by the worker's composition root: the backlog gauges are read from the database at each scrape. */
export function setBacklogSource(source: BacklogSource | undefined): void {
  backlogSource = source;
}

function backlogGauge(name: string, help: string, read: (s: BacklogSource) => Promise<number>) {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      if (backlogSource) this.set(await read(backlogSource));
    },
  });
}

backlogGauge(
  'dispatch_outbox_backlog',
  'Requests stored but whose workflow Temporal has not yet taken (grows while Temporal is unreachable).',
  async (s) => (await s.dispatchOutbox()).count,
);
backlogGauge(
  'dispatch_outbox_oldest_seconds',
  'Age of the oldest request still waiting in the dispatch outbox (0: none).',
  async (s) => (await s.dispatchOutbox()).oldestSeconds,
);
backlogGauge(
  'dispatch_sms_inbox_backlog',
  'SMS replies stored because the engine could not answer while Twilio waited, not yet processed.',
  async (s) => (await s.smsInbox()).count,
);
