// The dispatch policy: what each wave does and how long it waits. Pure, so the workflow, the API and tests share it.

export type WaveChannel = 'sms';

export interface WavePolicy {
  channel: WaveChannel;
  /** How long to wait for an accept after this wave went out, e.g. "20m" or "PT20M". */
  wait: string;
}

export interface DispatchPolicy {
  waves: WavePolicy[];
  /** After the last wave: how long the request stays open for manual assignment before it is unmatched. */
  holdOpen: string;
}

export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  waves: [{ channel: 'sms', wait: '20m' }],
  holdOpen: '24h',
};

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

/** Every problem with a policy, as messages a coordinator can act on; empty when it is valid. */
export function validatePolicy(policy: unknown): string[] {
  const problems: string[] = [];
  const p = policy as Partial<DispatchPolicy> | null;
  if (!p || typeof p !== 'object') return ['policy must be an object'];
  if (!Array.isArray(p.waves) || p.waves.length === 0) problems.push('waves: at least one wave is needed');
  (Array.isArray(p.waves) ? p.waves : []).forEach((w, i) => {
    if (w?.channel !== 'sms') problems.push(`waves[${i}].channel: must be "sms"`);
    const ms = typeof w?.wait === 'string' ? parseDuration(w.wait) : undefined;
    if (!ms || ms <= 0) problems.push(`waves[${i}].wait: must be a positive duration like "20m" or "PT20M"`);
  });
  const hold = typeof p.holdOpen === 'string' ? parseDuration(p.holdOpen) : undefined;
  if (hold === undefined || hold < 0) problems.push('holdOpen: must be a duration like "24h" or "PT24H"');
  return problems;
}
