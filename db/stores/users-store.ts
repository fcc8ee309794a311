import type { Knex } from 'knex';
import type { Role, User } from '../types';

interface UserRow {
  id: string;
  workspace_id: string;
  role: Role;
  email: string;
  name: string;
  phone: string | null;
  password_hash: string | null;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  workspaceId: r.workspace_id,
  role: r.role,
  email: r.email,
  name: r.name,
  phone: r.phone,
});

export interface CounselorProfileInput {
  languages: string[];
  specialisms: string[];
  livedExperience: string[];
  trainingComplete: boolean;
  active?: boolean;
}

export function createUsersStore(db: Knex) {
  return {
    async create(input: {
      workspaceId: string;
      role: Role;
      email: string;
      name: string;
      phone?: string | null;
      passwordHash?: string | null;
      profile?: CounselorProfileInput;
    }): Promise<User> {
      return db.transaction(async (trx) => {
        const [row] = await trx<UserRow>('users')
          .insert({
            workspace_id: input.workspaceId,
            role: input.role,
            email: input.email.toLowerCase(),
            name: input.name,
            phone: input.phone ?? null,
            password_hash: input.passwordHash ?? null,
          })
          .returning('*');
        if (input.profile) {
          await trx('counselor_profiles').insert({
            user_id: row.id,
            workspace_id: input.workspaceId,
            languages: input.profile.languages,
            specialisms: input.profile.specialisms,
            lived_experience: input.profile.livedExperience,
            training_complete: input.profile.trainingComplete,
            active: input.profile.active ?? true,
          });
        }
        return toUser(row);
      });
    },
    async getById(id: string): Promise<User | undefined> {
      const row = await db<UserRow>('users').where({ id }).first();
      return row && toUser(row);
    },
    async getMany(ids: string[]): Promise<User[]> {
      if (ids.length === 0) return [];
      const rows = await db<UserRow>('users').whereIn('id', ids);
      return rows.map(toUser);
    },
    /** For login only: the one place the password hash leaves the database. */
    async findCredentials(email: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
      const row = await db<UserRow>('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();
      return row && { user: toUser(row), passwordHash: row.password_hash };
    },
  };
}
export type UsersStore = ReturnType<typeof createUsersStore>;
