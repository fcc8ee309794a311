// A team's service hours (migration 029): null means always open.
import type { Knex } from 'knex';
import type { ServiceHours } from '../../domain/service-hours';

export function createServiceHoursStore(db: Knex) {
  return {
    async get(workspaceId: string): Promise<ServiceHours | null> {
      const row = await db('workspaces').where({ id: workspaceId }).first('service_hours');
      return (row?.service_hours as ServiceHours | null | undefined) ?? null;
    },
    /** Null sets the team back to always open. */
    async save(workspaceId: string, hours: ServiceHours | null): Promise<void> {
      await db('workspaces')
        .where({ id: workspaceId })
        .update({ service_hours: hours === null ? null : JSON.stringify(hours) });
    },
  };
}
export type ServiceHoursStore = ReturnType<typeof createServiceHoursStore>;
