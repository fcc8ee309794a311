// A realistic pool, seeded with multi-row inserts so it takes seconds: the load workspaces the traffic goes to
// (20-30 counselors each, varied languages, specialisms and lived experience) and a large background of
// 2,000 workspaces x 40 counselors the matching query has to find its way through.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../domain/policy';

/** Long waits: the second wave never fires while the bench runs, so only wave 1 reaches the sink. */
export const BENCH_POLICY: DispatchPolicy = {
  ...DEFAULT_DISPATCH_POLICY,
  waves: [
    { channel: 'sms', wait: '20m', urgentWait: '20m' },
    { channel: 'email', wait: '40m', urgentWait: '40m' },
    { channel: 'alert', wait: '0s' },
  ],
  holdOpen: '24h',
  urgentHoldOpen: '24h',
};

export interface SeedCounselor {
  id: string;
  phone: string;
  languages: string[];
  specialisms: string[];
  lived: string[];
  trained: boolean;
  active: boolean;
  /** Out of reach today for a pool reason: a certification expired, away, or paused (each about 2%). */
  held: 'expired' | 'away' | 'paused' | null;
}

export interface SeedWorkspace {
  id: string;
  slug: string;
  counselors: SeedCounselor[];
}

export interface SeedResult {
  load: SeedWorkspace[];
  background: SeedWorkspace[];
  rows: { workspaces: number; users: number; counselorProfiles: number };
  ms: number;
}

/** Mulberry32: a small seeded PRNG, so every run seeds the same pool and asks the same requests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickWeighted<T>(r: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

const SECOND_LANGUAGES = [
  ['et', 0.35],
  ['ru', 0.35],
  ['uk', 0.1],
  ['es', 0.1],
  ['de', 0.1],
] as const;
const SPECIFIC_TOPICS = ['grief', 'trauma', 'addiction', 'suicide-safety'] as const;
const LIVED_TAGS = ['recovery', 'bereavement', 'parent', 'lgbtq', 'migration'] as const;

function counselorProfile(r: () => number): Omit<SeedCounselor, 'id' | 'phone'> {
  const languages: string[] = [];
  if (r() < 0.75) languages.push('en');
  if (r() < 0.7 || languages.length === 0) {
    const second = pickWeighted(r, SECOND_LANGUAGES);
    if (!languages.includes(second)) languages.push(second);
  }
  const specialisms: string[] = [];
  if (r() < 0.6) specialisms.push('general');
  for (const t of SPECIFIC_TOPICS) if (r() < 0.35) specialisms.push(t);
  if (specialisms.length === 0) specialisms.push('general');
  const lived = LIVED_TAGS.filter(() => r() < 0.2);
  const hold = r();
  const held = hold < 0.02 ? 'expired' : hold < 0.04 ? 'away' : hold < 0.06 ? 'paused' : null;
  return { languages, specialisms, lived: [...lived], trained: r() < 0.9, active: r() < 0.95, held };
}

async function insertChunked(db: Knex, table: string, rows: Record<string, unknown>[], size = 2000) {
  for (let i = 0; i < rows.length; i += size) await db(table).insert(rows.slice(i, i + size));
}

export async function seedBenchPool(
  db: Knex,
  opts: { loadWorkspaces: number; loadMin: number; loadMax: number; bgWorkspaces: number; bgCounselors: number },
): Promise<SeedResult> {
  const started = Date.now();
  const r = rng(20240611);
  let counter = 0;
  const workspaces: Record<string, unknown>[] = [];
  const users: Record<string, unknown>[] = [];
  const profiles: Record<string, unknown>[] = [];

  function makeWorkspace(slug: string, size: number): SeedWorkspace {
    const id = randomUUID();
    workspaces.push({ id, slug, name: `Bench ${slug}`, dispatch_policy: JSON.stringify(BENCH_POLICY) });
    for (const role of ['coordinator', 'lead'] as const) {
      counter += 1;
      users.push({
        id: randomUUID(),
        workspace_id: id,
        role,
        email: `${role}-${counter}@bench.example`,
        name: `Bench ${role} ${counter}`,
        phone: `+1555${String(counter).padStart(7, '0')}`,
        phone_verified_at: new Date(),
      });
    }
    const counselors: SeedCounselor[] = [];
    for (let i = 0; i < size; i++) {
      counter += 1;
      const c: SeedCounselor = {
        id: randomUUID(),
        phone: `+1555${String(counter).padStart(7, '0')}`,
        ...counselorProfile(r),
      };
      counselors.push(c);
      users.push({
        id: c.id,
        workspace_id: id,
        role: 'counselor',
        email: `c-${counter}@bench.example`,
        name: `Counselor ${counter}`,
        phone: c.phone,
        phone_verified_at: new Date(),
      });
      profiles.push({
        user_id: c.id,
        workspace_id: id,
        languages: c.languages,
        specialisms: c.specialisms,
        lived_experience: c.lived,
        training_complete: c.trained,
        // Trained = every tier done (the supervised sessions are signed off below).
        qualified_on: c.trained ? '2024-01-15' : null,
        programme_trained_on: c.trained ? '2024-03-01' : null,
        active: c.active,
        preferred_language: r() < 0.15 ? 'ru' : 'en',
      });
    }
    return { id, slug, counselors };
  }

  const load: SeedWorkspace[] = [];
  for (let w = 0; w < opts.loadWorkspaces; w++) {
    const size = opts.loadMin + Math.floor(r() * (opts.loadMax - opts.loadMin + 1));
    load.push(makeWorkspace(`bench-${String(w).padStart(2, '0')}`, size));
  }
  const background: SeedWorkspace[] = [];
  for (let w = 0; w < opts.bgWorkspaces; w++) {
    background.push(makeWorkspace(`bg-${String(w).padStart(4, '0')}`, opts.bgCounselors));
  }
  await insertChunked(db, 'workspaces', workspaces);
  await insertChunked(db, 'users', users);
  await insertChunked(db, 'counselor_profiles', profiles);
  // Every counselor holds a certification (a few expired), and a few are away or paused: the match's
  // look-ups then read real index entries, as in a grown deployment.
  const all = [...load, ...background].flatMap((w) => w.counselors.map((c) => ({ ws: w.id, c })));
  const yearAhead = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await insertChunked(
    db,
    'counselor_certifications',
    all.map(({ ws, c }) => ({
      workspace_id: ws,
      counselor_id: c.id,
      name: 'Safeguarding',
      expires_on: c.held === 'expired' ? monthAgo : yearAhead,
    })),
  );
  await insertChunked(
    db,
    'counselor_away',
    all
      .filter(({ c }) => c.held === 'away')
      .map(({ ws, c }) => ({ workspace_id: ws, counselor_id: c.id, from_on: monthAgo, until_on: yearAhead })),
  );
  await insertChunked(
    db,
    'counselor_pauses',
    all
      .filter(({ c }) => c.held === 'paused')
      .map(({ ws, c }) => ({ workspace_id: ws, counselor_id: c.id, source: 'coordinator', reason: 'bench' })),
  );
  await db.raw(`insert into supervised_signoffs (workspace_id, counselor_id, session_on)
                select p.workspace_id, p.user_id, '2024-04-01' from counselor_profiles p
                cross join generate_series(1, 3) where p.qualified_on is not null`);
  await db.raw('analyze');
  return {
    load,
    background,
    rows: { workspaces: workspaces.length, users: users.length, counselorProfiles: profiles.length },
    ms: Date.now() - started,
  };
}

export interface RequestTemplate {
  workspace: string;
  workspaceId: string;
  language: string;
  topic: string;
  livedExperience: string[];
  safety: 'no' | 'unsure' | 'yes';
  /** The counselors this request matches (the same rule as db/stores/matching-store.ts, no widening). */
  expected: number;
}

