// The direct path's one query: db/stores/matching-store.ts's match, word for word, with the two columns the
// SMS needs (phone, language) selected in the same statement. The bench checks it returns the store's ids.
import type { Knex } from 'knex';
import type { MatchCriteria } from '../db/stores/matching-store';

export interface DirectMatch {
  user_id: string;
  phone: string | null;
  preferred_language: string | null;
}

export async function directMatch(db: Knex, c: MatchCriteria): Promise<DirectMatch[]> {
  return db('counselor_profiles as p')
    .join('users as u', 'u.id', 'p.user_id')
    .where('p.workspace_id', c.workspaceId)
    .andWhere('p.active', true)
    .andWhere('p.training_complete', true)
    .andWhere('u.role', 'counselor')
    .whereRaw('p.languages @> ?::text[]', [[c.language]])
    .whereRaw('p.specialisms && ?::text[]', [c.topics])
    .whereRaw('p.lived_experience @> ?::text[]', [c.livedExperience])
    .select('p.user_id', 'u.phone', 'p.preferred_language')
    .select(
      db.raw(
        "(select count(*) from assignments a where a.counselor_id = p.user_id and a.created_at > now() - interval '30 days') as recent",
      ),
    )
    .orderBy([{ column: 'recent', order: 'asc' }, { column: 'p.user_id' }]);
}
