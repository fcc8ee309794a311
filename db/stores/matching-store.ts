// The match: one query, every dimension at once, narrowest first so the indexes do the work.
import type { Knex } from 'knex';

export interface MatchCriteria {
  workspaceId: string;
  language: string;
  /** Any of these specialisms (one, or the topic plus general support once widened). */
  topics: string[];
  livedExperience: string[];
  exclude?: string[];
}

export function createMatchingStore(db: Knex) {
  return {
    /** Counselor ids qualified for every dimension; fewest recent sessions first (breadth over depth). */
    async matchCounselors(c: MatchCriteria): Promise<string[]> {
      const rows = await db('counselor_profiles as p')
        .join('users as u', 'u.id', 'p.user_id')
        .where('p.workspace_id', c.workspaceId)
        .andWhere('p.active', true)
        .andWhere('p.training_complete', true)
        .andWhere('u.role', 'counselor')
        .whereRaw('p.languages @> ?::text[]', [[c.language]])
        .whereRaw('p.specialisms && ?::text[]', [c.topics])
        .whereRaw('p.lived_experience @> ?::text[]', [c.livedExperience])
        // A paused counselor (debrief pending, paused by a coordinator or by themselves) gets no offers.
        .whereNotExists(db('counselor_pauses as cp').whereRaw('cp.counselor_id = p.user_id').whereNull('cp.lifted_at'))
        .modify((q) => {
          if (c.exclude?.length) q.whereNotIn('p.user_id', c.exclude);
        })
        .select('p.user_id')
        .select(
          db.raw(
            "(select count(*) from assignments a where a.counselor_id = p.user_id and a.created_at > now() - interval '30 days') as recent",
          ),
        )
        .orderBy([{ column: 'recent', order: 'asc' }, { column: 'p.user_id' }]);
      return rows.map((r: { user_id: string }) => r.user_id);
    },
  };
}
export type MatchingStore = ReturnType<typeof createMatchingStore>;
