import { isUuid } from '../../domain/ids';
import type { Knex } from 'knex';
import { normalizeRoles, primaryRole } from '../../domain/roles';
import type { Role, User } from '../../domain/types';
import { DEMO_SLUG } from '../../domain/demo';

interface UserRow {
  id: string;
  workspace_id: string;
  role: Role;
  roles: Role[];
  deactivated_at: Date | null;
  email: string;
  name: string;
  phone: string | null;
  password_hash: string | null;
  phone_verified_at?: Date | null;
  in_demo?: boolean;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  workspaceId: r.workspace_id,
  role: r.role,
  roles: r.roles ?? [r.role],
  email: r.email,
  name: r.name,
  phone: r.phone,
  deactivatedAt: r.deactivated_at ?? null,
  ...(r.in_demo ? { inDemo: true } : {}),
});

export interface Reachability {
  id: string;
  phone: string | null;
  email: string;
  smsStopped: boolean;
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
  urgentSmsOptIn: boolean;
  language: string;
}

export interface CounselorProfileInput {
  languages: string[];
  specialisms: string[];
  livedExperience: string[];
  /** True: every training tier complete (qualified, programme trained, the workspace's supervised sessions signed off). */
  trainingComplete: boolean;
  active?: boolean;
  capacityPerWeek?: number | null;
  capacityPerMonth?: number | null;
}

