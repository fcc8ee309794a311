// The match and its explanation: one query, every dimension at once. Each rule below is one SQL boolean;
// the match keeps the rows where all of them hold, the explanation words the ones that fail. Both read the
// same columns of the same query, so "why not" can never disagree with who was offered.
import type { Knex } from 'knex';
import type { MatchCriteria } from '../../domain/match-criteria';
import { languageName, LIVED_EXPERIENCE_LABELS, TOPIC_LABELS } from '../../domain/vocabulary';

// The question itself is pure (domain/match-criteria.ts); re-exported for the callers that read it here.
export { criteriaForRequest, type MatchCriteria } from '../../domain/match-criteria';

/** What one counselor's row holds besides the rule booleans: the figures the reasons quote. */
export interface RuleFacts {
  userId: string;
  name: string;
  languages: string[];
  specialisms: string[];
  livedExperience: string[];
  capacityPerWeek: number | null;
  sessionsThisWeek: number;
  recentSessions: number;
  supervisedDone: number;
  supervisedRequired: number;
  /** The earliest expired certification still on record, when any. */
  expiredCertification: { name: string; expiresOn: string } | null;
  awayUntil: string | null;
  pauseReason: string | null;
  phoneVerified: boolean;
  channels: string[];
}

interface Rule {
  /** The boolean column the query selects (and the match filters on). */
  column: string;
  /** A SQL boolean over p (profile), u (user), w (workspace), r (the request) and the lateral facts. */
  sql: string;
  /** Part of being live (training tiers, certifications), as opposed to availability or the request. */
  live?: boolean;
  /** Only rules that depend on the request are left out of the pool's live/availability view. */
  request?: boolean;
  reason: (f: RuleFacts, c: MatchCriteria) => string;
}

const topicLabel = (t: string) => TOPIC_LABELS[t as keyof typeof TOPIC_LABELS] ?? t;
const livedLabel = (t: string) => LIVED_EXPERIENCE_LABELS[t] ?? t;

/** The rules, in the order their reasons are given. The one definition of who may be offered a request. */
export const MATCH_RULES: Rule[] = [
  { column: 'ok_active', sql: 'p.active', reason: () => 'inactive' },
  {
    column: 'ok_qualified',
    sql: 'p.qualified_on is not null',
    live: true,
    reason: () => 'training: formal qualification missing',
  },
  {
    column: 'ok_programme',
    sql: 'p.programme_trained_on is not null',
    live: true,
    reason: () => 'training: programme training missing',
  },
  {
    column: 'ok_supervised',
    sql: 'sv.done >= w.required_supervised_sessions',
    live: true,
    reason: (f) => `training: supervised practice ${f.supervisedDone}/${f.supervisedRequired}`,
  },
  {
    column: 'ok_certified',
    sql: 'ce.expires_on is null',
    live: true,
    reason: (f) => `certification expired ${f.expiredCertification?.expiresOn ?? ''}`.trim(),
  },
  { column: 'ok_present', sql: 'aw.until_on is null', reason: (f) => `away until ${f.awayUntil}` },
  { column: 'ok_unpaused', sql: 'pa.reason is null', reason: (f) => `paused: ${f.pauseReason}` },
  {
    column: 'ok_capacity',
    sql: 'p.capacity_per_week is null or wk.n < p.capacity_per_week',
    reason: (f) => `capacity ${f.sessionsThisWeek}/${f.capacityPerWeek} this week`,
  },
  {
    column: 'ok_language',
    sql: 'p.languages @> array[r.language]',
    request: true,
    reason: (_f, c) => `no ${languageName(c.language)}`,
  },
  {
    column: 'ok_specialism',
    sql: 'p.specialisms && r.topics',
    request: true,
    reason: (_f, c) => `no ${c.topics.map(topicLabel).join(' or ')}`,
  },
  {
    column: 'ok_lived',
    sql: 'p.lived_experience @> r.lived',
    request: true,
    reason: (f, c) =>
      `no lived experience: ${c.livedExperience
        .filter((t) => !f.livedExperience.includes(t))
        .map(livedLabel)
        .join(', ')}`,
  },
  {
    column: 'ok_not_excluded',
    sql: 'not (p.user_id = any(r.excluded))',
    request: true,
    reason: () => 'handed this request back',
  },
];

// A rule that cannot be decided (null) fails the same way in both: WHERE drops it, explainRow wants true.
const ruleSql = (rule: Rule) => `(${rule.sql})`;

/**
 * Every counselor of the workspace with the rule columns and the facts behind them. Today and this week
 * are UTC. The lateral subqueries each read one small index range per counselor.
 */
