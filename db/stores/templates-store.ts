// Per-workspace overrides of message templates, per language.
import type { Knex } from 'knex';

export interface StoredTemplate {
  key: string;
  language: string;
  subject: string | null;
  body: string;
  updatedAt: Date;
}

export function createTemplatesStore(db: Knex) {
  return {
    async get(workspaceId: string, key: string, language: string): Promise<StoredTemplate | undefined> {
      const row = await db('message_templates').where({ workspace_id: workspaceId, key, language }).first();
      return (
        row && { key: row.key, language: row.language, subject: row.subject, body: row.body, updatedAt: row.updated_at }
      );
    },
    async list(workspaceId: string): Promise<StoredTemplate[]> {
      const rows = await db('message_templates').where({ workspace_id: workspaceId }).orderBy(['key', 'language']);
      return rows.map((row) => ({
        key: row.key,
        language: row.language,
        subject: row.subject,
        body: row.body,
        updatedAt: row.updated_at,
      }));
    },
    async save(workspaceId: string, t: { key: string; language: string; subject: string | null; body: string }) {
      await db('message_templates')
        .insert({ workspace_id: workspaceId, ...t, updated_at: new Date() })
        .onConflict(['workspace_id', 'key', 'language'])
        .merge(['subject', 'body', 'updated_at']);
    },
    async remove(workspaceId: string, key: string, language: string): Promise<void> {
      await db('message_templates').where({ workspace_id: workspaceId, key, language }).delete();
    },
  };
}
export type TemplatesStore = ReturnType<typeof createTemplatesStore>;
