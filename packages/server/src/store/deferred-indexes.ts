/**
 * A register import into a database that holds no contacts yet (a national register brought into a
 * new installation) builds some indexes once at its end instead of row by row.
 *
 * Why: these indexes are keyed by client (or by a value that changes with every contact), so each
 * contact lands on its own page of each of them; once they outgrow the cache, every row read and
 * wrote a page per index and the import slowed as the database grew. Built at the end, each is one
 * sort. No write path reads them (the unique indexes, which every insert checks, all stay): the
 * import does the same work without them, and a report run meanwhile is right, only slower.
 *
 * Safe: each index dropped is first written into `deferred_indexes` with the statement that makes it
 * again, in the same transaction. An import that stops before its end (a crash, a power cut) leaves
 * them there, and the next import or the next start of the server builds them before anything else.
 */

import { type Kysely, sql } from 'kysely';
import type { DialectName, Store } from './database.js';
import type { Database } from './schema.js';

/**
 * The indexes deferred, all non-unique. An index a write path reads (a client's clinical events, the
 * change sequence phones pull by) or a unique one (which an insert checks) must not be here.
 */
export const DEFERRED_INDEXES = [
  'contacts_client',
  'contacts_site_date',
  'client_events_kind',
  'client_events_contact',
  'client_month_org',
  'client_quarter_person',
  'client_sites_site',
  'referrals_site_status',
  'referrals_org_issued',
  'referrals_client',
  'sync_changes_org_seq',
  'clients_report',
] as const;

/** The statement that makes each of these indexes, as the database gives it. */
async function definitions(
  db: Kysely<Database>,
  dialect: DialectName,
  names: readonly string[],
): Promise<Map<string, string>> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string; definition: string }>`select name, sql as definition from sqlite_master
          where type = 'index' and name in (${sql.join(names)})`.execute(db)
      : await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
          from pg_indexes where schemaname = current_schema() and indexname in (${sql.join(names)})`.execute(
          db,
        );
  return new Map(rows.rows.map((r) => [r.name, r.definition]));
}

/** Other work a bulk load leaves for its end: a name, and the statement that does it if the load stops first. */
export interface DeferredWork {
  name: string;
  definition: string;
}

/**
 * Drops the deferred indexes if the database holds no contacts, noting each to be built again, and
 * notes the other `work` the caller leaves for its end. Returns how many indexes were dropped (0 when
 * there are contacts: an import into a live programme keeps every index, since the server's reports
 * read them while it runs, and notes nothing).
 */
export async function deferIndexes(store: Store, work: readonly DeferredWork[] = []): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('contacts').select('id').limit(1).executeTakeFirst()) return 0;
    const found = await definitions(trx, store.dialect, DEFERRED_INDEXES);
    if (found.size === 0) return 0;
    for (const [name, definition] of [...found, ...work.map((w) => [w.name, w.definition] as const)]) {
      await trx
        .insertInto('deferred_indexes')
        .values({ name, definition })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      if (found.has(name)) await sql`drop index ${sql.id(name)}`.execute(trx);
    }
    return found.size;
  });
}

/**
 * Builds every index a bulk load deferred, each in its own transaction with the note that it was
 * missing. Returns how many; `onLongWork` is told first when there are any.
 */
export async function buildDeferredIndexes(store: Store, onLongWork?: () => void): Promise<number> {
  const pending = await store.db.selectFrom('deferred_indexes').select(['name', 'definition']).execute();
  if (pending.length === 0) return 0;
  // The indexes first: the other work reads contacts, and is faster with them.
  const isIndex = (name: string) => (DEFERRED_INDEXES as readonly string[]).includes(name);
  pending.sort((a, b) => Number(isIndex(b.name)) - Number(isIndex(a.name)));
  onLongWork?.();
  // SQLite sorts an index's entries in memory while it can, then in temporary files; in memory only
  // (`temp_store` here) a national index's sort would be the process's largest allocation by far.
  store.sqlite?.pragma('temp_store = FILE');
  // One helper thread sorts beside SQLite's own, each in a small buffer: on 4M rows a third faster
  // than one thread with the usual 16 MB, and no more memory (two helpers with 16 MB each: +33 MB).
  const cache = store.sqlite?.pragma('cache_size', { simple: true });
  store.sqlite?.pragma('threads = 1');
  store.sqlite?.pragma('cache_size = -4096');
  try {
    for (const { name, definition } of pending)
      await store.db.transaction().execute(async (trx) => {
        await sql.raw(definition).execute(trx);
        await trx.deleteFrom('deferred_indexes').where('name', '=', name).execute();
      });
  } finally {
    store.sqlite?.pragma('threads = 0');
    store.sqlite?.pragma(`cache_size = ${cache}`);
    store.sqlite?.pragma('temp_store = MEMORY');
  }
  return pending.length;
}
