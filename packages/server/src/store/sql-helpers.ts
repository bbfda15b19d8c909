/** The few SQL spellings that differ between SQLite and PostgreSQL, in one place. */

import { CompiledQuery, type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { DialectName } from './database.js';
import { keepPrepared } from './named-statements.js';

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

/** `lesser` and `greater` for SQL written as text (column expressions, no parameters). */
export const lesserText = (dialect: DialectName, a: string, b: string): string =>
  dialect === 'postgres' ? `least(${a}, ${b})` : `min(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
export const greaterText = (dialect: DialectName, a: string, b: string): string =>
  dialect === 'postgres' ? `greatest(${a}, ${b})` : `max(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;

/**
 * PostgreSQL inserts rows and updates another table in one statement (a data-modifying CTE); SQLite
 * needs two. The audit log uses one round trip where it can: a chain's head stays locked meanwhile.
 */
export const insertsWithUpdate = (dialect: DialectName): boolean => dialect === 'postgres';

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
  const out: Record<string, unknown>[] = [];
  for (const query of await insertQueries(db, dialect, table, columns, rows, tail)) {
    const res = await db.executeQuery(query);
    if (res.rows.length) out.push(...(res.rows as Record<string, unknown>[]));
  }
  return out;
}

/**
 * Marks a one-row INSERT whose parameters are rows, each run in turn on the one prepared statement
 * (SQLite; `store/database.ts` does the running). In SQLite's own process a statement costs no round
 * trip, and binding one row to a prepared statement is cheaper than compiling and binding a VALUES
 * list of a hundred (a site-tier import: CPU 8.2 s instead of 8.9, 10 MB less memory). Every caller
 * runs inside a transaction, so a row that fails undoes the rest.
 */
export const EACH_ROW = '/* each row */ ';
/** As EACH_ROW, answering for each row whether it was written (`{ written: boolean }`). */
export const EACH_ROW_WRITTEN = '/* each row, written? */ ';

/**
 * Inserts the rows that do not conflict (`conflict` is an ON CONFLICT … DO NOTHING clause) and returns
 * the first column's values of those written. On SQLite each row says whether it changed anything,
 * which costs far less than RETURNING (measured on an import; see docs/performance.md, "Writes").
 */
export async function insertNew(
  db: Kysely<any>,
  dialect: DialectName,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  conflict: string,
): Promise<Set<unknown>> {
  if (rows.length === 0) return new Set();
  if (dialect === 'postgres') {
    const written = await bulkInsert(
      db,
      dialect,
      table,
      columns,
      rows,
      `${conflict} returning "${columns[0]}"`,
    );
    return new Set(written.map((r) => r[columns[0]!]));
  }
  const names = columns.map((c) => `"${c}"`).join(', ');
  const marks = columns.map(() => '?').join(', ');
  const res = await db.executeQuery<{ written: boolean }>(
    CompiledQuery.raw(`${EACH_ROW_WRITTEN}insert into "${table}" (${names}) values (${marks}) ${conflict}`, [
      ...rows,
    ]),
  );
  const out = new Set<unknown>();
  res.rows.forEach((r, i) => {
    if (r.written) out.add(rows[i]![0]);
  });
  return out;
}

/** The statements of a bulk insert, compiled but not run. */
async function insertQueries(
  db: Kysely<any>,
  dialect: DialectName,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  tail: string,
): Promise<CompiledQuery[]> {
  if (rows.length === 0) return [];
  if (dialect === 'postgres') return insertJsonQueries(db, table, columns, rows, tail);
  const names = columns.map((c) => `"${c}"`).join(', ');
  const marks = columns.map(() => '?').join(', ');
  return [
    CompiledQuery.raw(`${EACH_ROW}insert into "${table}" (${names}) values (${marks}) ${tail}`, [...rows]),
  ];
}

/**
 * Writes whose results nobody reads, gathered and sent together. On PostgreSQL every statement is a
 * round trip, and what one contact changes besides itself (client dates, site dates, month and
 * quarter rollups, stock) is half a dozen statements: gathered, they travel as one, each a
 * data-modifying WITH clause of the next (all run against one snapshot, so they must touch different
 * tables, and none may read what another writes). SQLite runs in the server's process, where a
 * statement costs no round trip: each runs as it comes.
 */
export class Writes {
  readonly #queries: CompiledQuery[] = [];
  constructor(
    readonly db: Kysely<any>,
    readonly dialect: DialectName,
  ) {}

  async run(query: CompiledQuery): Promise<void> {
    if (this.dialect === 'postgres') this.#queries.push(query);
    else await this.db.executeQuery(query);
  }

  /** As `bulkInsert`, without RETURNING. */
  async insert(table: string, columns: readonly string[], rows: readonly unknown[][], tail = '') {
    for (const q of await insertQueries(this.db, this.dialect, table, columns, rows, tail)) await this.run(q);
  }

  /** Sends what is gathered: on PostgreSQL one statement per 30,000 parameters (its limit is 65,535). */
  async flush(): Promise<void> {
    const queries = this.#queries.splice(0);
    while (queries.length) {
      const group = [queries.shift()!];
      let params = group[0]!.parameters.length;
      while (queries.length && params + queries[0]!.parameters.length <= 30_000) {
        params += queries[0]!.parameters.length;
        group.push(queries.shift()!);
      }
      await this.db.executeQuery(combine(group));
    }
  }
}

/**
 * `with w1 as (q1), w2 as (q2) q3`, the placeholders of each renumbered after those before it. The
 * statements are this module's and the contact writer's own SQL: `$` appears in them only as a
 * placeholder (values always travel as parameters).
 */
function combine(queries: CompiledQuery[]): CompiledQuery {
  if (queries.length === 1) return queries[0]!;
  let offset = 0;
  const parts = queries.map((q) => {
    const at = offset;
    offset += q.parameters.length;
    return at === 0 ? q.sql : q.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + at}`);
  });
  const last = parts.pop()!;
  const text = `with ${parts.map((p, i) => `w${i} as (${p})`).join(', ')} ${last}`;
  // A single contact's writes have a handful of parameters and recur with every contact.
  if (offset <= 64) keepPrepared(text);
  return CompiledQuery.raw(
    text,
    queries.flatMap((q) => q.parameters),
  );
}

/**
 * PostgreSQL: the rows travel as one JSON parameter, an array of arrays, that the server turns into
 * table rows (`jsonb_array_elements`, then each field cast to its column's type). A VALUES list of
 * thousands of parameters took PostgreSQL longer to parse and bind than to insert (a register import
 * spent 70 µs per contact in it). Arrays, not objects with column names: `JSON.stringify` of the rows
 * as they are costs a sixth of building an object per row, and PostgreSQL reads the fields by position
 * in less time than it matched them by name (100,000 rows of 27 columns: 1.2 s instead of 2.3 s).
 */
async function insertJsonQueries(
  db: Kysely<any>,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  tail: string,
): Promise<CompiledQuery[]> {
  const types = await columnTypes(db, table);
  const fields = columns.map((c, i) => {
    const type = types.get(c);
    if (!type) throw new Error(`bulkInsert: table "${table}" has no column "${c}"`);
    return `(r->>${i})::${type}`;
  });
  const names = columns.map((c) => `"${c}"`).join(', ');
  const text = keepPrepared(
    `insert into "${table}" (${names}) select ${fields.join(', ')} from jsonb_array_elements($1::jsonb) as r ${tail}`,
  );
  const queries: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += 5000)
    queries.push(
      CompiledQuery.raw(text, [JSON.stringify(rows.length <= 5000 ? rows : rows.slice(i, i + 5000))]),
    );
  return queries;
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

/**
 * The elements of a JSON array held in a text column, as rows (`from`, for a join) and their fields as
 * SQL (`text`, `integer`): raw SQL for set-based statements that read inside contacts' items.
 * `column` and `alias` are the caller's own identifiers, never input.
 */
export function jsonArrayElements(dialect: DialectName, column: string, alias: string) {
  return dialect === 'sqlite'
    ? {
        from: `json_each(${column}) as ${alias}`,
        text: (field: string) => `json_extract(${alias}.value, '$.${field}')`,
        integer: (field: string) => `json_extract(${alias}.value, '$.${field}')`,
      }
    : {
        from: `jsonb_array_elements(${column}::jsonb) as ${alias}(value)`,
        text: (field: string) => `(${alias}.value ->> '${field}')`,
        integer: (field: string) => `(${alias}.value ->> '${field}')::integer`,
      };
}