/** The same dimensions as the matching query: active, trained, speaks the language, the topic, every lived tag. */
export function matches(c: SeedCounselor, language: string, topic: string, lived: string[]): boolean {
  return (
    c.active &&
    c.trained &&
    c.held === null &&
    c.languages.includes(language) &&
    c.specialisms.includes(topic) &&
    lived.every((t) => c.lived.includes(t))
  );
}

const REQUEST_LANGUAGES = [
  ['en', 0.5],
  ['ru', 0.2],
  ['et', 0.15],
  ['uk', 0.05],
  ['es', 0.05],
  ['de', 0.05],
] as const;
const REQUEST_TOPICS = [
  ['general', 0.4],
  ['grief', 0.2],
  ['suicide-safety', 0.15],
  ['trauma', 0.15],
  ['addiction', 0.1],
] as const;

/**
 * Requests as a team sees them (mostly English, general support, sometimes lived experience), kept to those
 * that match at least minMatches counselors without widening, so wave 1 is an SMS wave and nothing else.
 */
export function requestGenerator(load: SeedWorkspace[], seed: number) {
  const r = rng(seed);
  return (minMatches = 3): RequestTemplate => {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const ws = load[Math.floor(r() * load.length)];
      const language = pickWeighted(r, REQUEST_LANGUAGES);
      const topic = pickWeighted(r, REQUEST_TOPICS);
      const lived = r() < 0.3 ? [LIVED_TAGS[Math.floor(r() * LIVED_TAGS.length)]] : [];
      const expected = ws.counselors.filter((c) => matches(c, language, topic, lived)).length;
      if (expected < minMatches) continue;
      const s = r();
      return {
        workspace: ws.slug,
        workspaceId: ws.id,
        language,
        topic,
        livedExperience: lived,
        safety: s < 0.1 ? 'yes' : s < 0.25 ? 'unsure' : 'no',
        expected,
      };
    }
    throw new Error(`no request matching ${minMatches} counselors: the seeded pool is too thin`);
  };
}
