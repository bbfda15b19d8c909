/**
 * Overdose events: one row per overdose a worker responded to, with or without a client (a person
 * who is not a client, or whose code could not be asked, has none). The kind of place only, never an
 * address. Voided rather than deleted, like contacts.
 */

import type { Migration } from '../migration.js';

export const overdoseEvents: Migration = {
  name: '0014-overdose-events',
  statements: (db) => [
    db.schema
      .createTable('overdose_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('client_id', 'text', (c) => c.references('clients.id'))
      .addColumn('occurred_on', 'text', (c) => c.notNull())
      .addColumn('occurred_time', 'text')
      .addColumn('place', 'text', (c) => c.notNull())
      /** 1 when an ambulance was called. */
      .addColumn('ambulance', 'integer', (c) => c.notNull())
      .addColumn('doses', 'integer', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      /** `field` (a phone), `console` or `api`. */
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('voided_at', 'text')
      .addColumn('void_reason', 'text'),
    db.schema
      .createIndex('overdose_events_org_date')
      .on('overdose_events')
      .columns(['org_id', 'occurred_on']),
    db.schema.createIndex('overdose_events_client').on('overdose_events').column('client_id'),
  ],
};
