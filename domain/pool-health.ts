import type { HardCategory } from './aftercare';
import { HARD_LOAD_DAYS, hardLoad, type HardSession } from './care';

// Pool health as pure functions over one counselor's recent history: which flags they raise, and the
// pool's figures (active breadth, evenness of spread). The /pool page and the daily digest both use these.

const DAY = 86_400_000;
export const GONE_QUIET_DAYS = 14;
export const USUAL_WEEKS = 8;
export const SLOW_RESPONSE_MS = 30 * 60_000;
export const NO_RESPONSE_OFFERS = 5;
export const EXPIRY_WARNING_DAYS = 30;
export const ACTIVE_DAYS = 30;

export interface OfferHistory {
  createdAt: Date;
  closedAt: Date | null;
  status: 'open' | 'won' | 'taken' | 'declined' | 'expired';
}

export interface CounselorHistory {
  id: string;
  name: string;
  active: boolean;
  /** When they joined the pool (the account's creation). */
  joinedAt: Date;
  capacityPerWeek: number | null;
  /** Their assignments (sessions), newest first, at least the last USUAL_WEEKS + 1 weeks. */
  sessions: Date[];
  /** The last time they accepted an offer themselves (not a coordinator's assignment); null: never. */
  lastAcceptAt: Date | null;
  /** Offers made to them in the last 30 days (not coordinator assignments), newest first. */
  offers: OfferHistory[];
  phoneVerified: boolean;
  smsStopped: boolean;
  smsEnabled: boolean;
  /** Statuses of their latest email notifications, newest first. */
  recentEmailStatuses: string[];
  certifications: { name: string; expiresOn: string }[];
  /** Held hard sessions of the last HARD_LOAD_DAYS (care for the carers); none when left out. */
  hardSessions?: HardSession[];
  /** The end of a cool-down holding offers now (domain/care.ts), and the topics it holds. */
  coolDown?: { until: Date; topics: string[] } | null;
}

/** This many hard sessions in HARD_LOAD_DAYS raise the flag: one is part of the work, two is a pattern. */
export const HARD_LOAD_FLAG = 2;

export type FlagKind =
  | 'gone-quiet'
  | 'fewer-than-usual'
  | 'overcommitting'
  | 'no-responses'
  | 'slow-responses'
  | 'certification-expiring'
  | 'no-verified-phone'
  | 'sms-stopped'
  | 'email-bouncing'
  | 'no-channel'
  | 'hard-load'
  | 'cooling-down';

/** Every flag kind, for checking a kind that comes back from a link or a form. */
export const FLAG_KINDS: readonly FlagKind[] = [
  'gone-quiet',
  'fewer-than-usual',
  'overcommitting',
  'no-responses',
  'slow-responses',
  'certification-expiring',
  'no-verified-phone',
  'sms-stopped',
  'email-bouncing',
  'no-channel',
];
export const isFlagKind = (s: unknown): s is FlagKind => FLAG_KINDS.includes(s as FlagKind);

/**
 * Which wording of a flag: the catalogue words it in its reader's language (notifications: `flagText`, one place
 * for the pool page and the daily digest). A kind has more than one wording where the facts differ.
 */
export type FlagWording =
  | 'gone-quiet'
  | 'gone-quiet-since-joining'
  | 'fewer-than-usual'
  | 'overcommitting-capacity'
  | 'overcommitting-usual'
  | 'no-responses'
  | 'slow-responses'
  | 'hard-load'
  | 'cooling-down'
  | 'certification-expired'
  | 'certification-expiring'
  | 'no-verified-phone'
  | 'sms-stopped'
  | 'email-bouncing'
  | 'no-channel';

export interface HealthFlag {
  kind: FlagKind;
  wording: FlagWording;
  /** The values its wording is filled with ({days}, {name}...). */
  vars: Record<string, string | number>;
  /** hard-load: the hard sessions by category; cooling-down: the topics held (worded by the reader's language). */
  load?: Record<HardCategory, number>;
  topics?: string[];
}

