import type { Knex } from 'knex';
import type { Workspace } from '../../domain/types';

interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  dispatch_policy: unknown;
}

const toWorkspace = (r: WorkspaceRow): Workspace => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  dispatchPolicy: r.dispatch_policy,
});

export function createWorkspacesStore(db: Knex) {
  return {
    async create(input: { slug: string; name: string; dispatchPolicy: unknown }): Promise<Workspace> {
      const [row] = await db<WorkspaceRow>('workspaces')
        .insert({ slug: input.slug, name: input.name, dispatch_policy: JSON.stringify(input.dispatchPolicy) })
        .returning('*');
      return toWorkspace(row);
    },
    async getBySlug(slug: string): Promise<Workspace | undefined> {
      const row = await db<WorkspaceRow>('workspaces').where({ slug }).first();
      return row && toWorkspace(row);
    },
    async getById(id: string): Promise<Workspace | undefined> {
      const row = await db<WorkspaceRow>('workspaces').where({ id }).first();
      return row && toWorkspace(row);
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
