/**
 * Some stores on the plain database, and a way to run work on the same stores in one transaction. A service
 * names the stores it uses as `S` (an interface of its own), so what it reads and writes shows in its
 * constructor; the wiring (`src/stores.ts`) hands every service the one bundle, which has them all.
 */
export interface Transactional<S> {
  readonly stores: S;
  /**
   * Runs `work` in a transaction; everything it writes commits together or not at all. Inside, use only the
   * stores it is given: a query through `stores` (or a cache that reads through it) waits for this transaction
   * to end, and on SQLite, with its one connection, that is a deadlock.
   */
  transaction<T>(work: (stores: S) => Promise<T>): Promise<T>;
}
