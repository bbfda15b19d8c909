/** The few SQL spellings that differ between SQLite and PostgreSQL, in one place. */

import { type Expression, type RawBuilder, sql } from 'kysely';
import type { DialectName } from './database.js';

type DateExpr = Expression<unknown>;

/** The earlier of two ISO dates, ignoring a NULL on either side. */
export function lesser(dialect: DialectName, a: DateExpr, b: DateExpr): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`least(${a}, ${b})`
    : sql<string | null>`min(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
}

/** The later of two ISO dates, ignoring a NULL on either side. */
export function greater(dialect: DialectName, a: DateExpr, b: DateExpr): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`greatest(${a}, ${b})`
    : sql<string | null>`max(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
}

/** Rows per multi-row INSERT, under SQLite's and PostgreSQL's bound-parameter limits. */
export function chunkSize(columns: number): number {
  return Math.max(1, Math.floor(8000 / columns));
}

export function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size) as T[];
}

/**
 * A derived table of literal rows, `v(col1, col2, …)`, for bulk UPDATE … FROM. SQLite cannot name
 * the columns of VALUES directly, so it selects them by their default names.
 */
export function valuesTable(
  dialect: DialectName,
  columns: readonly string[],
  rows: readonly unknown[][],
): RawBuilder<unknown> {
  const tuples = sql.join(rows.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`))})`));
  if (dialect === 'postgres')
    return sql`(values ${tuples}) as v(${sql.join(columns.map((c) => sql.ref(c)))})`;
  const named = sql.join(columns.map((c, i) => sql`${sql.ref(`column${i + 1}`)} as ${sql.ref(c)}`));
  return sql`(select ${named} from (values ${tuples})) as v`;
}
