// Summaries of V8 CPU profiles (--cpu-prof): where a process spent its CPU, by package and by function.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A phase of the bench on the monotonic clock (µs, the clock of V8's profile timestamps). */
export interface PhaseWindow {
  name: string;
  startUs: number;
  endUs: number;
}

/** Now on the monotonic clock in µs (process.hrtime and V8's profiler both read CLOCK_MONOTONIC on Linux). */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

export interface ProfileSummary {
  file: string;
  /** Sampled CPU time, idle excluded (ms). */
  busyMs: number;
  byPackage: [string, number][];
  topFunctions: [string, number][];
  /** The same, for the samples taken during each phase of the bench. */
  phases?: Record<string, { busyMs: number; byPackage: [string, number][]; topFunctions: [string, number][] }>;
}

/** node_modules/<pkg> (or @scope/pkg), the app's own top folder, node internals, or V8's own buckets. */
function bucketOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:internal';
  const m = /\/(api|activities|workers|workflows|db|bench|scripts|codec|domain|engine|notifications)\//.exec(url);
  if (m) return `app:${m[1]}`;
  return url.includes('workflow-bundle') || url.startsWith('evalmachine') ? 'workflow vm' : 'other';
}

export function summarizeProfile(file: string, top = 15, windows: PhaseWindow[] = []): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const whole = summarizeSamples(byId, profile.samples, profile.timeDeltas, top);
  const phases: NonNullable<ProfileSummary['phases']> = {};
  for (const w of windows) {
    // Sample i was taken at startTime + the sum of timeDeltas up to i.
    const ids: number[] = [];
    const deltas: number[] = [];
    let t = profile.startTime;
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas[i] ?? 0;
      if (t >= w.startUs && t < w.endUs) {
        ids.push(id);
        deltas.push(profile.timeDeltas[i] ?? 0);
      }
    });
    phases[w.name] = summarizeSamples(byId, ids, deltas, top);
  }
  return { file: path.basename(file), ...whole, ...(windows.length ? { phases } : {}) };
}

function summarizeSamples(byId: Map<number, ProfileNode>, samples: number[], timeDeltas: number[], top: number) {
  const self = new Map<number, number>();
  samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (timeDeltas[i] ?? 0)));
  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    busy += us;
    const bucket = bucketOf(url, functionName);
    pkg.set(bucket, (pkg.get(bucket) ?? 0) + us);
    const short = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${short}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + us);
  }
  const ms = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round(v / 100) / 10] as [string, number]);
  return { busyMs: Math.round(busy / 1000), byPackage: ms(pkg), topFunctions: ms(fn) };
}

/** The busiest profile in a directory (tsx's launcher process leaves a nearly empty one beside the real one). */
export function summarizeBusiest(dir: string, windows: PhaseWindow[] = []): ProfileSummary | undefined {
  let best: ProfileSummary | undefined;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const s = summarizeProfile(path.join(dir, f), 15, windows);
    if (!best || s.busyMs > best.busyMs) best = s;
  }
  return best;
}
