/**
 * Monitoring: PWID size estimates and targets per org unit, each client's HIV milestones for the
 * cascade, and org-unit boundaries for the coverage map.
 */

import type { Migration } from '../migration.js';

export const monitoring: Migration = {
  name: '0003-monitoring',
  statements: (db) => [
    db.schema
      .createTable('size_estimates')
      .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'text')
      .addColumn('pwid', 'integer', (c) => c.notNull())
      .addColumn('pwid_opioid', 'integer')
      .addColumn('pwid_lower', 'integer')
      .addColumn('pwid_upper', 'integer')
      .addColumn('source', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addPrimaryKeyConstraint('size_estimates_pk', ['org_unit_id', 'year']),

    db.schema
      .createTable('targets')
      .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('indicator', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_end', 'text', (c) => c.notNull())
      .addColumn('period_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text')
      .addColumn('value', 'real', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addPrimaryKeyConstraint('targets_pk', ['org_unit_id', 'indicator', 'period_start', 'period_end']),

    // Dates a client first had an HIV result, a positive result, an ART start (kept in step with contacts).
    db.schema
      .createTable('client_hiv')
      .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('first_result_date', 'text')
      .addColumn('first_positive_date', 'text')
      .addColumn('first_art_date', 'text'),
    db.schema.createIndex('client_hiv_org').on('client_hiv').column('org_id'),

    // A GeoJSON Polygon or MultiPolygon per org unit (not programme data: geography, shared by all).
    db.schema
      .createTable('org_unit_boundaries')
      .addColumn('org_unit_id', 'text', (c) => c.primaryKey().references('org_units.id'))
      .addColumn('org_id', 'text')
      .addColumn('geometry', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
  ],
};
