/** Foundation: settings, organisation tree, users and role grants, sessions, audit chain, wrapped data keys. */

import type { Migration } from '../migration.js';

export const foundation: Migration = {
  name: '0001-foundation',
  statements: (db) => [
    db.schema
      .createTable('settings')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('settings_pk', ['org_id', 'key']),

    db.schema
      .createTable('org_units')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text')
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('org_units.id'))
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('org_units_parent').on('org_units').column('parent_id'),
    db.schema.createIndex('org_units_org').on('org_units').column('org_id'),

    db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text')
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('staff_code', 'text')
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('totp_secret', 'text')
      .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('totp_last_counter', 'integer')
      .addColumn('disabled_at', 'text')
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('users_staff_code').on('users').columns(['org_id', 'staff_code']),

    db.schema
      .createTable('role_grants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('role_grants_unique', ['user_id', 'role', 'org_unit_id']),
    db.schema.createIndex('role_grants_unit').on('role_grants').column('org_unit_id'),

    db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('mfa_ok', 'integer', (c) => c.notNull()),
    db.schema.createIndex('sessions_user').on('sessions').column('user_id'),

    db.schema
      .createTable('audit_chains')
      .addColumn('chain', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('head_hash', 'text', (c) => c.notNull()),
    db.schema
      .createTable('audit_log')
      .addColumn('chain', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text')
      .addColumn('org_unit_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_log_pk', ['chain', 'seq']),
    db.schema.createIndex('audit_log_at').on('audit_log').column('at'),
    db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']),

    db.schema
      .createTable('data_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('wrapped_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('retired_at', 'text')
      .addUniqueConstraint('data_keys_version', ['org_id', 'version']),
  ],
};
