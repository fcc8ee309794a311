// Wave decisions as pure functions: the workflow only drives them.
import {
  parseDuration,
  WIDENING_STEPS,
  type DispatchPolicy,
  type WaveChannel,
  type WideningStep,
} from '../domain/policy';

export interface PlannedWave {
  wave: number;
  channel: WaveChannel;
  waitMs: number;
}

/** The policy's waves, numbered from 1, with the waits that apply to this request. */
export function planWaves(policy: DispatchPolicy, urgent: boolean): PlannedWave[] {
  return policy.waves.map((w, i) => ({
    wave: i + 1,
    channel: w.channel,
    waitMs: requireDuration(urgent && w.urgentWait ? w.urgentWait : w.wait),
  }));
}

export function holdOpenMs(policy: DispatchPolicy, urgent: boolean): number {
  return requireDuration(urgent && policy.urgentHoldOpen ? policy.urgentHoldOpen : policy.holdOpen);
}

/** Who a wave goes to: every matched counselor who has not declined, is not excluded, and was not reached on this channel. */
export function waveRecipients(
  matched: readonly string[],
  skip: { declined: ReadonlySet<string>; excluded: ReadonlySet<string>; reachedOnChannel: ReadonlySet<string> },
): string[] {
  return matched.filter((id) => !skip.declined.has(id) && !skip.excluded.has(id) && !skip.reachedOnChannel.has(id));
}

/** The next widening step the policy allows that has not been applied yet. */
export function nextWidening(policy: DispatchPolicy, applied: readonly WideningStep[]): WideningStep | undefined {
  return policy.widening.find((s) => !applied.includes(s) && WIDENING_STEPS.includes(s));
}

export function requireDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`Invalid duration in dispatch policy: ${text}`);
  return ms;
}

/**
 * Spread the work: the first offer wave goes to counselors below their usual load first, to the rest after the
 * head start; overcommitting ones (when the policy holds them back) wait for the next wave. 0: no head start.
 */
export function headStartMs(policy: DispatchPolicy): number {
  return policy.headStart ? (parseDuration(policy.headStart) ?? 0) : 0;
}

export function headStartSplit(
  ids: readonly string[],
  groups: Readonly<Record<string, 'below' | 'usual' | 'over'>>,
  holdBack: boolean,
): { first: string[]; then: string[]; held: string[] } {
  const group = (id: string) => groups[id] ?? 'usual';
  return {
    first: ids.filter((id) => group(id) === 'below'),
    then: ids.filter((id) => group(id) === 'usual' || (group(id) === 'over' && !holdBack)),
    held: holdBack ? ids.filter((id) => group(id) === 'over') : [],
  };
}
