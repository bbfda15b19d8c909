/**
 * Members' periodic reports to a project's lead: the project's schedule (how often, due how many
 * days after a period ends), each member's report for a period (its narrative and where it stands:
 * submitted, returned, accepted) and the report's history (who did what, with their comment). A
 * report belongs to a member: it carries its `org_id`.
 */

import type { Migration } from '../migration.js';

export const projectReports: Migration = {
  name: '0021-project-reports',
  statements: (db) => [
    db.schema
      .alterTable('projects')
      .addColumn('report_every', 'text', (c) => c.notNull().defaultTo('quarter')),
    db.schema
      .alterTable('projects')
      .addColumn('report_due_days', 'integer', (c) => c.notNull().defaultTo(30)),
    db.schema
      .createTable('project_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('narrative', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema
      .createIndex('project_reports_period')
      .on('project_reports')
      .columns(['project_id', 'member_id', 'period'])
      .unique(),
    db.schema
      .createTable('project_report_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('project_reports.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('comment', 'text'),
  ],
};
