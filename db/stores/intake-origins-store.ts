// The web origins a workspace lets call the public intake JSON endpoint from a browser (CORS).
import type { Knex } from 'knex';

export function createIntakeOriginsStore(db: Knex) {
  return {
    async list(workspaceId: string): Promise<string[]> {
      const row = await db('workspaces').where({ id: workspaceId }).first('allowed_origins');
      return row?.allowed_origins ?? [];
    },
    async save(workspaceId: string, origins: string[]): Promise<void> {
      await db('workspaces').where({ id: workspaceId }).update({ allowed_origins: origins });
    },
    /** For a preflight, which names no workspace: does any workspace list this origin? */
    async anyAllows(origin: string): Promise<boolean> {
      return !!(await db('workspaces').whereRaw('? = any(allowed_origins)', [origin]).first(db.raw('1 as x')));
    },
    async allows(workspaceId: string, origin: string): Promise<boolean> {
      return !!(await db('workspaces')
        .where({ id: workspaceId })
        .whereRaw('? = any(allowed_origins)', [origin])
        .first(db.raw('1 as x')));
    },
  };
}
export type IntakeOriginsStore = ReturnType<typeof createIntakeOriginsStore>;
