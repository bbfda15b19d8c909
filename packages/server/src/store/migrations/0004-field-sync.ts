/**
 * Field sync: enrolled devices, the record of every item a device pushed (so a batch sent twice is
 * applied once), ids a phone gave a client that turned out to be someone already enrolled, and the
 * change sequence phones pull from.
 */

import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';
import type { Compilable, Migration } from '../migration.js';

const raw = (db: Kysely<any>, text: string): Compilable => ({ compile: () => sql.raw(text).compile(db) });

/**
 * Every change to a client, their sites or their referrals moves the client to the end of the
 * sequence, whichever path wrote it (console, import, sync, merge). On PostgreSQL a transaction takes
 * its organisation's advisory lock before drawing a number, so numbers become visible in order and a
 * phone's cursor never skips a change committed late.
 */
function changeTriggers(db: Kysely<any>, dialect: DialectName): Compilable[] {
  const sources = [
    ['clients', 'INSERT', 'NEW.id'],
    ['clients', 'UPDATE', 'NEW.id'],
    ['client_sites', 'INSERT', 'NEW.client_id'],
    ['referrals', 'INSERT', 'NEW.client_id'],
    ['referrals', 'UPDATE', 'NEW.client_id'],
  ] as const;
  if (dialect === 'sqlite') {
    // One connection writes at a time: max + 1 is already in commit order.
    return sources.map(([table, op, client]) =>
      raw(
        db,
        `CREATE TRIGGER sync_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN ` +
          `INSERT OR REPLACE INTO sync_changes (client_id, org_id, seq) VALUES (${client}, NEW.org_id, ` +
          `(SELECT coalesce(max(seq), 0) + 1 FROM sync_changes)); END`,
      ),
    );
  }
  return [
    raw(db, 'CREATE SEQUENCE sync_change_seq'),
    ...(['client', 'related'] as const).map((kind) =>
      raw(
        db,
        `CREATE FUNCTION sync_change_${kind}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `PERFORM pg_advisory_xact_lock(hashtext('sync:' || NEW.org_id)); ` +
          `INSERT INTO sync_changes (client_id, org_id, seq) VALUES (${kind === 'client' ? 'NEW.id' : 'NEW.client_id'}, NEW.org_id, nextval('sync_change_seq')) ` +
          'ON CONFLICT (client_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
      ),
    ),
    ...sources.map(([table, op]) =>
      raw(
        db,
        `CREATE TRIGGER sync_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} FOR EACH ROW ` +
          `EXECUTE FUNCTION sync_change_${table === 'clients' ? 'client' : 'related'}()`,
      ),
    ),
  ];
}

export const fieldSync: Migration = {
  name: '0004-field-sync',
  statements: (db, dialect) => [
    db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      /** SHA-256 of the device's bearer token; the token itself lives only on the phone. */
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('app_version', 'text')
      .addColumn('enrolled_at', 'text', (c) => c.notNull())
      .addColumn('last_sync_at', 'text')
      .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('revoked_at', 'text')
      .addColumn('wipe_requested_at', 'text')
      .addColumn('wiped_at', 'text'),
    db.schema.createIndex('devices_site').on('devices').column('site_id'),

    // One row per item a device pushed: the answer it got, returned again if the same item comes back.
    db.schema
      .createTable('sync_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull()),

    // A phone's id for a client someone else had already enrolled under the same code.
    db.schema
      .createTable('client_aliases')
      .addColumn('alias_id', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull()),

    db.schema
      .createTable('sync_changes')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull()),
    db.schema.createIndex('sync_changes_org_seq').on('sync_changes').columns(['org_id', 'seq']),
    // The SQLite triggers draw the next number as max(seq) + 1: an index on seq alone makes that a lookup.
    db.schema.createIndex('sync_changes_seq').on('sync_changes').column('seq'),
    ...changeTriggers(db, dialect),
    // Clients that exist before this migration start in the sequence too.
    raw(
      db,
      dialect === 'sqlite'
        ? 'INSERT INTO sync_changes (client_id, org_id, seq) SELECT id, org_id, row_number() OVER (ORDER BY id) FROM clients'
        : "INSERT INTO sync_changes (client_id, org_id, seq) SELECT id, org_id, nextval('sync_change_seq') FROM clients ORDER BY id",
    ),
  ],
};
