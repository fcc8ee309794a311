// The team channel's posts and replies, encrypted at rest; always read within one workspace.
import type { Knex } from 'knex';
import { decryptJson, encryptJson } from '../secrets';

export interface ChannelPost {
  id: number;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
  replies: Omit<ChannelPost, 'replies'>[];
}

/** How many posts the channel page shows (newest first), with all their replies. */
export const CHANNEL_PAGE_POSTS = 50;

export function createTeamChannelStore(db: Knex, dataKey: Buffer) {
  const toPost = (r: Record<string, any>) => ({
    id: Number(r.id),
    authorId: r.author_id,
    authorName: r.author_name,
    body: decryptJson<string>(dataKey, r.body_enc),
    createdAt: r.created_at,
  });
  return {
    /** A coordinator's post (parentId null) or a reply to a post of the same workspace; null when that post is not there. */
    async post(input: { workspaceId: string; authorId: string; body: string; parentId: number | null }) {
      if (input.parentId !== null) {
        const parent = await db('team_channel_posts')
          .where({ id: input.parentId, workspace_id: input.workspaceId })
          .whereNull('parent_id')
          .first('id');
        if (!parent) return null;
      }
      const [row] = await db('team_channel_posts')
        .insert({
          workspace_id: input.workspaceId,
          author_id: input.authorId,
          parent_id: input.parentId,
          body_enc: encryptJson(dataKey, input.body),
        })
        .returning('id');
      return Number(row.id);
    },

    async list(workspaceId: string): Promise<ChannelPost[]> {
      const posts = await db('team_channel_posts as p')
        .join('users as u', 'u.id', 'p.author_id')
        .where('p.workspace_id', workspaceId)
        .whereNull('p.parent_id')
        .orderBy('p.id', 'desc')
        .limit(CHANNEL_PAGE_POSTS)
        .select('p.*', 'u.name as author_name');
      const ids = posts.map((p) => p.id);
      const replies = ids.length
        ? await db('team_channel_posts as p')
            .join('users as u', 'u.id', 'p.author_id')
            .whereIn('p.parent_id', ids)
            .orderBy('p.id')
            .select('p.*', 'u.name as author_name')
        : [];
      return posts.map((p) => ({
        ...toPost(p),
        replies: replies.filter((r) => String(r.parent_id) === String(p.id)).map(toPost),
      }));
    },

    /** What a notice needs: the workspace, the author and when; never the body. */
    async postMeta(id: number): Promise<{ workspaceId: string; authorId: string; createdAt: Date } | undefined> {
      const row = await db('team_channel_posts').where({ id }).first('workspace_id', 'author_id', 'created_at');
      return row && { workspaceId: row.workspace_id, authorId: row.author_id, createdAt: row.created_at };
    },
  };
}
export type TeamChannelStore = ReturnType<typeof createTeamChannelStore>;
