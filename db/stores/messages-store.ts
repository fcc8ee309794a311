// Private message threads (counselor and one coordinator or lead) and their encrypted messages. Who may
// read a thread is decided here in one place (canRead), so every route asks the same question.
import { hasRole } from '../../domain/roles';
import { isUuid } from '../../domain/ids';
import type { Knex } from 'knex';
import { decryptJson, encryptJson } from '../secrets';
import type { User } from '../../domain/types';

export interface MessageThread {
  id: string;
  workspaceId: string;
  counselorId: string;
  counselorName: string;
  staffId: string;
  staffName: string;
  lastMessageAt: Date;
}

export interface Message {
  id: number;
  threadId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
}

/** How a user may see a thread: as one of its two people, as a supervising coordinator, or not at all. */
export type ThreadAccess = 'participant' | 'supervisory' | 'none';

export function threadAccess(user: User, thread: MessageThread): ThreadAccess {
  if (user.workspaceId !== thread.workspaceId) return 'none';
  if (user.id === thread.counselorId || user.id === thread.staffId) return 'participant';
  return hasRole(user, 'coordinator') ? 'supervisory' : 'none';
}

type Row = Record<string, any>;
const toThread = (r: Row): MessageThread => ({
  id: r.id,
  workspaceId: r.workspace_id,
  counselorId: r.counselor_id,
  counselorName: r.counselor_name,
  staffId: r.staff_id,
  staffName: r.staff_name,
  lastMessageAt: r.last_message_at,
});

export function createMessagesStore(db: Knex, dataKey: Buffer) {
  const threads = () =>
    db('message_threads as t')
      .join('users as c', 'c.id', 't.counselor_id')
      .join('users as s', 's.id', 't.staff_id')
      .select('t.*', 'c.name as counselor_name', 's.name as staff_name');

  return {
    /** The thread between these two (made once; the unique key makes a second start find the first). */
    async openThread(workspaceId: string, counselorId: string, staffId: string): Promise<MessageThread> {
      await db('message_threads')
        .insert({ workspace_id: workspaceId, counselor_id: counselorId, staff_id: staffId })
        .onConflict(['workspace_id', 'counselor_id', 'staff_id'])
        .ignore();
      const row = await threads()
        .where({ 't.workspace_id': workspaceId, 't.counselor_id': counselorId, 't.staff_id': staffId })
        .first();
      return toThread(row);
    },
    async getThread(id: string): Promise<MessageThread | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await threads().where('t.id', id).first();
      return row && toThread(row);
    },
    /** Participants see their own threads; coordinators see every thread of the workspace. */
    async listVisible(user: User): Promise<MessageThread[]> {
      const rows = await threads()
        .where('t.workspace_id', user.workspaceId)
        .modify((q) => {
          if (!hasRole(user, 'coordinator'))
            q.andWhere((w) => w.where('t.counselor_id', user.id).orWhere('t.staff_id', user.id));
        })
        .orderBy('t.last_message_at', 'desc')
        .limit(200);
      return rows.map(toThread);
    },
    async post(threadId: string, authorId: string, body: string): Promise<number> {
      return db.transaction(async (trx) => {
        const [row] = await trx('messages')
          .insert({ thread_id: threadId, author_id: authorId, body_enc: encryptJson(dataKey, body) })
          .returning('id');
        await trx('message_threads').where({ id: threadId }).update({ last_message_at: trx.fn.now() });
        return Number(row.id);
      });
    },
    async list(threadId: string): Promise<Message[]> {
      const rows = await db('messages as m')
        .join('users as u', 'u.id', 'm.author_id')
        .where('m.thread_id', threadId)
        .orderBy('m.id')
        .select('m.*', 'u.name as author_name');
      return rows.map((r: Row) => ({
        id: Number(r.id),
        threadId: r.thread_id,
        authorId: r.author_id,
        authorName: r.author_name,
        body: decryptJson<string>(dataKey, r.body_enc),
        createdAt: r.created_at,
      }));
    },
    /** What a new-message notice needs: the thread and the author, never the body. */
    async messageMeta(messageId: number): Promise<{ threadId: string; authorId: string } | undefined> {
      const row = await db('messages').where({ id: messageId }).first('thread_id', 'author_id');
      return row && { threadId: row.thread_id, authorId: row.author_id };
    },
  };
}
export type MessagesStore = ReturnType<typeof createMessagesStore>;
