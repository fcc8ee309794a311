// The direct path's one query: db/stores/matching-store.ts's match statement itself, plus the two columns the
// SMS needs (phone, language) looked up by id. The bench checks it returns the store's ids.
import type { Knex } from 'knex';
import { matchQuery, type MatchCriteria } from '../db/stores/matching-store';

export interface DirectMatch {
  user_id: string;
  phone: string | null;
  preferred_language: string | null;
}

export async function directMatch(db: Knex, c: MatchCriteria): Promise<DirectMatch[]> {
  return matchQuery(db, c, ['u.phone', 'p.preferred_language']) as Promise<DirectMatch[]>;
}
