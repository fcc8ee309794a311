// The what-if form (a GET form: it changes nothing): the period and the changed policy, as text so a form with
// errors shows what was sent, parsed into a dispatch policy with one message per field.
import { z } from 'zod';
import {
  parseDuration,
  validatePolicy,
  WAVE_CHANNELS,
  type DispatchPolicy,
  type WaveChannel,
  type WideningStep,
} from '../../domain/policy';
import { addDays, instantFromLocal, localDateTime } from '../../domain/rota';

/** The widening orders a coordinator can pick, by key. */
export const WIDENING_ORDERS: Record<string, { label: string; steps: WideningStep[] }> = {
  'lived-then-general': {
    label: 'Drop lived experience, then general support',
    steps: ['drop-lived-experience', 'general-support'],
  },
  'general-then-lived': {
    label: 'General support, then drop lived experience',
    steps: ['general-support', 'drop-lived-experience'],
  },
  'lived-only': { label: 'Only drop lived experience', steps: ['drop-lived-experience'] },
  'general-only': { label: 'Only general support', steps: ['general-support'] },
  none: { label: 'No widening', steps: [] },
};
export const MAX_PERIOD_DAYS = 92;
export const MAX_WAVES = 5;
const DAY = 86_400_000;

export interface WhatIfFormValues {
  from: string;
  to: string;
  within: string;
  channels: string[];
  waits: string[];
  holdOpen: string;
  headStart: string;
  holdBack: boolean;
  widening: string;
  links: boolean;
}

export interface WhatIfQuery {
  /** Midnight of the first day in the team's time zone. */
  from: Date;
  /** Exclusive: the day after the last day asked for. */
  to: Date;
  withinMs: number;
  policy: DispatchPolicy;
}

const wideningKey = (steps: WideningStep[]) =>
  Object.entries(WIDENING_ORDERS).find(([, o]) => o.steps.join() === steps.join())?.[0] ?? 'lived-then-general';

/** The form as the team's policy now fills it: the last four weeks (the team's days), the target as "within". */
export function whatIfDefaults(
  policy: DispatchPolicy,
  now: Date,
  targetMinutes: number,
  timeZone = 'UTC',
): WhatIfFormValues {
  const today = localDateTime(now, timeZone).date;
  return {
    from: addDays(today, -27),
    to: today,
    within: String(Number((targetMinutes / 60).toFixed(2))),
    channels: policy.waves.map((w) => w.channel),
    waits: policy.waves.map((w) => w.wait),
    holdOpen: policy.holdOpen,
    headStart: policy.headStart ?? '0s',
    holdBack: policy.holdBackOvercommitted ?? false,
    widening: wideningKey(policy.widening),
    links: policy.smsIncludesLink,
  };
}

const text = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim());
const texts = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()));
const querySchema = z.object({
  from: text,
  to: text,
  within: text,
  channel: texts,
  wait: texts,
  holdOpen: text,
  headStart: text,
  holdBack: text,
  widening: text,
  links: text,
});

/** What the query string sent (checkboxes absent = off: the form was submitted). */
export function whatIfValuesFromQuery(query: unknown): WhatIfFormValues {
  const q = querySchema.parse(query ?? {});
  return {
    from: q.from,
    to: q.to,
    within: q.within,
    channels: q.channel.slice(0, MAX_WAVES),
    waits: q.wait.slice(0, MAX_WAVES),
    holdOpen: q.holdOpen,
    headStart: q.headStart || '0s',
    holdBack: q.holdBack === 'on',
    widening: q.widening,
    links: q.links === 'on',
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date as its UTC midnight (for day arithmetic only), else null. */
const dateOf = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return DATE.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) ? d : null;
};

/**
 * The values → the period and the changed policy (the team's policy with the form's fields put in), or one
 * message per field. Waves whose channel is "none" are left out; urgent waits are kept for an unchanged channel.
 */
export function parseWhatIf(
  v: WhatIfFormValues,
  current: DispatchPolicy,
  timeZone = 'UTC',
): { query: WhatIfQuery; errors?: undefined } | { errors: Record<string, string>; query?: undefined } {
  const errors: Record<string, string> = {};
  const from = dateOf(v.from);
  const to = dateOf(v.to);
  if (!from) errors.from = 'Enter the first day as a date like 2026-11-02.';
  if (!to) errors.to = 'Enter the last day as a date like 2026-11-29.';
  if (from && to && to < from) errors.to = 'The last day must be on or after the first.';
  if (from && to && to.getTime() - from.getTime() >= MAX_PERIOD_DAYS * DAY)
    errors.to = `A period of at most ${MAX_PERIOD_DAYS} days.`;
  const within = Number(v.within);
  if (!(v.within !== '' && within > 0 && within <= 24 * 14))
    errors.within = 'Enter a number of hours, more than 0 and at most 336.';
  const waves: DispatchPolicy['waves'] = [];
  v.channels.forEach((channel, i) => {
    if (channel === 'none' || channel === '') return;
    if (!WAVE_CHANNELS.includes(channel as WaveChannel)) {
      errors[`wave${i}`] = `Wave ${i + 1}: pick SMS, email, alert or none.`;
      return;
    }
    const wait = v.waits[i] ?? '';
    const ms = parseDuration(wait);
    if (ms === undefined || ms < 0 || (ms === 0 && channel !== 'alert')) {
      errors[`wave${i}`] = `Wave ${i + 1}: the wait must be a duration like "20m" or "1h".`;
      return;
    }
    const same = current.waves[i]?.channel === channel ? current.waves[i] : undefined;
    waves.push({ channel: channel as WaveChannel, wait, ...(same?.urgentWait ? { urgentWait: same.urgentWait } : {}) });
  });
  if (waves.length === 0 && !errors.wave0) errors.wave0 = 'Keep at least one wave.';
  const order = WIDENING_ORDERS[v.widening];
  if (!order) errors.widening = 'Pick one of the widening orders.';
  const policy: DispatchPolicy = {
    ...current,
    waves,
    holdOpen: v.holdOpen,
    widening: order?.steps ?? current.widening,
    smsIncludesLink: v.links,
    headStart: v.headStart,
    holdBackOvercommitted: v.holdBack,
  };
  for (const problem of validatePolicy(policy)) {
    if (problem.startsWith('holdOpen')) errors.holdOpen = 'The hold must be a duration like "24h".';
    else if (problem.startsWith('headStart'))
      errors.headStart = 'The head start must be a duration like "5m" (or "0s").';
  }
  if (Object.keys(errors).length) return { errors };
  // The team's days: from the first day's midnight to the midnight after the last, in the workspace's zone.
  return {
    query: {
      from: instantFromLocal(v.from, '00:00', timeZone),
      to: instantFromLocal(addDays(v.to, 1), '00:00', timeZone),
      withinMs: within * 3_600_000,
      policy,
    },
  };
}
