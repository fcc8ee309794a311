import type { Knex } from 'knex';
import type { Workspace } from '../../domain/types';

interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  dispatch_policy: unknown;
  lock_screen_details?: boolean;
  time_zone: string;
  counselor_two_step: boolean;
}

const toWorkspace = (r: WorkspaceRow): Workspace => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  dispatchPolicy: r.dispatch_policy,
  lockScreenDetails: r.lock_screen_details ?? false,
  timeZone: r.time_zone,
  counselorTwoStep: r.counselor_two_step,
});

export function createWorkspacesStore(db: Knex) {
  return {
    async create(
      input: {
        slug: string;
        name: string;
        dispatchPolicy: unknown;
        timeZone?: string;
        counselorTwoStep?: boolean;
        pageLanguages?: string[];
      },
      trx: Knex = db,
    ): Promise<Workspace> {
      const [row] = await trx<WorkspaceRow>('workspaces')
        .insert({
          slug: input.slug,
          name: input.name,
          dispatch_policy: JSON.stringify(input.dispatchPolicy),
          ...(input.timeZone ? { time_zone: input.timeZone } : {}),
          ...(input.counselorTwoStep !== undefined ? { counselor_two_step: input.counselorTwoStep } : {}),
          ...(input.pageLanguages ? { page_languages: input.pageLanguages } : {}),
        })
        .returning('*');
      return toWorkspace(row);
    },
    async getBySlug(slug: string): Promise<Workspace | undefined> {
      const row = await db<WorkspaceRow>('workspaces').where({ slug }).first();
      return row && toWorkspace(row);
    },
    async list(): Promise<(Workspace & { createdAt: Date })[]> {
      const rows = await db('workspaces').orderBy('created_at').select('*');
      return rows.map((r) => ({ ...toWorkspace(r), createdAt: r.created_at }));
    },
    async setCounselorTwoStep(id: string, on: boolean): Promise<void> {
      await db('workspaces').where({ id }).update({ counselor_two_step: on });
    },
    async getById(id: string): Promise<Workspace | undefined> {
      const row = await db<WorkspaceRow>('workspaces').where({ id }).first();
      return row && toWorkspace(row);
    },
    /** Whether SMS and email subjects may name the topic and hard-session category (off: discreet). */
    async setLockScreenDetails(id: string, on: boolean): Promise<void> {
      await db('workspaces').where({ id }).update({ lock_screen_details: on });
    },
    /** Replaces the dispatch policy; requests already running keep the snapshot they started with. */
    async updatePolicy(id: string, policy: unknown): Promise<Workspace | undefined> {
      const [row] = await db<WorkspaceRow>('workspaces')
        .where({ id })
        .update({ dispatch_policy: JSON.stringify(policy) })
        .returning('*');
      return row && toWorkspace(row);
    },
  };
}
export type WorkspacesStore = ReturnType<typeof createWorkspacesStore>;
