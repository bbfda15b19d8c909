/**
 * PostgreSQL named statements for the queries every request makes.
 *
 * Why: node-postgres sends each query unnamed, so PostgreSQL parses and plans it again every time —
 * 150–300 µs of its CPU for each of the ~18 statements a contact makes (a contact cost PostgreSQL
 * 4 ms of CPU; the session lookup took 550–600 µs unnamed and 230–320 µs named, side by side). A
 * named statement is parsed once per connection and its plan kept.
 *
 * Only texts the code marks (`keepPrepared`) are named: statements of a fixed shape — the lookups of
 * `prepared()`, the bulk inserts whose rows travel as one parameter, the contact's gathered writes,
 * the audit append. Everything else (reports, lists with IN of varying length) stays unnamed, so a
 * connection holds a bounded set and reports keep plans made for their own parameters.
 */

import { createHash } from 'node:crypto';
import type { Compilable, Kysely } from 'kysely';
import type pg from 'pg';

/** Marked texts and their statement names; bounded, in case a caller marks texts of varying shape. */
const names = new Map<string, string>();
const MAX_NAMED = 500;

/** Marks a statement text to be sent as a named statement on PostgreSQL; returns the text. */
export function keepPrepared(text: string): string {
  if (!names.has(text) && names.size < MAX_NAMED)
    names.set(text, `h_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`);
  return text;
}

/** Compiles, marks and runs a query built with Kysely (rows as `execute()` gives them). */
export async function executeKept<R>(db: Kysely<any>, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  keepPrepared(compiled.sql);
  return (await db.executeQuery<R>(compiled)).rows;
}

/** Makes the pool's connections send marked texts as named statements. */
export function nameKeptStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Kysely calls `query(text, parameters)` and awaits the promise; anything else passes through.
    (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
      if (
        typeof config === 'string' &&
        Array.isArray(values) &&
        values.length > 0 &&
        callback === undefined
      ) {
        const name = names.get(config);
        if (name) return query({ name, text: config, values });
      }
      return query(config, values, callback);
    };
  });
}
