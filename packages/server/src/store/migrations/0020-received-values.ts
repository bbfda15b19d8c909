/**
 * Figures members send from their own servers. A receiving token is issued by a project's lead for
 * one member organisation (only its hash is kept), with the member's own data element ids mapped to
 * Harbour's indicators; a received value is one figure for a unit of that organisation, an indicator,
 * a period and a disaggregation cell ('' for the total), kept once and replaced when sent again.
 */

import type { Migration } from '../migration.js';

export const receivedValues: Migration = {
  name: '0020-received-values',
  statements: (db) => [
    db.schema
      .createTable('receiving_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      /** JSON: the member's data element id → Harbour's indicator id. */
      .addColumn('data_elements', 'text', (c) => c.notNull())
      /** JSON: the member's org unit id → the unit's code here. */
      .addColumn('org_units', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text'),
    db.schema
      .createTable('received_values')
      .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('indicator', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('cell', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('data_element', 'text', (c) => c.notNull())
      .addColumn('value', 'real', (c) => c.notNull())
      .addColumn('token_id', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('received_values_pk', ['org_unit_id', 'indicator', 'period', 'cell']),
  ],
};
