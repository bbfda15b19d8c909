/**
 * Human rights documentation: cases (event, affected person, consent), the acts in each (who did
 * what), responses, follow-ups and consent history. The narrative is sealed with a key of its own
 * case (rights_case_keys), so deleting that one row destroys it for good.
 */

import type { Migration } from '../migration.js';

export const rights: Migration = {
  name: '0005-rights',
  statements: (db) => [
    db.schema
      .createTable('rights_cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('place_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('occurred_on', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull())
      .addColumn('age_band', 'text', (c) => c.notNull())
      .addColumn('kp', 'text')
      .addColumn('hiv', 'text', (c) => c.notNull())
      .addColumn('tb', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.references('clients.id'))
      .addColumn('consent_advocacy', 'integer', (c) => c.notNull())
      .addColumn('consent_contact', 'integer', (c) => c.notNull())
      /** Sealed with the case key; null once consent is withdrawn. */
      .addColumn('narrative', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('closed_on', 'text')
      .addColumn('withdrawn_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('rights_cases_org').on('rights_cases').columns(['org_id', 'occurred_on']),
    db.schema
      .createTable('rights_case_keys')
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('rights_cases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      /** The case's own AES key, sealed with the organisation's data key. */
      .addColumn('wrapped', 'text', (c) => c.notNull()),
    db.schema
      .createTable('rights_acts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('rights_cases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('violation', 'text', (c) => c.notNull())
      .addColumn('perpetrator', 'text', (c) => c.notNull()),
    db.schema.createIndex('rights_acts_case').on('rights_acts').column('case_id'),
    db.schema
      .createTable('rights_responses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('rights_cases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('by_referral', 'integer', (c) => c.notNull())
      .addColumn('response_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text'),
    db.schema.createIndex('rights_responses_case').on('rights_responses').column('case_id'),
    db.schema
      .createTable('rights_followups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('rights_cases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text'),
    db.schema
      .createIndex('rights_followups_due')
      .on('rights_followups')
      .columns(['org_id', 'done_on', 'due_date']),
    // Phones seal cases they capture to the organisation's public key; only the server opens them.
    db.schema
      .createTable('rights_capture_keys')
      .addColumn('org_id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      /** PKCS#8 private key, sealed with the organisation's data key. */
      .addColumn('private_sealed', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull()),
    db.schema
      .createTable('rights_consents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('rights_cases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('record', 'integer', (c) => c.notNull())
      .addColumn('advocacy', 'integer', (c) => c.notNull())
      .addColumn('contact', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('by', 'text'),
  ],
};
