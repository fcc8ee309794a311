// The recent history pool health reads (domain/pool-health.ts), one workspace at a time, in a few set queries.
import type { Knex } from 'knex';
import type { CounselorHistory } from '../../domain/pool-health';
import { USUAL_WEEKS } from '../../domain/pool-health';
import { HARD_LOAD_DAYS } from '../../domain/care';
import { hardSessionsOf } from './care-store';

const DAY = 86_400_000;
const day = (d: unknown): string => {
  if (!(d instanceof Date)) return String(d).slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** The cool-down holding each counselor's offers at `now` (the latest end, every topic held). */
async function coolDownsOf(
  db: Knex,
  ids: string[],
  now: Date,
): Promise<Map<string, { until: Date; topics: string[] }>> {
  const rows = await db('counselor_cooldowns')
    .whereIn('counselor_id', ids)
    .whereNull('lifted_at')
    .andWhere('until_at', '>', now)
    .andWhere('created_at', '<=', now)
    .select('counselor_id', 'until_at', 'topics');
  const out = new Map<string, { until: Date; topics: string[] }>();
  for (const r of rows) {
    const had = out.get(r.counselor_id);
    out.set(r.counselor_id, {
      until: had && had.until > r.until_at ? had.until : r.until_at,
      topics: [...new Set([...(had?.topics ?? []), ...r.topics])],
    });
  }
  return out;
}

export function createHealthStore(db: Knex) {
  return {
    async histories(workspaceId: string, now: Date): Promise<CounselorHistory[]> {
      const people = await db('users as u')
        .join('counselor_profiles as p', 'p.user_id', 'u.id')
        .where({ 'u.workspace_id': workspaceId })
        .whereRaw(`'counselor' = any(u.roles)`)
        .whereNull('u.deactivated_at')
        .orderBy(['u.name', 'u.id'])
        .select(
          'u.id',
          'u.name',
          'u.created_at',
          'u.phone',
          'u.phone_verified_at',
          'u.sms_stopped_at',
          'p.active',
          'p.capacity_per_week',
          'p.channels',
        );
      const ids = people.map((p) => p.id as string);
      if (ids.length === 0) return [];
      const sessionsFrom = new Date(now.getTime() - (USUAL_WEEKS + 2) * 7 * DAY);
      const offersFrom = new Date(now.getTime() - 30 * DAY);
      const [sessions, accepts, offers, emails, certs, hard, cool] = await Promise.all([
        db('assignments')
          .whereIn('counselor_id', ids)
          .andWhere('created_at', '>', sessionsFrom)
          .andWhere('created_at', '<=', now)
          .orderBy('created_at', 'desc')
          .select('counselor_id', 'created_at'),
        db('assignments')
          .whereIn('counselor_id', ids)
          .whereNull('assigned_by')
          .andWhere('created_at', '<=', now)
          .groupBy('counselor_id')
          .select('counselor_id', db.raw('max(created_at) as at')),
        db('offers')
          .whereIn('counselor_id', ids)
          .andWhere('created_at', '>', offersFrom)
          .andWhere('created_at', '<=', now)
          .whereNot('channel', 'assigned')
          .orderBy('created_at', 'desc')
          .select('counselor_id', 'created_at', 'closed_at', 'status'),
        db
          .from(
            db('notifications')
              .whereIn('user_id', ids)
              .andWhere('channel', 'email')
              .select('user_id', 'status', db.raw('row_number() over (partition by user_id order by id desc) as n'))
              .as('e'),
          )
          .where('n', '<=', 3)
          .orderBy(['user_id', 'n'])
          .select('user_id', 'status'),
        db('counselor_certifications')
          .whereIn('counselor_id', ids)
          .orderBy('expires_on')
          .select('counselor_id', 'name', 'expires_on'),
        hardSessionsOf(db, ids, new Date(now.getTime() - HARD_LOAD_DAYS * DAY), now),
        coolDownsOf(db, ids, now),
      ]);
      const by = <T extends Record<string, any>>(rows: T[], key: string) => {
        const m = new Map<string, T[]>();
        for (const r of rows) m.set(r[key], [...(m.get(r[key]) ?? []), r]);
        return m;
      };
      const [s, o, e, c] = [
        by(sessions, 'counselor_id'),
        by(offers, 'counselor_id'),
        by(emails, 'user_id'),
        by(certs, 'counselor_id'),
      ];
      const lastAccept = new Map(accepts.map((a: Record<string, any>) => [a.counselor_id, new Date(a.at)]));
      return people.map((p) => ({
        id: p.id,
        name: p.name,
        active: p.active,
        joinedAt: p.created_at,
        capacityPerWeek: p.capacity_per_week,
        sessions: (s.get(p.id) ?? []).map((r) => r.created_at),
        lastAcceptAt: lastAccept.get(p.id) ?? null,
        offers: (o.get(p.id) ?? []).map((r) => ({ createdAt: r.created_at, closedAt: r.closed_at, status: r.status })),
        phoneVerified: p.phone !== null && p.phone_verified_at !== null,
        smsStopped: p.sms_stopped_at !== null,
        smsEnabled: (p.channels as string[]).includes('sms'),
        recentEmailStatuses: (e.get(p.id) ?? []).map((r) => r.status),
        certifications: (c.get(p.id) ?? []).map((r) => ({ name: r.name, expiresOn: day(r.expires_on) })),
        hardSessions: hard.get(p.id) ?? [],
        coolDown: cool.get(p.id) ?? null,
      }));
    },

    /** Every workspace's id, for the daily digest. */
    async workspaceIds(): Promise<string[]> {
      return db('workspaces').orderBy('id').pluck('id');
    },
  };
}
export type HealthStore = ReturnType<typeof createHealthStore>;
