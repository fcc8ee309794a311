// Wave decisions as pure functions: the workflow only drives them.
import { parseDuration, type DispatchPolicy, type WaveChannel } from './policy';

export interface PlannedWave {
  wave: number;
  channel: WaveChannel;
  waitMs: number;
}

/** The policy's waves, numbered from 1, with their waits in milliseconds. */
export function planWaves(policy: DispatchPolicy): PlannedWave[] {
  return policy.waves.map((w, i) => ({ wave: i + 1, channel: w.channel, waitMs: requireDuration(w.wait) }));
}

export function holdOpenMs(policy: DispatchPolicy): number {
  return requireDuration(policy.holdOpen);
}

/** Who a wave goes to: every matched counselor who has not declined and has not been reached on this channel. */
export function waveRecipients(
  matched: readonly string[],
  declined: ReadonlySet<string>,
  reachedOnChannel: ReadonlySet<string>,
): string[] {
  return matched.filter((id) => !declined.has(id) && !reachedOnChannel.has(id));
}

function requireDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`Invalid duration in dispatch policy: ${text}`);
  return ms;
}
