// The database as a whole, for the callers above db/ that must not hold knex: a readiness probe and a
// transaction that several stores' writes share (each store method takes the transaction as its last argument).
import type { Knex } from 'knex';

/** A transaction (or the database itself) handed back to store methods; opaque to the callers. */
export type Transaction = Knex.Transaction;

export function createDatabaseStore(db: Knex) {
  return {
    /** Resolves when PostgreSQL answers a trivial query (the API's readiness check). */
    async ping(): Promise<void> {
      await db.raw('select 1');
    },
    /** Runs `work` in one transaction: every store write given `trx` lands, or none does. */
    transaction<T>(work: (trx: Transaction) => Promise<T>): Promise<T> {
      return db.transaction(work);
    },
  };
}
export type DatabaseStore = ReturnType<typeof createDatabaseStore>;
