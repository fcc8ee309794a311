// The match and its explanation: one query, every dimension at once. Each rule below is one SQL boolean;
// the match keeps the rows where all of them hold, the explanation words the ones that fail. Both read the
// same columns of the same query, so "why not" can never disagree with who was offered.
import type { Knex } from 'knex';
import type { MatchCriteria } from '../../domain/match-criteria';
import { languageName, LIVED_EXPERIENCE_LABELS, TOPIC_LABELS } from '../../domain/vocabulary';

// The question itself is pure (domain/match-criteria.ts); re-exported for the callers that read it here.
export { criteriaForRequest, type MatchCriteria } from '../../domain/match-criteria';
import { loadGroup, type LoadGroup } from '../../domain/spread';
import { expectedWait, type AnswerTime, type ExpectedWait } from '../../domain/expected-wait';
import { inQuietHours } from '../../domain/quiet-hours';
import { teamWeekStartSql } from './team-week';
import { preparedRaw } from '../prepared';

/** What one counselor's row holds besides the rule booleans: the figures the reasons quote. */
export interface RuleFacts {
  userId: string;
  name: string;
  languages: string[];
  specialisms: string[];
  livedExperience: string[];
  capacityPerWeek: number | null;
  sessionsThisWeek: number;
  /** The monthly limit beside the weekly one (blank = none); weeks and months are the workspace's, in its time zone. */
  capacityPerMonth: number | null;
  sessionsThisMonth: number;
  recentSessions: number;
  supervisedDone: number;
  supervisedRequired: number;
  /** The earliest expired certification still on record, when any. */
  expiredCertification: { name: string; expiresOn: string } | null;
  awayUntil: string | null;
  pauseReason: string | null;
  phoneVerified: boolean;
  channels: string[];
  /** Topics held by a cool-down after hard sessions, and until when (UTC); empty and null when none. */
  coolDownTopics: string[];
  coolDownUntil: string | null;
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
    column: 'ok_capacity_month',
    sql: 'p.capacity_per_month is null or mo.n < p.capacity_per_month',
    reason: (f) => `capacity ${f.sessionsThisMonth}/${f.capacityPerMonth} this month`,
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
    // A cool-down after hard sessions holds offers of those topics only (domain/care.ts).
    column: 'ok_cooled_down',
    sql: 'co.topics is null or not (r.topics && co.topics)',
    request: true,
    reason: (f, c) =>
      `cooling down after hard sessions until ${f.coolDownUntil}: no ${c.topics
        .filter((t) => f.coolDownTopics.includes(t))
        .map(topicLabel)
        .join(' or ')}`,
  },
  {
    column: 'ok_not_excluded',
    sql: 'not (p.user_id = any(r.excluded))',
    request: true,
    reason: () => 'handed this request back',
  },
];

/**
 * Rules about being free now (away, paused, over capacity, cooling down): they change by themselves or by a
 * coordinator's act within a request's life. A counselor who fails only these could still take the request
 * later; one who fails any other (language, specialism, training, inactive) never could.
 */
export const FREE_NOW_RULES: readonly string[] = ['ok_present', 'ok_unpaused', 'ok_capacity', 'ok_cooled_down'];

// A rule that cannot be decided (null) fails the same way in both: WHERE drops it, explainRow wants true.
const ruleSql = (rule: Rule) => `(${rule.sql})`;

/**
 * Every counselor of the workspace with the rule columns and the facts behind them. Today is UTC; this week
 * (Monday on) and this month are the workspace's, in its time zone (r.at: now, or the criteria's `at`).
 * The lateral subqueries each read one small index range per counselor.
 */
