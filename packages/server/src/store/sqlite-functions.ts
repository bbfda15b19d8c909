/**
 * SQL functions Harbour's queries use that PostgreSQL has and SQLite lacks, so one query text serves
 * both. Registered on every SQLite connection that runs queries: the writer (database.ts) and the
 * report readers, whose worker threads run plain source and register the same definition there
 * (sqlite-readers.ts; sqlite-functions.test.ts checks that both connections answer alike).
 *
 * bit_or(x): the bitwise OR of a group's non-null integers, null when there are none, as PostgreSQL's
 * aggregate. Reports OR each person's service flags with it: eleven max(flags & bit) aggregates, one
 * per flag, took half the time of adding up a quarter's rollup rows per person.
 */

import type SQLite from 'better-sqlite3';

export function addSqliteFunctions(db: SQLite.Database): void {
  db.aggregate('bit_or', {
    start: null,
    step: (acc: number | null, v: number | null) => (v === null ? acc : (acc ?? 0) | v),
    deterministic: true,
  });
}
