// Invitations and phone verification. Tokens and codes are stored hashed and minted only when their message
// is built, so the email or SMS is the one place they exist. Claims are conditional updates: one use each.
import { isUuid } from '../../domain/ids';
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';
import type { Role, User } from '../../domain/types';
import { normalizeRoles } from '../../domain/roles';
import type { CounselorProfileInput, UsersStore } from './users-store';

export const INVITE_VALID_DAYS = 7;
export const CODE_VALID_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;
/** Codes a user may ask for in an hour (each is an SMS we pay for and a chance to guess). */
export const CODES_PER_HOUR = 5;

export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  invitedBy: string | null;
  /** The roles the person gets on accepting (counselor unless a coordinator chose otherwise). */
  roles: Role[];
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  sent: boolean;
}

const toInvitation = (r: Record<string, any>): Invitation => ({
  id: r.id,
  workspaceId: r.workspace_id,
  email: r.email,
  name: r.name,
  invitedBy: r.invited_by,
  roles: r.roles ?? ['counselor'],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  sent: r.token_hash !== null,
});

/** One good row of a CSV import. */
export interface ImportedCounselor {
  name: string;
  email: string;
  phone: string | null;
  languages: string[];
  specialisms: string[];
  livedExperience: string[];
  qualifiedOn: string | null;
  programmeTrainedOn: string | null;
}

export type CodeCheck = 'verified' | 'wrong' | 'expired' | 'too-many' | 'none';

/** One invitation row, valid for INVITE_VALID_DAYS; `userId` when the account exists already (an import). */
function insertInvitation(
  q: Knex,
  input: {
    workspaceId: string;
    email: string;
    name: string;
    invitedBy: string | null;
    roles?: Role[];
    userId?: string;
  },
) {
  return q('invitations')
    .insert({
      workspace_id: input.workspaceId,
      ...(input.roles ? { roles: normalizeRoles(input.roles) } : {}),
      email: input.email.toLowerCase(),
      name: input.name,
      invited_by: input.invitedBy,
      ...(input.userId ? { user_id: input.userId } : {}),
      expires_at: q.raw(`now() + interval '${INVITE_VALID_DAYS} days'`),
    })
    .returning('*');
}

const codeHash = (verificationId: string, code: string) => hashToken(`${verificationId}:${code}`);

