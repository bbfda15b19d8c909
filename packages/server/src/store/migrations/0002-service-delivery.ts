/**
 * Service delivery: clients (UIC hashes only), contacts with their items and per-contact summary,
 * the tables kept in step with contacts (client sites, clinical events, referrals, OST episodes,
 * the client × site × month rollup), stock, duplicate review and merges.
 */

import { sql } from 'kysely';
import type { Migration } from '../migration.js';

export const serviceDelivery: Migration = {
  name: '0002-service-delivery',
  statements: (db) => [
    db.schema
      .createTable('clients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('uic_hash', 'text', (c) => c.notNull())
      .addColumn('uic_suffix', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sex', 'text', (c) => c.notNull())
      .addColumn('birth_year', 'integer')
      .addColumn('kp', 'text')
      .addColumn('enrol_site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('first_contact_date', 'text')
      .addColumn('last_contact_date', 'text')
      .addColumn('alias', 'text')
      .addColumn('merged_into', 'text')
      .addColumn('profile_clock', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('clients_uic').on('clients').columns(['org_id', 'uic_hash']),
    db.schema.createIndex('clients_merged_into').on('clients').column('merged_into'),
    // One live client per code and suffix in an organisation; merged clients keep their code for history.
    db.schema
      .createIndex('clients_uic_live')
      .unique()
      .on('clients')
      .columns(['org_id', 'uic_hash', 'uic_suffix'])
      .where(sql.ref('merged_into'), 'is', null),

    db.schema
      .createTable('client_uic_partials')
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('part', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('client_uic_partials_pk', ['client_id', 'part']),
    db.schema.createIndex('client_uic_partials_hash').on('client_uic_partials').columns(['org_id', 'hash']),

    db.schema
      .createTable('client_sites')
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('first_contact_date', 'text')
      .addColumn('last_contact_date', 'text')
      .addPrimaryKeyConstraint('client_sites_pk', ['client_id', 'site_id']),
    db.schema.createIndex('client_sites_site').on('client_sites').columns(['site_id', 'last_contact_date']),

    db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('contact_date', 'text', (c) => c.notNull())
      .addColumn('contact_time', 'text')
      .addColumn('place_type', 'text', (c) => c.notNull())
      .addColumn('worker_id', 'text')
      .addColumn('worker_code', 'text')
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('syringes', 'integer', (c) => c.notNull())
      .addColumn('needles', 'integer', (c) => c.notNull())
      .addColumn('returned', 'integer', (c) => c.notNull())
      .addColumn('condoms', 'integer', (c) => c.notNull())
      .addColumn('naloxone', 'integer', (c) => c.notNull())
      .addColumn('reversals', 'integer', (c) => c.notNull())
      .addColumn('flags', 'integer', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('supersedes_id', 'text')
      .addColumn('superseded_by', 'text')
      .addColumn('voided_at', 'text')
      .addColumn('void_reason', 'text')
      .addColumn('device_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text'),
    db.schema.createIndex('contacts_client').on('contacts').columns(['client_id', 'contact_date']),
    db.schema.createIndex('contacts_site_date').on('contacts').columns(['site_id', 'contact_date']),
    db.schema.createIndex('contacts_external').unique().on('contacts').columns(['org_id', 'external_id']),

    db.schema
      .createTable('client_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('event_date', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text')
      .addColumn('detail', 'text')
      .addColumn('num', 'real'),
    db.schema.createIndex('client_events_kind').on('client_events').columns(['org_id', 'kind', 'event_date']),
    db.schema.createIndex('client_events_client').on('client_events').columns(['client_id', 'kind']),
    db.schema.createIndex('client_events_contact').on('client_events').column('contact_id'),

    db.schema
      .createTable('referrals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('issued_date', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('completed_date', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addUniqueConstraint('referrals_contact_service', ['contact_id', 'service']),
    db.schema.createIndex('referrals_site_status').on('referrals').columns(['site_id', 'status', 'due_date']),
    db.schema.createIndex('referrals_org_issued').on('referrals').columns(['org_id', 'issued_date']),
    db.schema.createIndex('referrals_client').on('referrals').column('client_id'),

    db.schema
      .createTable('ost_episodes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('stop_date', 'text')
      .addColumn('medicine', 'text')
      .addColumn('last_dose_date', 'text')
      .addColumn('last_dose_mg', 'real'),
    db.schema.createIndex('ost_episodes_client').on('ost_episodes').column('client_id'),
    db.schema.createIndex('ost_episodes_org').on('ost_episodes').columns(['org_id', 'start_date']),

    db.schema
      .createTable('client_month')
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('contacts', 'integer', (c) => c.notNull())
      .addColumn('syringes', 'integer', (c) => c.notNull())
      .addColumn('needles', 'integer', (c) => c.notNull())
      .addColumn('returned', 'integer', (c) => c.notNull())
      .addColumn('condoms', 'integer', (c) => c.notNull())
      .addColumn('naloxone', 'integer', (c) => c.notNull())
      .addColumn('reversals', 'integer', (c) => c.notNull())
      .addColumn('flags', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('client_month_pk', ['client_id', 'site_id', 'month']),
    db.schema.createIndex('client_month_org').on('client_month').columns(['org_id', 'month']),

    db.schema
      .createTable('stock_movements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('commodity', 'text', (c) => c.notNull())
      .addColumn('movement_date', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text'),
    db.schema
      .createIndex('stock_movements_site')
      .on('stock_movements')
      .columns(['site_id', 'commodity', 'movement_date']),
    // What left each site's stock through contacts, per commodity and day (kept in step with contacts).
    db.schema
      .createTable('stock_distributed')
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('commodity', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_distributed_pk', ['site_id', 'commodity', 'day']),
    db.schema
      .createTable('stock_thresholds')
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('commodity', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('minimum', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_thresholds_pk', ['site_id', 'commodity']),

    db.schema
      .createTable('duplicate_pairs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('client_a', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('client_b', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'text')
      .addUniqueConstraint('duplicate_pairs_clients', ['client_a', 'client_b']),
    db.schema.createIndex('duplicate_pairs_status').on('duplicate_pairs').columns(['org_id', 'status']),

    db.schema
      .createTable('client_merges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('survivor_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('merged_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('moved_ids', 'text', (c) => c.notNull())
      .addColumn('merged_at', 'text', (c) => c.notNull())
      .addColumn('merged_by', 'text')
      .addColumn('undone_at', 'text')
      .addColumn('undone_by', 'text'),
    db.schema.createIndex('client_merges_merged').on('client_merges').column('merged_id'),
  ],
};
