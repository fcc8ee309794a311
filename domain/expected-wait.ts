// An honest wait at intake: from the counselors who could take a request now and how long they took to accept
// offers before, what the requester may expect. Pure, so the rule has a table-driven test of its own.

/** One past accept: the hour of day (UTC) the offer went out, and how long the accept took. */
export interface AnswerTime {
  hour: number;
  ms: number;
}

export type ExpectedWait =
  /** Nobody who could take it is free now (away, paused, in quiet hours, at capacity): it may take longer. */
  | { kind: 'slow' }
  /** Too little history to say more than the usual words. */
  | { kind: 'usual' }
  /** The median accept time of those free now, rounded up; `atThisHour` when it is from this time of day. */
  | { kind: 'within'; minutes: number; atThisHour: boolean };

/** Fewer samples than this say nothing reliable. */
export const MIN_SAMPLES = 3;
/** "This time of day": offers sent within this many hours of now's hour (on the clock, across midnight). */
export const HOUR_WINDOW = 2;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Rounded up to what a person reads: 5-minute steps under an hour, whole hours above. */
export function roundWaitMinutes(ms: number): number {
  const minutes = Math.max(1, ms / 60_000);
  return minutes < 60 ? Math.ceil(minutes / 5) * 5 : Math.ceil(minutes / 60) * 60;
}

export function expectedWait(input: { availableNow: number; answers: AnswerTime[]; hour: number }): ExpectedWait {
  if (input.availableNow === 0) return { kind: 'slow' };
  const near = input.answers.filter((a) => {
    const d = Math.abs(a.hour - input.hour) % 24;
    return Math.min(d, 24 - d) <= HOUR_WINDOW;
  });
  if (near.length >= MIN_SAMPLES)
    return { kind: 'within', minutes: roundWaitMinutes(median(near.map((a) => a.ms))), atThisHour: true };
  if (input.answers.length >= MIN_SAMPLES)
    return { kind: 'within', minutes: roundWaitMinutes(median(input.answers.map((a) => a.ms))), atThisHour: false };
  return { kind: 'usual' };
}