export function createOnboardingStore(db: Knex, users: UsersStore) {
  return {
    async createInvitation(input: {
      workspaceId: string;
      email: string;
      name: string;
      invitedBy: string | null;
      roles?: Role[];
    }): Promise<Invitation> {
      const [row] = await insertInvitation(db, { ...input, roles: input.roles ?? ['counselor'] });
      return toInvitation(row);
    },

    /** Takes back an invitation whose email could not be handed to the engine (nothing half done is left). */
    async deleteInvitation(id: string): Promise<void> {
      await db('invitations').where({ id }).whereNull('used_at').delete();
    },

    async getInvitation(id: string): Promise<Invitation | undefined> {
      const row = await db('invitations').where({ id }).first();
      return row && toInvitation(row);
    },

    /** The invitations of the workspace not yet used, newest first. */
    async listOpen(workspaceId: string): Promise<Invitation[]> {
      const rows = await db('invitations')
        .where({ workspace_id: workspaceId })
        .whereNull('used_at')
        .orderBy('created_at', 'desc')
        .limit(100);
      return rows.map(toInvitation);
    },

    /**
     * Whether an account or an open invitation of THIS workspace already has this email. Another workspace's
     * accounts are not looked at: a coordinator must not learn who has an account elsewhere (the invitee, who
     * owns the address, is told to sign in instead when they open the link).
     */
    async emailTaken(email: string, workspaceId: string): Promise<'user' | 'invited' | false> {
      const lower = email.trim().toLowerCase();
      if (await db('users').where({ workspace_id: workspaceId }).whereRaw('lower(email) = ?', [lower]).first('id'))
        return 'user';
      const open = await db('invitations')
        .where({ email: lower, workspace_id: workspaceId })
        .whereNull('used_at')
        .andWhere('expires_at', '>', db.fn.now())
        .first('id');
      return open ? 'invited' : false;
    },

    /** Mints the link's token (called by the email builder, once per real send). */
    /**
     * Gives an unused invitation of the workspace another INVITE_VALID_DAYS and forgets its link (the resend
     * mints a new one, so an old email stops working). Undefined when there is no such open invitation.
     */
    async renewInvitation(workspaceId: string, id: string): Promise<Invitation | undefined> {
      if (!isUuid(id)) return undefined;
      const [row] = await db('invitations')
        .where({ id, workspace_id: workspaceId })
        .whereNull('used_at')
        .update({ expires_at: db.raw(`now() + interval '${INVITE_VALID_DAYS} days'`), token_hash: null })
        .returning('*');
      return row && toInvitation(row);
    },

    async mintInviteToken(id: string): Promise<string> {
      const token = newToken();
      await db('invitations')
        .where({ id })
        .update({ token_hash: hashToken(token) });
      return token;
    },

    /** The invitation a link names, while it is unused and unexpired. */
    async findOpenByToken(token: string): Promise<Invitation | undefined> {
      const row = await db('invitations')
        .where({ token_hash: hashToken(token) })
        .whereNull('used_at')
        .andWhere('expires_at', '>', db.fn.now())
        .first();
      return row && toInvitation(row);
    },

    /**
     * Uses the invitation and creates the counselor in one transaction: the conditional update lets exactly
     * one submission through; an expired or used link creates nobody.
     */
    async acceptInvitation(
      token: string,
      // The profile only when the invitation makes a counselor (staff who do not counsel have none).
      input: { name: string; passwordHash: string; phone: string; profile?: CounselorProfileInput },
    ): Promise<User | 'gone' | 'email-taken'> {
      try {
        return await db.transaction(async (trx) => {
          const [inv] = await trx('invitations')
            .where({ token_hash: hashToken(token) })
            .whereNull('used_at')
            .andWhere('expires_at', '>', trx.fn.now())
            .update({ used_at: trx.fn.now() })
            .returning('*');
          if (!inv) return 'gone' as const;
          if (inv.user_id) {
            // Imported from a CSV: the account exists; joining sets the password and confirms the profile.
            const [row] = await trx('users')
              .where({ id: inv.user_id })
              .update({
                name: input.name,
                password_hash: input.passwordHash,
                phone: input.phone,
                phone_verified_at: trx.raw('case when phone = ? then phone_verified_at end', [input.phone]),
              })
              .returning('*');
            if (input.profile)
              await trx('counselor_profiles').where({ user_id: inv.user_id }).update({
                languages: input.profile.languages,
                specialisms: input.profile.specialisms,
                lived_experience: input.profile.livedExperience,
              });
            return (await users.getById(row.id, trx))!;
          }
          const user = await users.create(
            {
              workspaceId: inv.workspace_id,
              roles: inv.roles ?? ['counselor'],
              email: inv.email,
              name: input.name,
              phone: input.phone,
              phoneVerified: false,
              passwordHash: input.passwordHash,
              profile: (inv.roles ?? ['counselor']).includes('counselor') ? input.profile : undefined,
            },
            trx,
          );
          await trx('invitations').where({ id: inv.id }).update({ user_id: user.id });
          return user;
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') return 'email-taken';
        throw err;
      }
    },

    /** Emails (lower case) among these that an account or an open invitation already has. */
    async takenEmails(emails: string[], workspaceId: string): Promise<Set<string>> {
      const lower = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
      if (lower.length === 0) return new Set();
      // This workspace's only: a coordinator learns nothing of other teams' accounts (importCounselors invites an
      // email another team holds without an account, and its owner is told at the link).
      const [u, i] = await Promise.all([
        db('users').where({ workspace_id: workspaceId }).whereRaw('lower(email) = any(?)', [lower]).pluck('email'),
        db('invitations')
          .where({ workspace_id: workspaceId })
          .whereIn('email', lower)
          .whereNull('used_at')
          .andWhere('expires_at', '>', db.fn.now())
          .pluck('email'),
      ]);
      return new Set([...u, ...i].map((e: string) => e.toLowerCase()));
    },

    /**
     * Creates the imported counselors (not live until their training is complete, phones unverified) and an
     * invitation for each, all in one transaction: all of them or none. Returns the invitation ids.
     */
    async importCounselors(workspaceId: string, invitedBy: string, rows: ImportedCounselor[]): Promise<string[]> {
      return db.transaction(async (trx) => {
        const ids: string[] = [];
        for (const r of rows) {
          // An email another team's account holds (one account per email across the deployment): an invitation
          // only, like the people page's invite, so the preview and the result look the same as for anyone new;
          // the link tells its owner, who alone may learn it, that the email has an account.
          const elsewhere = await trx('users').whereRaw('lower(email) = ?', [r.email.toLowerCase()]).first('id');
          if (elsewhere) {
            const [inv] = await insertInvitation(trx, { workspaceId, email: r.email, name: r.name, invitedBy });
            ids.push(inv.id);
            continue;
          }
          const user = await users.create(
            {
              workspaceId,
              role: 'counselor',
              email: r.email,
              name: r.name,
              phone: r.phone,
              phoneVerified: false,
              profile: {
                languages: r.languages,
                specialisms: r.specialisms,
                livedExperience: r.livedExperience,
                trainingComplete: false,
              },
            },
            trx,
          );
          await trx('counselor_profiles')
            .where({ user_id: user.id })
            .update({ qualified_on: r.qualifiedOn, programme_trained_on: r.programmeTrainedOn });
          const [inv] = await insertInvitation(trx, {
            workspaceId,
            email: r.email,
            name: r.name,
            invitedBy,
            userId: user.id,
          });
          ids.push(inv.id);
        }
        return ids;
      });
    },

    /** The profile an imported counselor starts their sign-up form from. */
    async invitedUserId(invitationId: string): Promise<string | null> {
      const row = await db('invitations').where({ id: invitationId }).first('user_id');
      return row?.user_id ?? null;
    },

    // ---- phone verification ----

    /** How many codes the user asked for in the last hour. */
    async codesLastHour(userId: string): Promise<number> {
      const [{ n }] = await db('phone_verifications')
        .where({ user_id: userId })
        .andWhere('created_at', '>', db.raw("now() - interval '1 hour'"))
        .count({ n: '*' });
      return Number(n);
    },

    /** A new verification of the user's current phone; earlier open ones stop counting. */
    async startPhoneVerification(userId: string): Promise<string | undefined> {
      return db.transaction(async (trx) => {
        const user = await trx('users').where({ id: userId }).first('phone');
        if (!user?.phone) return undefined;
        const [row] = await trx('phone_verifications').insert({ user_id: userId, phone: user.phone }).returning('id');
        return row.id as string;
      });
    },

    async getVerification(id: string): Promise<{ userId: string; phone: string } | undefined> {
      const row = await db('phone_verifications').where({ id }).first();
      return row && { userId: row.user_id, phone: row.phone };
    },

    /** Mints the 6-digit code (called by the SMS builder) and starts its short life. */
    async mintPhoneCode(id: string): Promise<string> {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await db('phone_verifications')
        .where({ id })
        .update({
          code_hash: codeHash(id, code),
          expires_at: db.raw(`now() + interval '${CODE_VALID_MINUTES} minutes'`),
        });
      return code;
    },

    /**
     * Checks a code against the user's latest verification. A wrong code uses an attempt; after
     * CODE_MAX_ATTEMPTS the code is dead. The right one marks the phone verified, if it is still their phone.
     */
    async checkPhoneCode(userId: string, code: string): Promise<CodeCheck> {
      return db.transaction(async (trx) => {
        const v = await trx('phone_verifications')
          .where({ user_id: userId })
          .whereNull('verified_at')
          .orderBy('created_at', 'desc')
          .forUpdate()
          .first();
        if (!v || !v.code_hash) return 'none';
        if (v.attempts >= CODE_MAX_ATTEMPTS) return 'too-many';
        if (new Date(v.expires_at).getTime() <= Date.now()) return 'expired';
        const given = Buffer.from(codeHash(v.id, code.trim()));
        if (!timingSafeEqual(given, Buffer.from(v.code_hash))) {
          await trx('phone_verifications').where({ id: v.id }).increment('attempts', 1);
          return 'wrong';
        }
        await trx('phone_verifications').where({ id: v.id }).update({ verified_at: trx.fn.now() });
        const n = await trx('users').where({ id: userId, phone: v.phone }).update({ phone_verified_at: trx.fn.now() });
        return n > 0 ? 'verified' : 'none';
      });
    },

    /** A new number is unverified until its code comes back. */
    async changePhone(userId: string, phone: string): Promise<void> {
      await db('users').where({ id: userId }).update({ phone, phone_verified_at: null });
    },
  };
}
export type OnboardingStore = ReturnType<typeof createOnboardingStore>;
