// Account secrets beyond the password: reset links, the pending second sign-in step, and TOTP secrets
// (encrypted with DATA_KEY). Every token is random and stored only as its hash.
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { decryptJson, encryptJson, hashToken, newToken } from '../secrets';

export const RECOVERY_CODES = 10;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** RFC 4648 base32 without padding (the recovery codes' letters: no 0/1/8/9 to confuse with O/I/B/g). */
function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + ALPHABET[(value << (5 - bits)) & 31] : out;
}

export type ResetLinkState = 'valid' | 'used' | 'expired' | 'invalid';

export const RESET_LINK_TTL_MS = 60 * 60_000;
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;

export function createAccountsStore(db: Knex, dataKey: Buffer) {
  return {
    async mintPasswordReset(userId: string, ttlMs = RESET_LINK_TTL_MS, trx: Knex = db): Promise<string> {
      const token = newToken() + newToken();
      await trx('password_resets').insert({
        token_hash: hashToken(token),
        user_id: userId,
        expires_at: new Date(Date.now() + ttlMs),
      });
      return token;
    },
    async resetLinkState(token: string): Promise<ResetLinkState> {
      const row = await db('password_resets')
        .where({ token_hash: hashToken(token) })
        .first();
      if (!row) return 'invalid';
      if (row.used_at) return 'used';
      return row.expires_at <= new Date() ? 'expired' : 'valid';
    },
    /**
     * Uses the link once: sets the password and ends every session of the account, in one transaction.
     * Returns the link's state before the attempt ('valid' means it worked).
     */
    async resetPassword(token: string, passwordHash: string): Promise<{ state: ResetLinkState; userId?: string }> {
      return db.transaction(async (trx) => {
        const [row] = await trx('password_resets')
          .where({ token_hash: hashToken(token) })
          .whereNull('used_at')
          .andWhere('expires_at', '>', new Date())
          .update({ used_at: new Date() })
          .returning('user_id');
        if (!row) return { state: await this.resetLinkState(token) };
        await trx('users').where({ id: row.user_id }).update({ password_hash: passwordHash });
        await trx('sessions').where({ user_id: row.user_id }).delete();
        // Other reset links of the account die with the password they were for.
        await trx('password_resets')
          .where({ user_id: row.user_id })
          .whereNull('used_at')
          .update({ used_at: new Date() });
        await trx('login_challenges').where({ user_id: row.user_id }).delete();
        return { state: 'valid' as const, userId: row.user_id as string };
      });
    },

    /** A new password set while signed in: every other session of the account ends, and pending reset links. */
    async setPassword(userId: string, passwordHash: string, keepSessionId?: string): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('users').where({ id: userId }).update({ password_hash: passwordHash });
        await trx('sessions')
          .where({ user_id: userId })
          .modify((q) => {
            if (keepSessionId) q.whereNot({ id_hash: hashToken(keepSessionId) });
          })
          .delete();
        await trx('password_resets').where({ user_id: userId }).whereNull('used_at').update({ used_at: new Date() });
      });
    },

    /** Remembers the browser a sign-in completed in: the cookie's device if it is this user's, else a new one. */
    async rememberDevice(userId: string, deviceId?: string): Promise<string> {
      if (deviceId) {
        const n = await db('known_devices')
          .where({ id_hash: hashToken(deviceId), user_id: userId })
          .update({ last_seen_at: new Date() });
        if (n === 1) return deviceId;
      }
      const id = newToken() + newToken();
      await db('known_devices').insert({ id_hash: hashToken(id), user_id: userId });
      return id;
    },
    /** The account a device cookie belongs to (a sign-in from it is not slowed by others' failures). */
    async deviceOwner(deviceId: string): Promise<string | undefined> {
      const row = await db('known_devices')
        .where({ id_hash: hashToken(deviceId) })
        .andWhere('last_seen_at', '>', new Date(Date.now() - 180 * 86_400_000))
        .first('user_id');
      return row?.user_id;
    },

    /** The pending second step of a sign-in (password right, code to come). */
    async createLoginChallenge(userId: string): Promise<string> {
      const token = newToken() + newToken();
      await db('login_challenges').insert({
        token_hash: hashToken(token),
        user_id: userId,
        expires_at: new Date(Date.now() + LOGIN_CHALLENGE_TTL_MS),
      });
      return token;
    },
    async resolveLoginChallenge(token: string): Promise<string | undefined> {
      const row = await db('login_challenges')
        .where({ token_hash: hashToken(token) })
        .andWhere('expires_at', '>', new Date())
        .first();
      return row?.user_id;
    },
    async endLoginChallenge(token: string): Promise<void> {
      await db('login_challenges')
        .where({ token_hash: hashToken(token) })
        .delete();
    },

    async totp(userId: string): Promise<{ secret: string | null; pending: string | null; lastStep: number | null }> {
      const row = await db('users')
        .where({ id: userId })
        .first('totp_secret_enc', 'totp_pending_enc', 'totp_last_step');
      return {
        secret: row?.totp_secret_enc ? decryptJson<string>(dataKey, row.totp_secret_enc) : null,
        pending: row?.totp_pending_enc ? decryptJson<string>(dataKey, row.totp_pending_enc) : null,
        lastStep: row?.totp_last_step == null ? null : Number(row.totp_last_step),
      };
    },
    async setPendingTotp(userId: string, secret: string): Promise<void> {
      await db('users')
        .where({ id: userId })
        .update({ totp_pending_enc: encryptJson(dataKey, secret) });
    },
    /** Confirms the pending secret; the step its code used is spent. A secret already on is never replaced. */
    async confirmTotp(userId: string, step: number): Promise<boolean> {
      const n = await db('users')
        .where({ id: userId })
        .whereNotNull('totp_pending_enc')
        .whereNull('totp_secret_enc')
        .update({ totp_secret_enc: db.raw('totp_pending_enc'), totp_pending_enc: null, totp_last_step: step });
      return n === 1;
    },
    /**
     * Spends a step: succeeds only when it is later than the last one used (a conditional update, so the same
     * code used twice at once still works once).
     */
    async spendTotpStep(userId: string, step: number): Promise<boolean> {
      const n = await db('users')
        .where({ id: userId })
        .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
        .update({ totp_last_step: step });
      return n === 1;
    },
    /** Ten fresh single-use recovery codes (the old ones stop working); only their hashes are kept. */
    async newRecoveryCodes(userId: string): Promise<string[]> {
      const codes = Array.from({ length: RECOVERY_CODES }, () => {
        const raw = base32(randomBytes(5)).toLowerCase();
        return `${raw.slice(0, 4)}-${raw.slice(4, 8)}`;
      });
      await db.transaction(async (trx) => {
        await trx('recovery_codes').where({ user_id: userId }).delete();
        await trx('recovery_codes').insert(codes.map((c) => ({ user_id: userId, code_hash: hashToken(c) })));
      });
      return codes;
    },
    /** Uses a recovery code once (a conditional update: the same code sent twice at once works once). */
    async spendRecoveryCode(userId: string, code: string): Promise<boolean> {
      const normal = code.trim().toLowerCase().replace(/\s+/g, '');
      if (!/^[a-z2-7]{4}-?[a-z2-7]{4}$/.test(normal)) return false;
      const withDash = normal.includes('-') ? normal : `${normal.slice(0, 4)}-${normal.slice(4)}`;
      const n = await db('recovery_codes')
        .where({ user_id: userId, code_hash: hashToken(withDash) })
        .whereNull('used_at')
        .update({ used_at: new Date() });
      return n === 1;
    },
    async recoveryCodesLeft(userId: string): Promise<number> {
      const [{ n }] = await db('recovery_codes').where({ user_id: userId }).whereNull('used_at').count({ n: '*' });
      return Number(n);
    },
    async clearTotp(userId: string): Promise<void> {
      await db('recovery_codes').where({ user_id: userId }).delete();
      await db('users')
        .where({ id: userId })
        .update({ totp_secret_enc: null, totp_pending_enc: null, totp_last_step: null });
    },
    async findUserIdByEmail(email: string): Promise<string | undefined> {
      const row = await db('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first('id');
      return row?.id;
    },
  };
}
export type AccountsStore = ReturnType<typeof createAccountsStore>;
