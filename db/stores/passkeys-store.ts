// Passkeys (WebAuthn credentials: id, public key, counter) and the challenges of their ceremonies. A challenge
// is taken once: reading it deletes it, so a replayed answer finds nothing.
import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';

export interface Passkey {
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export type WebauthnPurpose = 'register' | 'sign-in' | 'second-step';
export const WEBAUTHN_CHALLENGE_TTL_MS = 5 * 60_000;

const toPasskey = (r: Record<string, unknown>): Passkey => ({
  id: r.id as string,
  userId: r.user_id as string,
  publicKey: new Uint8Array(r.public_key as Buffer),
  counter: Number(r.counter),
  transports: (r.transports as string[]) ?? [],
  name: r.name as string,
  createdAt: r.created_at as Date,
  lastUsedAt: (r.last_used_at as Date | null) ?? null,
});

export function createPasskeysStore(db: Knex) {
  return {
    async add(p: Omit<Passkey, 'createdAt' | 'lastUsedAt'>) {
      await db('passkeys').insert({
        id: p.id,
        user_id: p.userId,
        public_key: Buffer.from(p.publicKey),
        counter: p.counter,
        transports: p.transports,
        name: p.name,
      });
    },
    async get(id: string): Promise<Passkey | undefined> {
      const row = await db('passkeys').where({ id }).first();
      return row ? toPasskey(row) : undefined;
    },
    async listFor(userId: string): Promise<Passkey[]> {
      return (await db('passkeys').where({ user_id: userId }).orderBy('created_at')).map(toPasskey);
    },
    async count(userId: string): Promise<number> {
      const [{ n }] = await db('passkeys').where({ user_id: userId }).count({ n: '*' });
      return Number(n);
    },
    /**
     * Records a use: the counter must grow (or stay 0 for authenticators that keep none); a conditional update, so
     * two sign-ins with one signature count once.
     */
    async used(id: string, counter: number): Promise<boolean> {
      const n = await db('passkeys')
        .where({ id })
        .whereRaw('(counter < ? or (counter = 0 and ?::bigint = 0))', [counter, counter])
        .update({ counter, last_used_at: new Date() });
      return n === 1;
    },
    async remove(userId: string, id: string): Promise<boolean> {
      return (await db('passkeys').where({ user_id: userId, id }).delete()) === 1;
    },
    /**
     * Removes one of the person's passkeys unless it is their last second step (no other passkey, no TOTP) and
     * `keepOne` says they must have one. The person's row is locked first, so two removals at once cannot both
     * pass the check and leave nothing.
     */
    async removeKeepingOne(userId: string, id: string, keepOne: boolean): Promise<'removed' | 'last' | 'missing'> {
      return db.transaction(async (trx) => {
        const user = await trx('users').where({ id: userId }).forUpdate().first('totp_secret_enc');
        const mine = await trx('passkeys').where({ user_id: userId }).select('id');
        if (!user || !mine.some((r) => r.id === id)) return 'missing';
        if (keepOne && !user.totp_secret_enc && mine.length === 1) return 'last';
        await trx('passkeys').where({ user_id: userId, id }).delete();
        return 'removed';
      });
    },
    async removeAllFor(userId: string, trx: Knex = db): Promise<number> {
      return trx('passkeys').where({ user_id: userId }).delete();
    },

    /** A new ceremony's challenge; the returned token goes into a cookie. */
    async startCeremony(purpose: WebauthnPurpose, challenge: string, userId: string | null): Promise<string> {
      const token = newToken() + newToken();
      await db('webauthn_challenges').insert({
        token_hash: hashToken(token),
        user_id: userId,
        purpose,
        challenge,
        expires_at: new Date(Date.now() + WEBAUTHN_CHALLENGE_TTL_MS),
      });
      return token;
    },
    /** The ceremony's challenge, once: it is deleted as it is read (expired or of another purpose: nothing). */
    async takeCeremony(
      token: string,
      purpose: WebauthnPurpose,
    ): Promise<{ challenge: string; userId: string | null } | undefined> {
      const [row] = await db('webauthn_challenges')
        .where({ token_hash: hashToken(token) })
        .delete()
        .returning(['purpose', 'challenge', 'user_id', 'expires_at']);
      if (!row || row.purpose !== purpose || row.expires_at <= new Date()) return undefined;
      return { challenge: row.challenge, userId: row.user_id };
    },
  };
}
export type PasskeysStore = ReturnType<typeof createPasskeysStore>;