function factsSql(c: MatchCriteria, extra: string[] = []): { sql: string; bindings: unknown[] } {
  const rules = MATCH_RULES.map((rule) => `${ruleSql(rule)} as ${rule.column}`).join(',\n      ');
  return {
    sql: `select p.user_id, u.name,${extra.map((col) => ` ${col},`).join('')} p.languages, p.specialisms, p.lived_experience, p.capacity_per_week, p.capacity_per_month, p.channels,
      u.phone is not null and u.phone_verified_at is not null as phone_verified,
      w.required_supervised_sessions, sv.done, wk.n as week_sessions, mo.n as month_sessions, rc.n as recent,
      ce.name as cert_name, ce.expires_on::text as cert_expires_on, aw.until_on::text as away_until, pa.reason as pause_reason,
      co.topics as cool_topics, to_char(co.until_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') as cool_until,
      ${rules}
    from counselor_profiles p
    join users u on u.id = p.user_id
    join workspaces w on w.id = p.workspace_id
    cross join (select ?::text as language, ?::text[] as topics, ?::text[] as lived, ?::uuid[] as excluded,
      coalesce(?::timestamptz, now()) as at) r
    left join lateral (select count(*)::int as done from supervised_signoffs s where s.counselor_id = p.user_id) sv on true
    left join lateral (select count(*)::int as n from assignments a where a.counselor_id = p.user_id
      and a.created_at >= ${teamWeekStartSql('r.at', 'w.time_zone')}
      and a.created_at <= r.at) wk on true
    left join lateral (select count(*)::int as n from assignments a where a.counselor_id = p.user_id
      and a.created_at >= date_trunc('month', r.at at time zone w.time_zone) at time zone w.time_zone
      and a.created_at <= r.at) mo on true
    left join lateral (select count(*)::int as n from assignments a where a.counselor_id = p.user_id
      and a.created_at > now() - interval '30 days') rc on true
    left join lateral (select c.name, c.expires_on from counselor_certifications c where c.counselor_id = p.user_id
      and c.expires_on < (now() at time zone 'UTC')::date order by c.expires_on limit 1) ce on true
    left join lateral (select max(a.until_on) as until_on from counselor_away a where a.counselor_id = p.user_id
      and a.until_on >= (now() at time zone 'UTC')::date and a.from_on <= (now() at time zone 'UTC')::date) aw on true
    left join lateral (select cp.reason from counselor_pauses cp where cp.counselor_id = p.user_id
      and cp.lifted_at is null order by cp.created_at limit 1) pa on true
    left join lateral (select array_agg(distinct t.topic) as topics, max(cd.until_at) as until_at
      from counselor_cooldowns cd cross join unnest(cd.topics) t(topic)
      where cd.counselor_id = p.user_id and cd.lifted_at is null and cd.until_at > now()) co on true
    where p.workspace_id = ? and 'counselor' = any(u.roles) and u.deactivated_at is null`,
    bindings: [c.language, c.topics, c.livedExperience, c.exclude ?? [], c.at ?? null, c.workspaceId],
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
  capacityPerMonth: r.capacity_per_month,
  sessionsThisMonth: r.month_sessions,
  recentSessions: r.recent,
  supervisedDone: r.done,
  supervisedRequired: r.required_supervised_sessions,
  expiredCertification: r.cert_expires_on ? { name: r.cert_name, expiresOn: r.cert_expires_on } : null,
  awayUntil: r.away_until,
  pauseReason: r.pause_reason,
  phoneVerified: r.phone_verified,
  channels: r.channels,
  coolDownTopics: r.cool_topics ?? [],
  coolDownUntil: r.cool_until ?? null,
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

    /**
     * What a requester may expect now: the counselors the match takes (widened as far as the policy could)
     * who are not in their quiet hours, and the times they took to accept offers in the last 90 days.
     */
    async expectedWait(c: MatchCriteria, now: Date): Promise<ExpectedWait> {
      // One statement on every intake: the match with each matched counselor's quiet hours and past accept
      // times (the quiet-hours rule is domain code, so it is applied to the rows here, not in SQL).
      const { sql, bindings } = matchSql(c, ['p.quiet_start', 'p.quiet_end', 'p.time_zone']);
      const { rows } = await preparedRaw<{ rows: Record<string, unknown>[] }>(
        db,
        `select matched.user_id, matched.quiet_start, matched.quiet_end, matched.time_zone, ans.answers
           from (${sql}) matched
         left join lateral (
           select json_agg(json_build_object('hour', extract(hour from o.created_at at time zone 'UTC')::int,
                    'ms', (extract(epoch from (a.created_at - o.created_at)) * 1000)::bigint)) as answers
             from assignments a
             join offers o on o.request_id = a.request_id and o.counselor_id = a.counselor_id
            where a.counselor_id = matched.user_id and a.assigned_by is null and o.status = 'won'
              and a.created_at > ?::timestamptz - interval '90 days' and a.created_at >= o.created_at) ans on true`,
        [...bindings, now.toISOString()] as Knex.RawBinding[],
      );
      const free = (
        rows as {
          quiet_start: string | null;
          quiet_end: string | null;
          time_zone: string | null;
          answers: AnswerTime[] | null;
        }[]
      ).filter((p) => !inQuietHours(now, p.quiet_start, p.quiet_end, p.time_zone ?? 'UTC'));
      return expectedWait({
        availableNow: free.length,
        answers: free.flatMap((p) => (p.answers ?? []).map((r) => ({ hour: Number(r.hour), ms: Number(r.ms) }))),
        hour: now.getUTCHours(),
      });
    },

    /**
     * How many counselors could take this request if they were free (every rule but FREE_NOW_RULES holds):
     * zero means nobody at all, whatever the hour, with these widening steps.
     */
    async couldTakeIfFree(c: MatchCriteria): Promise<number> {
      const rules = MATCH_RULES.filter((rule) => !FREE_NOW_RULES.includes(rule.column));
      return (await factRows(db, c)).filter((row) => rules.every((rule) => row[rule.column] === true)).length;
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

    /**
     * Spread the work: each counselor's load when a request comes (domain/spread.ts decides below / usual /
     * over from it, the rule the what-if replays): sessions in the 7 days before `at`, their usual per week
     * (the 8 weeks before those), their last accept, when they joined.
     */
    async loadGroups(counselorIds: string[], at: Date): Promise<Record<string, LoadGroup>> {
      if (counselorIds.length === 0) return {};
      const { rows } = await db.raw(
        `select u.id, u.created_at as joined_at,
           (select count(*) from assignments a where a.counselor_id = u.id
              and a.created_at >= :at::timestamptz - interval '7 days' and a.created_at < :at::timestamptz)::int as last_week,
           (select count(*) from assignments a where a.counselor_id = u.id
              and a.created_at >= :at::timestamptz - interval '63 days'
              and a.created_at < :at::timestamptz - interval '7 days')::float / 8 as usual,
           (select max(e.at) from request_events e
              where e.type = 'accepted' and e.data->>'counselorId' = u.id::text and e.at < :at::timestamptz) as last_accept
         from users u where u.id = any(:ids::uuid[])`,
        { at, ids: counselorIds },
      );
      return Object.fromEntries(
        (rows as { id: string; joined_at: Date; last_week: number; usual: number; last_accept: Date | null }[]).map(
          (r) => [
            r.id,
            loadGroup(
              { lastWeek: r.last_week, usualPerWeek: r.usual, lastAcceptAt: r.last_accept, joinedAt: r.joined_at },
              at,
            ),
          ],
        ),
      );
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
  const { sql, bindings } = matchSql(c, extra);
  const { rows } = await preparedRaw<{ rows: Record<string, any>[] }>(db, sql, bindings as Knex.RawBinding[]);
  return rows;
}

/** The match's statement, for a caller that reads more in the same statement (`expectedWait`). */
function matchSql(c: MatchCriteria, extra: string[] = []): { sql: string; bindings: unknown[] } {
  const { sql, bindings } = factsSql(c, extra);
  const names = extra.map((col) => `, m.${col.split('.').pop()}`).join('');
  return {
    sql: `select m.user_id, m.recent${names} from (${sql}) m where ${MATCH_RULES.map((r) => `m.${r.column}`).join(' and ')}
     order by m.recent, m.user_id`,
    bindings,
  };
}
export type MatchingStore = ReturnType<typeof createMatchingStore>;
