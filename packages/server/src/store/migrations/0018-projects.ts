/**
 * Consortium projects: a project kept by the lead's org unit (`keeper_id`, often the consortium above
 * any organisation), its member organisations, its budget lines, each member's budget per line, and
 * spending per member, line and period in the currency spent with the rate used. Money is decimal
 * text with two places ("974623.00"), read into exact cents by core (projects/money.ts); rates are
 * decimal text too. Budgets and spending belong to a member: they carry its `org_id`.
 */

import type { Migration } from '../migration.js';

export const projects: Migration = {
  name: '0018-projects',
  statements: (db) => [
    db.schema
      .createTable('projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('keeper_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('donor', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text', (c) => c.notNull())
      .addColumn('total_budget', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema
      .createTable('project_members')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'member_id']),
    db.schema
      .createTable('project_lines')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_lines_pk', ['project_id', 'code']),
    db.schema
      .createTable('project_budgets')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('line_code', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_budgets_pk', ['project_id', 'member_id', 'line_code']),
    db.schema
      .createTable('project_spending')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('line_code', 'text', (c) => c.notNull())
      /** A DHIS2-style period: 2026Q1, 202603, 2026. */
      .addColumn('period', 'text', (c) => c.notNull())
      /** As spent: the amount and its currency, and the rate to the project's currency. */
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('rate', 'text', (c) => c.notNull())
      /** In the project's currency: amount × rate, rounded once (core convert). */
      .addColumn('converted', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text'),
    db.schema
      .createIndex('project_spending_cell')
      .on('project_spending')
      .columns(['project_id', 'member_id', 'line_code', 'period'])
      .unique(),
  ],
};
