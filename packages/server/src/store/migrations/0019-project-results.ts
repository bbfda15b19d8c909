/**
 * A project's results framework: its indicators (grouped by objective and expected result; one of
 * Harbour's own indicators, or a manual one), their targets by period, and manual values a member
 * enters for a period with its evidence. Values belong to a member: they carry its `org_id`.
 */

import type { Migration } from '../migration.js';

export const projectResults: Migration = {
  name: '0019-project-results',
  statements: (db) => [
    db.schema
      .createTable('project_indicators')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('objective', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      /** Harbour's indicator id, or null for a manual indicator. */
      .addColumn('harbour', 'text')
      .addColumn('unit', 'text')
      .addColumn('baseline', 'real')
      .addColumn('split_yearly', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_indicators_pk', ['project_id', 'code']),
    db.schema
      .createTable('project_targets')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('indicator_code', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('value', 'real', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_targets_pk', ['project_id', 'indicator_code', 'period']),
    db.schema
      .createTable('project_values')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('indicator_code', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('value', 'real', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text'),
    db.schema
      .createIndex('project_values_cell')
      .on('project_values')
      .columns(['project_id', 'indicator_code', 'member_id', 'period'])
      .unique(),
  ],
};
