// Crisis resources shown to requesters, and acknowledgement links for urgent alerts.
import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';

export interface CrisisResource {
  id: string;
  language: string | null;
  country: string | null;
  name: string;
  phone: string | null;
  url: string | null;
  note: string | null;
  position: number;
}

const toResource = (r: Record<string, any>): CrisisResource => ({
  id: r.id,
  language: r.language,
  country: r.country,
  name: r.name,
  phone: r.phone,
  url: r.url,
  note: r.note,
  position: r.position,
});

export function createSafetyStore(db: Knex) {
  return {
    /** The workspace's resources for a language (and those for any language), in the coordinator's order. */
    async crisisResources(workspaceId: string, language?: string): Promise<CrisisResource[]> {
      const rows = await db('crisis_resources')
        .where({ workspace_id: workspaceId })
        .modify((q) => {
          if (language) q.andWhere((w) => w.whereNull('language').orWhere('language', language));
        })
        .orderBy(['position', 'name']);
      return rows.map(toResource);
    },
    async addCrisisResource(workspaceId: string, r: Omit<CrisisResource, 'id'>): Promise<CrisisResource> {
      const [row] = await db('crisis_resources')
        .insert({ workspace_id: workspaceId, ...r })
        .returning('*');
      return toResource(row);
    },
    async removeCrisisResource(workspaceId: string, id: string): Promise<boolean> {
      return (await db('crisis_resources').where({ workspace_id: workspaceId, id }).delete()) === 1;
    },
    /** A fresh link for one staff member to acknowledge one request's urgent alert. */
    async mintAlertLink(requestId: string, userId: string): Promise<string> {
      const token = newToken();
      await db('alert_links').insert({ token_hash: hashToken(token), request_id: requestId, user_id: userId });
      return token;
    },
    async resolveAlertLink(token: string): Promise<{ requestId: string; userId: string } | undefined> {
      const row = await db('alert_links')
        .where({ token_hash: hashToken(token) })
        .first();
      return row && { requestId: row.request_id, userId: row.user_id };
    },
    /** The request of the latest urgent alert this person was sent that nobody has acknowledged yet. */
    async latestUnacknowledgedFor(userId: string): Promise<string | undefined> {
      const row = await db('alert_links as l')
        .join('help_requests as r', 'r.id', 'l.request_id')
        .where('l.user_id', userId)
        .whereNull('r.urgent_acknowledged_at')
        .orderBy('l.created_at', 'desc')
        .first('l.request_id');
      return row?.request_id;
    },
    /** First acknowledgement wins; returns false when it was already acknowledged. */
    async acknowledgeUrgent(requestId: string, userId: string): Promise<boolean> {
      const n = await db('help_requests')
        .where({ id: requestId })
        .whereNull('urgent_acknowledged_at')
        .update({ urgent_acknowledged_at: new Date(), urgent_acknowledged_by: userId });
      if (n === 1)
        await db('request_events').insert({ request_id: requestId, type: 'urgent-acknowledged', data: { userId } });
      return n === 1;
    },
  };
}
export type SafetyStore = ReturnType<typeof createSafetyStore>;
