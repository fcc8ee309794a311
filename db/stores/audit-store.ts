// The audit log: who viewed contact details, read a thread they are not in, changed a role, exported
// data. Append-only; entries carry ids and labels, never personal data.
import type { Knex } from 'knex';

export interface AuditEntry {
  id: number;
  workspaceId: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  detail: Record<string, unknown>;
  at: Date;
}

export interface AuditInput {
  /** Null only for the admin command's verbs that concern no single workspace (list-workspaces). */
  workspaceId: string | null;
  actorId: string | null;
  /** A dotted verb, e.g. `request.contact_viewed`, `thread.read_supervisory`, `user.role_changed`, `audit.exported`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  detail?: Record<string, unknown>;
  /** Where the person was: the client's address and user agent (security-relevant views only). */
  address?: string | null;
  userAgent?: string | null;
}

function toEntry(r: Record<string, any>): AuditEntry {
  return {
    id: Number(r.id),
    workspaceId: r.workspace_id,
    actorId: r.actor_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: r.detail,
    at: r.at,
  };
}

export function createAuditStore(db: Knex) {
  return {
    async record(e: AuditInput, trx: Knex = db): Promise<void> {
      await trx('audit_log').insert({
        workspace_id: e.workspaceId,
        actor_id: e.actorId,
        action: e.action,
        subject_type: e.subjectType,
        subject_id: e.subjectId ?? null,
        detail: e.detail ?? {},
        address: e.address ?? null,
        user_agent: e.userAgent ? e.userAgent.slice(0, 500) : null,
      });
    },
    /** Newest first; `beforeId` pages backwards. */
    async list(
      workspaceId: string,
      opts: { limit?: number; beforeId?: number; action?: string } = {},
    ): Promise<AuditEntry[]> {
      const rows = await db('audit_log')
        .where({ workspace_id: workspaceId })
        .modify((q) => {
          if (opts.beforeId) q.andWhere('id', '<', opts.beforeId);
          if (opts.action) q.andWhere('action', opts.action);
        })
        .orderBy('id', 'desc')
        .limit(opts.limit ?? 200);
      return rows.map(toEntry);
    },
  };
}
export type AuditStore = ReturnType<typeof createAuditStore>;