function factsSql(c: MatchCriteria, extra: string[] = []): { sql: string; bindings: unknown[] } {
  const rules = MATCH_RULES.map((rule) => `${ruleSql(rule)} as ${rule.column}`).join(',\n      ');
  return {
    sql: `select p.user_id, u.name,${extra.map((col) => ` ${col},`).join('')} p.languages, p.specialisms, p.lived_experience, p.capacity_per_week, p.channels,
      u.phone is not null and u.phone_verified_at is not null as phone_verified,
      w.required_supervised_sessions, sv.done, wk.n as week_sessions, rc.n as recent,
      ce.name as cert_name, ce.expires_on::text as cert_expires_on, aw.until_on::text as away_until, pa.reason as pause_reason,
      ${rules}
    from counselor_profiles p
    join users u on u.id = p.user_id
    join workspaces w on w.id = p.workspace_id
    cross join (select ?::text as language, ?::text[] as topics, ?::text[] as lived, ?::uuid[] as excluded) r
    left join lateral (select count(*)::int as done from supervised_signoffs s where s.counselor_id = p.user_id) sv on true
    left join lateral (select count(*)::int as n from assignments a where a.counselor_id = p.user_id
      and a.created_at >= date_trunc('week', now() at time zone 'UTC') at time zone 'UTC') wk on true
    left join lateral (select count(*)::int as n from assignments a where a.counselor_id = p.user_id
      and a.created_at > now() - interval '30 days') rc on true
    left join lateral (select c.name, c.expires_on from counselor_certifications c where c.counselor_id = p.user_id
      and c.expires_on < (now() at time zone 'UTC')::date order by c.expires_on limit 1) ce on true
    left join lateral (select max(a.until_on) as until_on from counselor_away a where a.counselor_id = p.user_id
      and a.until_on >= (now() at time zone 'UTC')::date and a.from_on <= (now() at time zone 'UTC')::date) aw on true
    left join lateral (select cp.reason from counselor_pauses cp where cp.counselor_id = p.user_id
      and cp.lifted_at is null order by cp.created_at limit 1) pa on true
    where p.workspace_id = ? and 'counselor' = any(u.roles) and u.deactivated_at is null`,
    bindings: [c.language, c.topics, c.livedExperience, c.exclude ?? [], c.workspaceId],
  };
}

async function factRows(db: Knex, c: MatchCriteria): Promise<Record<string, any>[]> {
  const { sql, bindings } = factsSql(c);
  return (await db.raw(sql, bindings as Knex.RawBinding[])).rows;
}

const toFacts = (r: Record<string, any>): RuleFacts => ({
  userId: r.user_id,
  name: r.name,
  languages: r.languages,
  specialisms: r.specialisms,
  livedExperience: r.lived_experience,
  capacityPerWeek: r.capacity_per_week,
  sessionsThisWeek: r.week_sessions,
  recentSessions: r.recent,
  supervisedDone: r.done,
  supervisedRequired: r.required_supervised_sessions,
  expiredCertification: r.cert_expires_on ? { name: r.cert_name, expiresOn: r.cert_expires_on } : null,
  awayUntil: r.away_until,
  pauseReason: r.pause_reason,
  phoneVerified: r.phone_verified,
  channels: r.channels,
});

export interface MatchExplanation extends RuleFacts {
  offered: boolean;
  /** Why not, one phrase per failed rule ("no Russian", "capacity 2/2 this week"); empty when offered. */
  reasons: string[];
  /** Failed rules that are about being live (training tiers, certifications). */
  notLive: string[];
  /** Things that do not stop the match but matter for reaching them ("no verified phone: email only"). */
  notes: string[];
}

/** Words the failed rules of one row: the same columns the match filters on. */
export function explainRow(row: Record<string, any>, c: MatchCriteria, only?: (rule: Rule) => boolean) {
  const facts = toFacts(row);
  const failed = MATCH_RULES.filter((rule) => (only ? only(rule) : true) && row[rule.column] !== true);
  const notes: string[] = [];
  const sms = facts.channels.includes('sms') && facts.phoneVerified;
  const email = facts.channels.includes('email');
  if (!facts.phoneVerified && facts.channels.includes('sms')) notes.push('no verified phone: no SMS');
  if (!sms && !email) notes.push('no channel to reach them');
  return {
    ...facts,
    offered: failed.length === 0,
    reasons: failed.map((rule) => rule.reason(facts, c)),
    notLive: failed.filter((rule) => rule.live).map((rule) => rule.reason(facts, c)),
    notes,
  };
}

export function createMatchingStore(db: Knex) {
  return {
    /** Counselor ids qualified for every dimension; fewest recent sessions first (breadth over depth). */
    async matchCounselors(c: MatchCriteria): Promise<string[]> {
      const rows = await matchQuery(db, c);
      return rows.map((r) => r.user_id);
    },

    /** Every counselor of the workspace: would they be offered this request now, and if not, why not. */
    async explainMatch(c: MatchCriteria): Promise<MatchExplanation[]> {
      return (await factRows(db, c))
        .map((r) => explainRow(r, c))
        .sort((a, b) => Number(b.offered) - Number(a.offered) || a.name.localeCompare(b.name));
    },

    /**
     * The pool without a request: each counselor's live state (training tiers, certifications) and
     * availability (away, paused, capacity), worded by the same rules the match uses.
     */
    async poolStatus(workspaceId: string): Promise<MatchExplanation[]> {
      const c: MatchCriteria = { workspaceId, language: '', topics: [], livedExperience: [] };
      return (await factRows(db, c))
        .map((r) => explainRow(r, c, (rule) => !rule.request))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

/**
 * The match as one statement: the facts query filtered on every rule column. Exported for the bench's
 * direct path, which must run the store's query word for word.
 */
export async function matchQuery(
  db: Knex,
  c: MatchCriteria,
  /** Columns of p or u the caller wants in the same statement (fixed names from code, never input). */
  extra: string[] = [],
): Promise<Record<string, any>[]> {
  const { sql, bindings } = factsSql(c, extra);
  const names = extra.map((col) => `, m.${col.split('.').pop()}`).join('');
  const { rows } = await db.raw(
    `select m.user_id, m.recent${names} from (${sql}) m where ${MATCH_RULES.map((r) => `m.${r.column}`).join(' and ')}
     order by m.recent, m.user_id`,
    bindings as Knex.RawBinding[],
  );
  return rows;
}
export type MatchingStore = ReturnType<typeof createMatchingStore>;
