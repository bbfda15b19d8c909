/**
 * Commits an import's batches a few at a time: after 16,000 rows, or a second after the transaction
 * began, whichever comes first.
 *
 * Why: a commit writes every page the transaction changed, and a batch of register rows changes a page
 * in nearly every page of the indexes keyed at random (a contact's client, its external id). Committed
 * batch by batch, those pages were written again with every batch of 4,000 rows: on SQLite, 70,000 log
 * pages for a site register of 100,000 rows, and the commits were the largest single cost of the
 * import. Grouping batches writes each such page once per group instead. Batches stay 4,000 rows, so
 * the importer's memory does not grow; SQLite's own page cache is bounded by its setting (it writes
 * pages out early when a transaction outgrows it).
 *
 * Nothing is lost by committing less often: an import that stops midway is run again, and adds only
 * the rows that are missing (formats §1). The limit in time keeps a transaction from holding the
 * database's one writer (SQLite) or the rows it changes (PostgreSQL) for long while others record
 * contacts.
 */

import type { ControlledTransaction, Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface CommitLimits {
  rows: number;
  ms: number;
}

export const COMMIT_LIMITS: CommitLimits = { rows: 16_000, ms: 1_000 };

/**
 * Every batch in a transaction of its own: for an upload to the running server, whose other requests
 * share the one SQLite connection and get their turn between two transactions.
 */
export const COMMIT_EACH_BATCH: CommitLimits = { rows: 0, ms: 0 };

export class GroupedCommits {
  #trx: ControlledTransaction<Database> | null = null;
  #rows = 0;
  #began = 0;
  /** Transactions committed so far (for tests and diagnostics). */
  commits = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: CommitLimits = COMMIT_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Runs one batch's writes in the open transaction (beginning one if none is open), and commits once
   * the transaction has reached its limits. A batch that fails rolls its whole transaction back.
   */
  async write(rows: number, work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
    if (!this.#trx) {
      this.#trx = await this.db.startTransaction().execute();
      this.#rows = 0;
      this.#began = this.now();
    }
    const trx = this.#trx;
    try {
      await work(trx);
    } catch (e) {
      this.#trx = null;
      // The batch's own error is the one to report, even if the rollback fails as well.
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw e;
    }
    this.#rows += rows;
    if (this.#rows >= this.limits.rows || this.now() - this.#began >= this.limits.ms) await this.commit();
  }

  /** Commits the batches written since the last commit, if any. */
  async commit(): Promise<void> {
    const trx = this.#trx;
    if (!trx) return;
    this.#trx = null;
    await trx.commit().execute();
    this.commits++;
  }
}
