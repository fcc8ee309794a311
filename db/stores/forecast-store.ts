// What the 14-day coverage forecast (domain/coverage-forecast.ts) reads: every counselor of a workspace with
// their dimensions, training, certifications, away periods still to come, open pause and this week's
// sessions, plus the gone-quiet flag pool health gives them. The page and the daily digest both call forecast().
import type { Knex } from 'knex';
import {
  combinations,
  coverageForecast,
  type CoverageForecast,
  type ForecastCounselor,
} from '../../domain/coverage-forecast';
import { healthFlags } from '../../domain/pool-health';
import type { HealthStore } from './health-store';
import { teamWeekStartSql } from './team-week';
import type { PoolStore, Vocabulary } from './pool-store';

/** node-pg reads a `date` as local midnight: take the local calendar day back out. */
const day = (d: unknown): string => {
  if (!(d instanceof Date)) return String(d).slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export interface TeamForecast extends CoverageForecast {
  timeZone: string;
  vocabulary: Vocabulary;
}

export function createForecastStore(db: Knex, health: HealthStore, pool: PoolStore) {
  async function counselors(workspaceId: string, now: Date): Promise<ForecastCounselor[]> {
    const people = await db('counselor_profiles as p')
      .join('users as u', 'u.id', 'p.user_id')
      .join('workspaces as w', 'w.id', 'p.workspace_id')
      .where('p.workspace_id', workspaceId)
      .whereRaw(`'counselor' = any(u.roles)`)
      .whereNull('u.deactivated_at')
      .orderBy(['u.name', 'u.id'])
      .select(
        'u.id',
        'u.name',
        'p.active',
        'p.languages',
        'p.specialisms',
        'p.lived_experience',
        'p.capacity_per_week',
        'p.qualified_on',
        'p.programme_trained_on',
        'w.required_supervised_sessions',
        db.raw('(select count(*)::int from supervised_signoffs s where s.counselor_id = p.user_id) as supervised'),
        // The same week the match counts: Monday 00:00 in the team's time zone.
        db.raw(
          `(select count(*)::int from assignments a where a.counselor_id = p.user_id
             and a.created_at >= ${teamWeekStartSql('?::timestamptz', 'w.time_zone')}
             and a.created_at <= ?::timestamptz) as week`,
          [now, now],
        ),
        db.raw(
          `(select cp.reason from counselor_pauses cp where cp.counselor_id = p.user_id and cp.lifted_at is null
             order by cp.created_at limit 1) as paused_for`,
        ),
      );
    const ids = people.map((p) => p.id as string);
    if (ids.length === 0) return [];
    const [certs, away, histories] = await Promise.all([
      db('counselor_certifications')
        .whereIn('counselor_id', ids)
        .orderBy('expires_on')
        .select('counselor_id', 'name', 'expires_on'),
      db('counselor_away')
        .whereIn('counselor_id', ids)
        .andWhereRaw("until_on >= (?::timestamptz at time zone 'UTC')::date - 1", [now])
        .orderBy('from_on')
        .select('counselor_id', 'from_on', 'until_on'),
      health.histories(workspaceId, now),
    ]);
    const quiet = new Set(
      histories.filter((h) => healthFlags(h, now).some((f) => f.kind === 'gone-quiet')).map((h) => h.id),
    );
    return people.map((p) => ({
      id: p.id,
      name: p.name,
      active: p.active,
      languages: p.languages,
      specialisms: p.specialisms,
      livedExperience: p.lived_experience,
      capacityPerWeek: p.capacity_per_week,
      sessionsThisWeek: p.week,
      qualified: p.qualified_on !== null,
      programmeTrained: p.programme_trained_on !== null,
      supervisedDone: p.supervised,
      supervisedRequired: p.required_supervised_sessions,
      certifications: certs
        .filter((c) => c.counselor_id === p.id)
        .map((c) => ({ name: c.name, expiresOn: day(c.expires_on) })),
      away: away
        .filter((a) => a.counselor_id === p.id)
        .map((a) => ({ fromOn: day(a.from_on), untilOn: day(a.until_on) })),
      pausedFor: p.paused_for,
      goneQuiet: quiet.has(p.id),
    }));
  }

  return {
    counselors,

    /**
     * The team's forecast: every language an active counselor speaks x every specialism of the team's list x
     * no lived-experience preference or one of the team's tags, day by day in the team's time zone.
     */
    async forecast(workspaceId: string, now: Date): Promise<TeamForecast> {
      const [people, vocabulary, ws] = await Promise.all([
        counselors(workspaceId, now),
        pool.vocabulary(workspaceId),
        db('workspaces').where({ id: workspaceId }).first('time_zone'),
      ]);
      const timeZone: string = ws?.time_zone ?? 'UTC';
      const languages = [...new Set(people.filter((c) => c.active).flatMap((c) => c.languages))].sort();
      const wanted = combinations(
        languages,
        Object.keys(vocabulary.specialisms),
        Object.keys(vocabulary.livedExperience),
      );
      return { ...coverageForecast(people, wanted, now, timeZone), timeZone, vocabulary };
    },
  };
}
export type ForecastStore = ReturnType<typeof createForecastStore>;