export function createUsersStore(db: Knex) {
  return {
    async create(
      input: {
        workspaceId: string;
        /** One role, or several (roles wins when both are given). */
        role?: Role;
        roles?: Role[];
        email: string;
        name: string;
        phone?: string | null;
        passwordHash?: string | null;
        profile?: CounselorProfileInput;
        /**
         * Whether the phone may receive dispatch SMS. Phones a person typed in for themselves (an invite, a CSV
         * import) pass false and are verified by code; staff-entered ones (seeds, tests) are taken as verified.
         */
        phoneVerified?: boolean;
      },
      outer?: Knex.Transaction,
    ): Promise<User> {
      // Inside the caller's transaction when given (an accepted invitation creates the user with it).
      const roles = normalizeRoles(input.roles ?? (input.role ? [input.role] : []));
      if (roles.length === 0) throw new Error('users.create: a user needs at least one role');
      return (outer ?? db).transaction(async (trx) => {
        const [row] = await trx<UserRow>('users')
          .insert({
            workspace_id: input.workspaceId,
            role: primaryRole(roles),
            roles,
            email: input.email.toLowerCase(),
            name: input.name,
            phone: input.phone ?? null,
            password_hash: input.passwordHash ?? null,
            phone_verified_at: input.phone && input.phoneVerified !== false ? trx.fn.now() : null,
          })
          .returning('*');
        if (input.profile) {
          const trained = input.profile.trainingComplete;
          await trx('counselor_profiles').insert({
            user_id: row.id,
            workspace_id: input.workspaceId,
            languages: input.profile.languages,
            specialisms: input.profile.specialisms,
            lived_experience: input.profile.livedExperience,
            training_complete: trained,
            active: input.profile.active ?? true,
            capacity_per_week: input.profile.capacityPerWeek ?? null,
            capacity_per_month: input.profile.capacityPerMonth ?? null,
            qualified_on: trained ? trx.raw('current_date') : null,
            programme_trained_on: trained ? trx.raw('current_date') : null,
          });
          if (trained) {
            await trx.raw(
              `insert into supervised_signoffs (workspace_id, counselor_id, session_on)
               select w.id, ?, current_date from workspaces w cross join generate_series(1, w.required_supervised_sessions)
               where w.id = ?`,
              [row.id, input.workspaceId],
            );
          }
        }
        return toUser(row);
      });
    },
    async getById(id: string, trx: Knex = db): Promise<User | undefined> {
      if (!isUuid(id)) return undefined;
      // Whether they belong to the demo workspace: every page of it says it is a demo.
      const row = await trx<UserRow>('users')
        .where({ id })
        .first(
          '*',
          trx.raw(`(select slug = ? from workspaces w where w.id = users.workspace_id) as in_demo`, [DEMO_SLUG]),
        );
      return row && toUser(row);
    },
    async getMany(ids: string[]): Promise<User[]> {
      if (ids.length === 0) return [];
      const rows = await db<UserRow>('users').whereIn('id', ids);
      return rows.map(toUser);
    },
    /** What sending needs to know about each counselor: addresses, STOP, quiet hours, language. */
    async getReachability(ids: string[]): Promise<Reachability[]> {
      if (ids.length === 0) return [];
      const rows = await db('users as u')
        .leftJoin('counselor_profiles as p', 'p.user_id', 'u.id')
        .whereIn('u.id', ids)
        .select(
          'u.id',
          // Dispatch SMS only to a verified phone the counselor has not switched SMS off for.
          db.raw(
            "case when u.phone_verified_at is not null and 'sms' = any(coalesce(p.channels, '{sms,email}')) then u.phone end as phone",
          ),
          'u.email',
          'u.sms_stopped_at',
          'p.quiet_start',
          'p.quiet_end',
          'p.time_zone',
          'p.urgent_sms_opt_in',
          db.raw("coalesce(p.preferred_language, u.language, 'en') as preferred_language"),
        );
      return rows.map((r) => ({
        id: r.id,
        phone: r.phone,
        email: r.email,
        smsStopped: r.sms_stopped_at !== null,
        quietStart: r.quiet_start,
        quietEnd: r.quiet_end,
        timeZone: r.time_zone ?? 'UTC',
        urgentSmsOptIn: r.urgent_sms_opt_in ?? false,
        language: r.preferred_language ?? 'en',
      }));
    },
    /** Staff to alert: every coordinator and lead of the workspace who has not left it. */
    async listStaff(workspaceId: string): Promise<User[]> {
      const rows = await db<UserRow>('users')
        .where({ workspace_id: workspaceId })
        .whereRaw(`roles && array['coordinator','lead']::text[]`)
        .whereNull('deactivated_at')
        .orderBy('role');
      return rows.map(toUser);
    },
    /** Counselors a coordinator may assign by hand: active profiles of the workspace, by name. */
    async listActiveCounselors(workspaceId: string): Promise<User[]> {
      const rows = await db<UserRow>('users as u')
        .join('counselor_profiles as p', 'p.user_id', 'u.id')
        .where({ 'u.workspace_id': workspaceId, 'p.active': true })
        .whereRaw(`'counselor' = any(u.roles)`)
        .whereNull('u.deactivated_at')
        .orderBy(['u.name', 'u.id'])
        .select('u.*');
      return rows.map(toUser);
    },
    /** Everyone of the workspace, those who left included, by name. */
    async listPeople(workspaceId: string): Promise<User[]> {
      const rows = await db<UserRow>('users').where({ workspace_id: workspaceId }).orderBy(['name', 'id']);
      return rows.map(toUser);
    },
    /** Replaces a person's roles (the trigger keeps users.role the highest). */
    async setRoles(userId: string, roles: Role[], trx: Knex = db): Promise<User | undefined> {
      const [row] = await trx<UserRow>('users')
        .where({ id: userId })
        .update({ roles: normalizeRoles(roles), role: primaryRole(roles) })
        .returning('*');
      return row && toUser(row);
    },
    /** Marks the person as left; false when they already had. */
    async deactivate(userId: string, trx: Knex = db): Promise<boolean> {
      const n = await trx('users')
        .where({ id: userId })
        .whereNull('deactivated_at')
        .update({ deactivated_at: trx.fn.now() });
      return n === 1;
    },
    async reactivate(userId: string, trx: Knex = db): Promise<boolean> {
      const n = await trx('users')
        .where({ id: userId })
        .whereNotNull('deactivated_at')
        .update({ deactivated_at: null });
      return n === 1;
    },
    async setSmsStopped(phone: string, stopped: boolean): Promise<number> {
      return db('users')
        .where({ phone })
        .update({ sms_stopped_at: stopped ? new Date() : null });
    },
    async findByPhone(phone: string): Promise<User[]> {
      const rows = await db<UserRow>('users').where({ phone });
      return rows.map(toUser);
    },
    async updateProfile(
      userId: string,
      changes: Partial<{
        quietStart: string | null;
        quietEnd: string | null;
        timeZone: string;
        urgentSmsOptIn: boolean;
        preferredLanguage: string;
        active: boolean;
      }>,
    ): Promise<void> {
      const columns: Record<string, unknown> = {};
      if (changes.quietStart !== undefined) columns.quiet_start = changes.quietStart;
      if (changes.quietEnd !== undefined) columns.quiet_end = changes.quietEnd;
      if (changes.timeZone !== undefined) columns.time_zone = changes.timeZone;
      if (changes.urgentSmsOptIn !== undefined) columns.urgent_sms_opt_in = changes.urgentSmsOptIn;
      if (changes.preferredLanguage !== undefined) columns.preferred_language = changes.preferredLanguage;
      if (changes.active !== undefined) columns.active = changes.active;
      if (Object.keys(columns).length) await db('counselor_profiles').where({ user_id: userId }).update(columns);
    },
    /** For login only: the one place the password hash leaves the database. */
    async findCredentials(email: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
      const row = await db<UserRow>('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();
      // Someone who left the team is answered like an unknown email.
      return row && !row.deactivated_at ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
    },
  };
}
export type UsersStore = ReturnType<typeof createUsersStore>;
