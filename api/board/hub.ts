// Fans the timeline's notices out to the boards open in each workspace. One listener connection for the
// whole API process (db/request-event-listener.ts); notices for a workspace nobody watches are dropped;
// notices arriving together are read from the database once and sent to every board of that workspace.
import { createRequestEventListener, type BoardRow, type Stores } from '../../db';

export interface BoardClient {
  /** Fresh rows for requests that changed, and the newest event id they include. */
  send(rows: BoardRow[], lastEventId: number): void;
  /** Notices may have been missed (the listener reconnected): read what changed since the last one sent. */
  catchUp(): void;
  /** Ends the stream (the process is shutting down; the browser reconnects to another one). */
  end(): void;
}

export interface BoardHub {
  /** Adds a board; resolves when live notices flow (or the listener is retrying). Returns the leave function. */
  join(workspaceId: string, client: BoardClient): Promise<() => void>;
  /** Ends every open stream and drops the listener connection, so the HTTP server can close. */
  close(): Promise<void>;
}

/** Notices this close together go out as one read and one message per board. */
const BATCH_MS = 50;

export function createBoardHub(deps: { databaseUrl: string; stores: Stores; log: (msg: string) => void }): BoardHub {
  const { stores, log } = deps;
  const rooms = new Map<string, Set<BoardClient>>();
  /** workspace → request → newest event id, waiting for the next flush. */
  const pending = new Map<string, Map<string, number>>();
  let flushTimer: NodeJS.Timeout | undefined;

  async function flush() {
    flushTimer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [workspaceId, changed] of batch) {
      const clients = rooms.get(workspaceId);
      if (!clients?.size) continue;
      try {
        const rows = await stores.board.rowsFor(workspaceId, [...changed.keys()]);
        const lastEventId = Math.max(...changed.values(), ...rows.map((r) => r.lastEventId));
        for (const c of clients) c.send(rows, lastEventId);
      } catch (err) {
        log(`board: could not read rows: ${(err as Error).message}`);
        for (const c of clients) c.catchUp();
      }
    }
  }

  const listener = createRequestEventListener({
    databaseUrl: deps.databaseUrl,
    log,
    onNotice(n) {
      if (!rooms.get(n.workspaceId)?.size) return;
      let changed = pending.get(n.workspaceId);
      if (!changed) pending.set(n.workspaceId, (changed = new Map()));
      changed.set(n.requestId, Math.max(changed.get(n.requestId) ?? 0, Number(n.eventId) || 0));
      flushTimer ??= setTimeout(() => void flush(), BATCH_MS);
    },
    onReconnect() {
      for (const clients of rooms.values()) for (const c of clients) c.catchUp();
    },
  });

  return {
    async join(workspaceId, client) {
      let clients = rooms.get(workspaceId);
      if (!clients) rooms.set(workspaceId, (clients = new Set()));
      clients.add(client);
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        clients.delete(client);
        if (clients.size === 0 && rooms.get(workspaceId) === clients) rooms.delete(workspaceId);
        listener.release();
      };
      try {
        await listener.acquire();
      } catch (err) {
        // The listener keeps retrying and calls catchUp when it is back; the board meanwhile shows what it read.
        log(`board: live updates unavailable for now: ${(err as Error).message}`);
      }
      return leave;
    },
    async close() {
      clearTimeout(flushTimer);
      pending.clear();
      for (const clients of rooms.values()) for (const c of clients) c.end();
      rooms.clear();
      await listener.close();
    },
  };
}
