// The dispatch policy: the waves, their waits, how to widen a match. Pure, so the workflow, the API and tests share it.

export const WAVE_CHANNELS = ['sms', 'email', 'alert'] as const;
/** sms and email offer the request to counselors; alert tells the coordinators and the on-call lead. */
export type WaveChannel = (typeof WAVE_CHANNELS)[number];
/** The channels an offer reaches a counselor on (an alert wave offers nothing). */
export type OfferChannel = Exclude<WaveChannel, 'alert'>;

export const WIDENING_STEPS = ['drop-lived-experience', 'general-support'] as const;
export type WideningStep = (typeof WIDENING_STEPS)[number];

export interface WavePolicy {
  channel: WaveChannel;
  /** How long to wait for an accept after this wave went out, e.g. "20m" or "PT20M". */
  wait: string;
  /** The wait for a request marked urgent (shorter); the normal wait when absent. */
  urgentWait?: string;
}

export interface DispatchPolicy {
  waves: WavePolicy[];
  /** After the last wave: how long the request stays open for manual assignment before it is unmatched. */
  holdOpen: string;
  urgentHoldOpen?: string;
  /** Applied in order when nobody matches (and when a coordinator widens by hand). */
  widening: WideningStep[];
  /** Some carriers filter links in SMS: without them the SMS carries only the reply code. Email always has the link. */
  smsIncludesLink: boolean;
  /** What a requester is told when nobody could be found (other services, helplines). */
  alternatives: string;
  /** How long a counselor assigned by a coordinator has to say they cannot take it. */
  assignmentRefusalWindow: string;
  /** For a person who may be in danger now: how long the on-call lead has to acknowledge the alert before it repeats. */
  urgentAckWait?: string;
  /** How many times the urgent alert repeats to the on-call lead before it goes to the coordinators. */
  urgentAlertRepeats?: number;
  /** After the win: how long the session may stay without a confirmed slot before the coordinator is alerted. */
  confirmWithin?: string;
  /** Reminders to both sides before the session, e.g. ["24h", "1h"]. */
  reminders?: string[];
  /** After the slot ends: when to nudge the counselor for the outcome, then (after the nudge) when to escalate. */
  outcomeNudgeAfter?: string;
  outcomeEscalateAfter?: string;
  /** How long a debrief after a hard session may stay open before the coordinator is alerted. */
  debriefWithin?: string;
  /** When the supervision check-in is due after a held session, and after a hard one. */
  supervisionAfter?: string;
  supervisionAfterHard?: string;
  /** How long after a supervision check-in is due, without being done, the coordinators are told. */
  supervisionOverdueAfter?: string;
  /** The cool-down: after this many hard sessions (0: never) within coolDownWithin, offers of their topics are held for coolDownHold. */
  coolDownAfter?: number;
  coolDownWithin?: string;
  coolDownHold?: string;
  /**
   * Topics a cool-down holds besides those of the hard sessions' categories: codes of the team's vocabulary (its
   * own specialisms too, which no built-in category names). The API checks them against the vocabulary.
   */
  coolDownAlsoHolds?: string[];
  /**
   * Spread the work: counselors below their usual load (or gone quiet) get the first offer wave this long
   * before the rest ("5m"); absent or "0s": everyone at once.
   */
  headStart?: string;
  /** With a head start: overcommitting counselors are held to the next offer wave. */
  holdBackOvercommitted?: boolean;
  /**
   * The silent winner, all counted from the win: the counselor is reminded to confirm first contact after
   * `firstContactWithin`; the requester is asked "has a counselor been in touch?" after `requesterCheckAfter`;
   * the coordinators are alerted after `coordinatorAlertAfter` when nobody confirmed (or at once on a "no").
   */
  firstContactWithin?: string;
  requesterCheckAfter?: string;
  coordinatorAlertAfter?: string;
}

