/** The few SQL spellings that differ between SQLite and PostgreSQL, in one place. */

import { CompiledQuery, type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
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

/**
 * A multi-row INSERT built as plain SQL text. Kysely's builder inspects every value of every row;
 * for the importer's thousands of rows that costs more than SQLite's own work, so hot paths use this.
 * `tail` is appended verbatim (an ON CONFLICT clause, RETURNING) and must hold no user input.
 */
export async function bulkInsert(
  db: Kysely<any>,
  dialect: DialectName,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  tail = '',
): Promise<Record<string, unknown>[]> {
  if (dialect === 'postgres') return bulkInsertJson(db, table, columns, rows, tail);
  const out: Record<string, unknown>[] = [];
  // A fixed number of rows per statement, so full chunks reuse one compiled statement.
  const per = Math.min(128, chunkSize(columns.length));
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const r of part) {
      params.push(...r);
      tuples.push(`(${r.map(() => '?').join(', ')})`);
    }
    const res = await db.executeQuery(CompiledQuery.raw(`${head}${tuples.join(', ')} ${tail}`, params));
    if (res.rows.length) out.push(...(res.rows as Record<string, unknown>[]));
  }
  return out;
}

/**
 * PostgreSQL: the rows travel as one JSON parameter, an array of arrays, that the server turns into
 * table rows (`jsonb_array_elements`, then each field cast to its column's type). A VALUES list of
 * thousands of parameters took PostgreSQL longer to parse and bind than to insert (a register import
 * spent 70 µs per contact in it). Arrays, not objects with column names: `JSON.stringify` of the rows
 * as they are costs a sixth of building an object per row, and PostgreSQL reads the fields by position
 * in less time than it matched them by name (100,000 rows of 27 columns: 1.2 s instead of 2.3 s).
 */
async function bulkInsertJson(
  db: Kysely<any>,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  tail: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const types = await columnTypes(db, table);
  const fields = columns.map((c, i) => {
    const type = types.get(c);
    if (!type) throw new Error(`bulkInsert: table "${table}" has no column "${c}"`);
    return `(r->>${i})::${type}`;
  });
  const names = columns.map((c) => `"${c}"`).join(', ');
  const text = `insert into "${table}" (${names}) select ${fields.join(', ')} from jsonb_array_elements($1::jsonb) as r ${tail}`;
  for (let i = 0; i < rows.length; i += 5000) {
    const json = JSON.stringify(i === 0 && rows.length <= 5000 ? rows : rows.slice(i, i + 5000));
    const res = await db.executeQuery(CompiledQuery.raw(text, [json]));
    if (res.rows.length) out.push(...(res.rows as Record<string, unknown>[]));
  }
  return out;
}

/**
 * Each column's SQL type, read from the catalogue once per table and process: the migrations that
 * define them have all run before anything is inserted in bulk.
 */
const typesOf = new Map<string, Promise<Map<string, string>>>();

function columnTypes(db: Kysely<any>, table: string): Promise<Map<string, string>> {
  let types = typesOf.get(table);
  if (!types) {
    types = db
      .executeQuery<{ name: string; type: string }>(
        CompiledQuery.raw(
          `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
           where attrelid = $1::regclass and attnum > 0 and not attisdropped`,
          [`"${table}"`],
        ),
      )
      .then((r) => new Map(r.rows.map((c) => [c.name, c.type])));
    // A failed read (a transaction already aborted) is not remembered: the next call asks again.
    types.catch(() => typesOf.delete(table));
    typesOf.set(table, types);
  }
  return types;
}