const days = (ms: number) => Math.floor(ms / DAY);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Monday 00:00 UTC of the week `now` is in: the same week the capacity rule counts. */
export function weekStart(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

/** Sessions per week over the USUAL_WEEKS weeks before the last 7 days. */
export function usualPerWeek(sessions: Date[], now: Date): number {
  const end = now.getTime() - 7 * DAY;
  const start = end - USUAL_WEEKS * 7 * DAY;
  return sessions.filter((s) => s.getTime() >= start && s.getTime() < end).length / USUAL_WEEKS;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmtPerWeek = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function healthFlags(h: CounselorHistory, now: Date): HealthFlag[] {
  const flags: HealthFlag[] = [];
  const t = now.getTime();

  if (h.active) {
    const since = h.lastAcceptAt ?? h.joinedAt;
    const quietDays = days(t - since.getTime());
    if (quietDays >= GONE_QUIET_DAYS)
      flags.push({
        kind: 'gone-quiet',
        wording: h.lastAcceptAt ? 'gone-quiet' : 'gone-quiet-since-joining',
        vars: { days: quietDays },
      });

    const usual = usualPerWeek(h.sessions, now);
    const lastWeek = h.sessions.filter((s) => s.getTime() > t - 7 * DAY).length;
    const thisWeek = h.sessions.filter((s) => s >= weekStart(now)).length;
    if (usual >= 1 && lastWeek < usual / 2)
      flags.push({
        kind: 'fewer-than-usual',
        wording: 'fewer-than-usual',
        vars: { lastWeek, usual: fmtPerWeek(usual) },
      });
    if (h.capacityPerWeek !== null && thisWeek > h.capacityPerWeek)
      flags.push({
        kind: 'overcommitting',
        wording: 'overcommitting-capacity',
        vars: { thisWeek, capacity: h.capacityPerWeek },
      });
    else if (usual >= 1 && lastWeek > 2 * usual)
      flags.push({
        kind: 'overcommitting',
        wording: 'overcommitting-usual',
        vars: { lastWeek, usual: fmtPerWeek(usual) },
      });

    // An offer someone else took first, or that is still open, says nothing about them.
    const settled = h.offers.filter((o) => o.status !== 'open' && o.status !== 'taken');
    const answered = settled.filter((o) => (o.status === 'won' || o.status === 'declined') && o.closedAt);
    const lastFew = settled.slice(0, NO_RESPONSE_OFFERS);
    if (lastFew.length === NO_RESPONSE_OFFERS && lastFew.every((o) => o.status === 'expired'))
      flags.push({ kind: 'no-responses', wording: 'no-responses', vars: { offers: NO_RESPONSE_OFFERS } });
    else if (answered.length >= 3) {
      const m = median(answered.map((o) => o.closedAt!.getTime() - o.createdAt.getTime()));
      if (m > SLOW_RESPONSE_MS)
        flags.push({ kind: 'slow-responses', wording: 'slow-responses', vars: { minutes: Math.round(m / 60_000) } });
    }
  }

  const load = hardLoad(h.hardSessions ?? [], now);
  const hardTotal = Object.values(load).reduce((a, b) => a + b, 0);
  if (hardTotal >= HARD_LOAD_FLAG)
    flags.push({ kind: 'hard-load', wording: 'hard-load', vars: { total: hardTotal, days: HARD_LOAD_DAYS }, load });
  if (h.coolDown && h.coolDown.until > now)
    flags.push({
      kind: 'cooling-down',
      wording: 'cooling-down',
      vars: { until: dayOf(h.coolDown.until) },
      topics: h.coolDown.topics,
    });

  const today = dayOf(now);
  const horizon = dayOf(new Date(t + EXPIRY_WARNING_DAYS * DAY));
  for (const c of h.certifications) {
    if (c.expiresOn < today)
      flags.push({
        kind: 'certification-expiring',
        wording: 'certification-expired',
        vars: { name: c.name, day: c.expiresOn },
      });
    else if (c.expiresOn <= horizon)
      flags.push({
        kind: 'certification-expiring',
        wording: 'certification-expiring',
        vars: { name: c.name, day: c.expiresOn },
      });
  }

  if (!h.phoneVerified) flags.push({ kind: 'no-verified-phone', wording: 'no-verified-phone', vars: {} });
  if (h.smsStopped) flags.push({ kind: 'sms-stopped', wording: 'sms-stopped', vars: {} });
  const bouncing = h.recentEmailStatuses.length >= 2 && h.recentEmailStatuses.slice(0, 2).every((s) => s === 'failed');
  if (bouncing) flags.push({ kind: 'email-bouncing', wording: 'email-bouncing', vars: {} });
  const sms = h.phoneVerified && !h.smsStopped && h.smsEnabled;
  if (!sms && bouncing) flags.push({ kind: 'no-channel', wording: 'no-channel', vars: {} });
  return flags;
}

/** 0 = sessions spread perfectly evenly, towards 1 = one counselor takes them all. */
export function gini(values: number[]): number {
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const weighted = sorted.reduce((sum, x, i) => sum + (i + 1) * x, 0);
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

export interface PoolFigures {
  /** Active counselors with at least one session in the last 30 days, of all active counselors. */
  activeBreadth: { active: number; total: number };
  /** Gini coefficient of the active counselors' sessions in the last 30 days. */
  evenness: number;
  sessions30d: number;
}

export function poolFigures(histories: CounselorHistory[], now: Date): PoolFigures {
  const from = now.getTime() - ACTIVE_DAYS * DAY;
  const counts = histories.filter((h) => h.active).map((h) => h.sessions.filter((s) => s.getTime() > from).length);
  return {
    activeBreadth: { active: counts.filter((n) => n > 0).length, total: counts.length },
    evenness: gini(counts),
    sessions30d: counts.reduce((a, b) => a + b, 0),
  };
}

export interface PoolHealth {
  flags: Map<string, HealthFlag[]>;
  figures: PoolFigures;
}

export function poolHealth(histories: CounselorHistory[], now: Date): PoolHealth {
  return {
    flags: new Map(histories.map((h) => [h.id, healthFlags(h, now)])),
    figures: poolFigures(histories, now),
  };
}