export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  waves: [
    { channel: 'sms', wait: '20m', urgentWait: '5m' },
    { channel: 'email', wait: '40m', urgentWait: '10m' },
    { channel: 'alert', wait: '0s' },
  ],
  holdOpen: '24h',
  urgentHoldOpen: '4h',
  widening: ['drop-lived-experience', 'general-support'],
  smsIncludesLink: true,
  alternatives: '',
  assignmentRefusalWindow: '2h',
  urgentAckWait: '10m',
  urgentAlertRepeats: 1,
  confirmWithin: '72h',
  reminders: ['24h', '1h'],
  outcomeNudgeAfter: '2h',
  outcomeEscalateAfter: '24h',
  debriefWithin: '24h',
  supervisionAfter: '3d',
  supervisionAfterHard: '1d',
  supervisionOverdueAfter: '2d',
  coolDownAfter: 3,
  coolDownWithin: '7d',
  coolDownHold: '3d',
  firstContactWithin: '24h',
  requesterCheckAfter: '36h',
  coordinatorAlertAfter: '48h',
};

/** The first-contact check's durations, in the order they fire (each counted from the win). */
export const FIRST_CONTACT_DURATIONS = ['firstContactWithin', 'requesterCheckAfter', 'coordinatorAlertAfter'] as const;

/** The after-care durations a policy snapshot may lack (older snapshots): each completed with its default. */
export const AFTERCARE_DURATIONS = [
  'confirmWithin',
  'outcomeNudgeAfter',
  'outcomeEscalateAfter',
  'debriefWithin',
  'supervisionAfter',
  'supervisionAfterHard',
  'supervisionOverdueAfter',
  'coolDownWithin',
  'coolDownHold',
] as const;

/** The most hard sessions a cool-down may wait for: a higher number is no cool-down at all. */
export const MAX_COOL_DOWN_AFTER = 20;

const SHORT = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "20m", "1.5h", "PT20M", "P1DT2H" → milliseconds; anything else → undefined. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  const short = SHORT.exec(value);
  if (short) return Math.round(Number(short[1]) * UNIT_MS[short[2]]);
  const iso = ISO.exec(value);
  if (iso && value !== 'P' && !value.endsWith('T')) {
    const [, d, h, m, s] = iso;
    return Math.round(
      Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m + Number(s ?? 0) * 1000,
    );
  }
  return undefined;
}

const isDuration = (v: unknown, allowZero: boolean): boolean => {
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  return ms !== undefined && (allowZero ? ms >= 0 : ms > 0);
};

