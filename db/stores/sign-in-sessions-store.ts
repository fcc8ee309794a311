// Sign-in sessions (table `sessions`; not counseling sessions): the cookie holds a random id, the table only its hash.
import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';

export const SIGN_IN_SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SIGN_IN_SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export function createSignInSessionsStore(db: Knex) {
  return {
    async create(userId: string): Promise<string> {
      const id = newToken() + newToken();
      await db('sessions').insert({
        id_hash: hashToken(id),
        user_id: userId,
        expires_at: new Date(Date.now() + SIGN_IN_SESSION_ABSOLUTE_MS),
      });
      return id;
    },
    /** The user id behind a live session; touches it so idle expiry slides. */
    async resolve(id: string): Promise<string | undefined> {
      const idleCutoff = new Date(Date.now() - SIGN_IN_SESSION_IDLE_MS);
      const [row] = await db('sessions')
        .where({ id_hash: hashToken(id) })
        .andWhere('expires_at', '>', new Date())
        .andWhere('last_seen_at', '>', idleCutoff)
        .update({ last_seen_at: new Date() })
        .returning('user_id');
      return row?.user_id;
    },
    /** Sign out everywhere: ends every session of the user (but the one kept, when given). */
    async destroyAllFor(userId: string, keepId?: string): Promise<number> {
      return db('sessions')
        .where({ user_id: userId })
        .modify((q) => {
          if (keepId) q.whereNot({ id_hash: hashToken(keepId) });
        })
        .delete();
    },
    async countFor(userId: string): Promise<number> {
      const [{ n }] = await db('sessions').where({ user_id: userId }).count({ n: '*' });
      return Number(n);
    },
    async destroy(id: string): Promise<void> {
      await db('sessions')
        .where({ id_hash: hashToken(id) })
        .delete();
    },
  };
}
export type SignInSessionsStore = ReturnType<typeof createSignInSessionsStore>;
