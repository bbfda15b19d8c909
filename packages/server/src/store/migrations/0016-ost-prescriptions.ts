/**
 * OST as clinics run it: why an episode ended (`stop_reason`: a reason given at the stop, or `lost`
 * when it went longer without a dose than the programme allows — core ost.ts), and prescriptions
 * (medicine, daily dose, take-home days) from a date, the newest in force. After this migration
 * `harbour init` re-derives every episode with the lost-to-treatment rule (context.ts).
 */

import type { Migration } from '../migration.js';

export const ostPrescriptions: Migration = {
  name: '0016-ost-prescriptions',
  statements: (db) => [
    db.schema.alterTable('ost_episodes').addColumn('stop_reason', 'text'),
    db.schema
      .createTable('ost_prescriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('medicine', 'text', (c) => c.notNull())
      .addColumn('mg', 'real', (c) => c.notNull())
      .addColumn('take_home_days', 'integer', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('prescribed_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull()),
    db.schema
      .createIndex('ost_prescriptions_client')
      .on('ost_prescriptions')
      .columns(['client_id', 'valid_from']),
  ],
};