/** Every problem with a policy, as messages a coordinator can act on; empty when it is valid. */
export function validatePolicy(policy: unknown): string[] {
  const problems: string[] = [];
  const p = policy as Partial<DispatchPolicy> | null;
  if (!p || typeof p !== 'object') return ['policy must be an object'];
  if (!Array.isArray(p.waves) || p.waves.length === 0) problems.push('waves: at least one wave is needed');
  (Array.isArray(p.waves) ? p.waves : []).forEach((w, i) => {
    if (!WAVE_CHANNELS.includes(w?.channel))
      problems.push(`waves[${i}].channel: must be one of ${WAVE_CHANNELS.join(', ')}`);
    const zeroOk = w?.channel === 'alert';
    const hint = zeroOk ? 'a duration' : 'a positive duration';
    if (!isDuration(w?.wait, zeroOk)) problems.push(`waves[${i}].wait: must be ${hint} like "20m" or "PT20M"`);
    if (w?.urgentWait !== undefined && !isDuration(w.urgentWait, zeroOk)) {
      problems.push(`waves[${i}].urgentWait: must be ${hint} like "5m" or "PT5M"`);
    }
  });
  if (!isDuration(p.holdOpen, true)) problems.push('holdOpen: must be a duration like "24h" or "PT24H"');
  if (p.urgentHoldOpen !== undefined && !isDuration(p.urgentHoldOpen, true)) {
    problems.push('urgentHoldOpen: must be a duration like "4h" or "PT4H"');
  }
  if (!Array.isArray(p.widening) || p.widening.some((s) => !WIDENING_STEPS.includes(s))) {
    problems.push(`widening: a list of steps from ${WIDENING_STEPS.join(', ')}`);
  }
  if (typeof p.smsIncludesLink !== 'boolean') problems.push('smsIncludesLink: must be true or false');
  if (typeof p.alternatives !== 'string' || p.alternatives.length > 1000) {
    problems.push('alternatives: a text of at most 1000 characters');
  }
  if (!isDuration(p.assignmentRefusalWindow, true)) {
    problems.push('assignmentRefusalWindow: must be a duration like "2h"');
  }
  if (p.urgentAckWait !== undefined && !isDuration(p.urgentAckWait, false)) {
    problems.push('urgentAckWait: must be a positive duration like "10m"');
  }
  const repeats = p.urgentAlertRepeats;
  if (repeats !== undefined && (!Number.isInteger(repeats) || repeats < 0 || repeats > 5)) {
    problems.push('urgentAlertRepeats: a whole number from 0 to 5');
  }
  for (const key of AFTERCARE_DURATIONS) {
    if (p[key] !== undefined && !isDuration(p[key], false))
      problems.push(`${key}: must be a positive duration like "24h"`);
  }
  const after = p.coolDownAfter;
  if (after !== undefined && (!Number.isInteger(after) || after < 0 || after > MAX_COOL_DOWN_AFTER)) {
    problems.push(`coolDownAfter: a whole number from 0 (no cool-down) to ${MAX_COOL_DOWN_AFTER}`);
  }
  const alsoHolds = p.coolDownAlsoHolds;
  if (
    alsoHolds !== undefined &&
    (!Array.isArray(alsoHolds) || alsoHolds.length > 50 || alsoHolds.some((t) => typeof t !== 'string' || !t))
  ) {
    problems.push('coolDownAlsoHolds: a list of topic codes of the team');
  }
  if (p.headStart !== undefined && !isDuration(p.headStart, true)) {
    problems.push('headStart: must be a duration like "5m" (or "0s" for none)');
  }
  if (p.holdBackOvercommitted !== undefined && typeof p.holdBackOvercommitted !== 'boolean') {
    problems.push('holdBackOvercommitted: must be true or false');
  }
  problems.push(...firstContactProblems(p));
  if (
    p.reminders !== undefined &&
    (!Array.isArray(p.reminders) || p.reminders.length > 3 || p.reminders.some((r) => !isDuration(r, false)))
  ) {
    problems.push('reminders: up to three positive durations before the session, like ["24h", "1h"]');
  }
  return problems;
}

/** Each first-contact duration positive, and in the order they fire: reminder, then requester, then coordinators. */
function firstContactProblems(p: Partial<DispatchPolicy>): string[] {
  const problems: string[] = [];
  for (const key of FIRST_CONTACT_DURATIONS) {
    if (p[key] !== undefined && !isDuration(p[key], false))
      problems.push(`${key}: must be a positive duration like "24h"`);
  }
  if (problems.length > 0) return problems;
  const ms = FIRST_CONTACT_DURATIONS.map((key) => parseDuration(p[key] ?? DEFAULT_DISPATCH_POLICY[key]!) as number);
  if (ms[1] <= ms[0]) problems.push('requesterCheckAfter: must be later than firstContactWithin');
  else if (ms[2] < ms[1]) problems.push('coordinatorAlertAfter: must not be earlier than requesterCheckAfter');
  return problems;
}

/** A stored policy, completed with the defaults for whatever an older version did not have. */
export function withDefaults(stored: unknown): DispatchPolicy {
  const p = (stored && typeof stored === 'object' ? stored : {}) as Partial<DispatchPolicy>;
  return { ...DEFAULT_DISPATCH_POLICY, ...p };
}
