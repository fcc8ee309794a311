// One dedicated Postgres connection that LISTENs for new timeline events (the trigger of migration 014)
// and hands each notice to the callback. It connects while someone wants it (acquire/release), so an API
// with no board open holds no extra connection, and reconnects with backoff when the connection drops.
import { Client } from 'pg';
import { REQUEST_EVENTS_CHANNEL, type BoardNotice } from './stores/board-store';

export interface RequestEventListener {
  /** Resolves once notices are being received: what is committed after that will be heard. */
  acquire(): Promise<void>;
  release(): void;
  /** Drops the connection now (process shutdown). */
  close(): Promise<void>;
}

export function createRequestEventListener(opts: {
  databaseUrl: string;
  onNotice: (notice: BoardNotice) => void;
  /** Called after a reconnect: notices may have been missed meanwhile, so listeners catch up from the table. */
  onReconnect: () => void;
  log: (msg: string) => void;
}): RequestEventListener {
  let users = 0;
  let client: Client | null = null;
  let connecting: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  /** A connection was lost or refused while wanted: notices may have been missed. */
  let missed = false;

  const parse = (payload: string | undefined): BoardNotice | null => {
    try {
      const n = JSON.parse(payload ?? '') as BoardNotice;
      return typeof n.requestId === 'string' && typeof n.workspaceId === 'string' ? n : null;
    } catch {
      return null;
    }
  };

  function lost(c: Client, why: string) {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    if (users > 0) {
      opts.log(`board listener: connection lost (${why}); reconnecting`);
      missed = true;
      scheduleRetry();
    }
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    const delay = Math.min(10_000, 250 * 2 ** Math.min(failures, 6));
    retryTimer = setTimeout(() => {
      if (users > 0) connect().catch(() => undefined);
    }, delay);
    retryTimer.unref();
  }

  function connect(): Promise<void> {
    connecting ??= (async () => {
      const c = new Client({ connectionString: opts.databaseUrl });
      c.on('notification', (msg) => {
        const notice = parse(msg.payload);
        if (notice) opts.onNotice(notice);
      });
      c.on('error', (err) => lost(c, err.message));
      c.on('end', () => lost(c, 'ended'));
      try {
        await c.connect();
        await c.query(`listen ${REQUEST_EVENTS_CHANNEL}`);
      } catch (err) {
        failures++;
        c.end().catch(() => undefined);
        if (users > 0) {
          missed = true;
          scheduleRetry();
        }
        throw err;
      }
      failures = 0;
      if (users === 0) {
        await c.end().catch(() => undefined);
        return;
      }
      client = c;
      if (missed) {
        missed = false;
        opts.onReconnect();
      }
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  return {
    async acquire() {
      users++;
      if (!client) await connect();
      // A connection that finished opening just after the last release closed itself: open one for us.
      if (!client && users > 0) await connect();
    },
    release() {
      users = Math.max(0, users - 1);
      if (users > 0) return;
      clearTimeout(retryTimer);
      const c = client;
      client = null;
      missed = false;
      c?.end().catch(() => undefined);
    },
    async close() {
      users = 0;
      clearTimeout(retryTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
