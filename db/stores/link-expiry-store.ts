// Whether a link's token has passed its expiry (offer links 14 days after they are sent, urgent-alert links 7
// days, a requester's status link 30 days after the request closed; the defaults live in migration 010).
import type { Knex } from 'knex';
import { hashToken } from '../secrets';

export type LinkKind = 'offer' | 'status' | 'alert';

const WHERE: Record<LinkKind, { table: string; hashColumn: string; expiresColumn: string }> = {
  offer: { table: 'offer_links', hashColumn: 'token_hash', expiresColumn: 'expires_at' },
  alert: { table: 'alert_links', hashColumn: 'token_hash', expiresColumn: 'expires_at' },
  status: { table: 'help_requests', hashColumn: 'status_token_hash', expiresColumn: 'status_link_expires_at' },
};

export function createLinkExpiryStore(db: Knex) {
  return {
    /** True only for a known token whose expiry has passed (unknown tokens are the caller's "not valid"). */
    async expired(kind: LinkKind, token: string): Promise<boolean> {
      const w = WHERE[kind];
      const row = await db(w.table)
        .where(w.hashColumn, hashToken(token))
        .andWhere(w.expiresColumn, '<=', db.fn.now())
        .first(db.raw('1 as x'));
      return !!row;
    },
    /** When a link stops working (null: not yet decided, e.g. a status link while the request is open). */
    async expiresAt(kind: LinkKind, token: string): Promise<Date | null | undefined> {
      const w = WHERE[kind];
      const row = await db(w.table).where(w.hashColumn, hashToken(token)).first(`${w.expiresColumn} as at`);
      return row ? row.at : undefined;
    },
  };
}
export type LinkExpiryStore = ReturnType<typeof createLinkExpiryStore>;
