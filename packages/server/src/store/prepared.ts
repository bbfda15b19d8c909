/**
 * Queries of a fixed shape compiled once and run again with new parameters.
 *
 * Why: Kysely builds a query's tree and compiles it to SQL anew on every call — tens of microseconds
 * each, for every query of every request. The few lookups made by nearly every request (the session
 * behind a cookie, its user's grants, the site, the client) need not pay that each time.
 *
 * The builder must pass its arguments, and nothing else, as the query's parameters in the order given:
 * checked when the query is first compiled, so a builder that does otherwise fails at once in tests.
 * (Two arguments with equal values on that first call cannot reveal a swap: keep builders plain.)
 */

import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import { keepPrepared } from './named-statements.js';
import type { Database } from './schema.js';

export function prepared<A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): (db: Kysely<Database>, ...args: A) => Promise<R[]> {
  // By dialect adapter: one compiled text per database kind (a transaction shares its database's).
  const texts = new WeakMap<object, string>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let text = texts.get(adapter);
    if (text === undefined) {
      const compiled = build(db, ...args).compile();
      const same =
        compiled.parameters.length === args.length && compiled.parameters.every((p, i) => p === args[i]);
      if (!same)
        throw new Error(`A prepared query must take exactly its arguments as parameters: ${compiled.sql}`);
      text = keepPrepared(compiled.sql);
      texts.set(adapter, text);
    }
    return (await db.executeQuery<R>(CompiledQuery.raw(text, [...args]))).rows;
  };
}
