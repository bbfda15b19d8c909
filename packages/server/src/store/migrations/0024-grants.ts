/**
 * Small-grants competitions: a call run by an org unit (its definition — words, envelope, rubric,
 * form, report schedule — as JSON), the applications community groups send through its public page
 * (found by the hash of their private link; group name, contact, summary, answers and every officer's
 * or reviewer's note sealed with the organisation's key), the files they attach (sealed), the
 * reviewers assigned to each (conflicts, scores, comments), and an awarded grant's tranches and reports.
 */

import type { Migration } from '../migration.js';

export const grants: Migration = {
  name: '0024-grants',
  statements: (db) => [
    db.schema
      .createTable('grant_calls')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('opens_at', 'text', (c) => c.notNull())
      .addColumn('closes_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema
      .createTable('grant_applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('call_id', 'text', (c) => c.notNull().references('grant_calls.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      /** SHA-256 of the private link's token; the token itself is only in the group's link. */
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('group_name', 'text', (c) => c.notNull())
      .addColumn('contact', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('screening', 'text', (c) => c.notNull())
      .addColumn('screening_reason', 'text')
      .addColumn('screened_at', 'text')
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('awarded_amount', 'text')
      .addColumn('decision_reason', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('grant_status', 'text')
      .addColumn('grant_status_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema
      .createIndex('grant_applications_call')
      .on('grant_applications')
      .columns(['call_id', 'created_at']),
    db.schema
      .createTable('grant_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull().references('grant_applications.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('field_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('file_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull()),
    db.schema
      .createIndex('grant_files_field')
      .on('grant_files')
      .columns(['application_id', 'field_id'])
      .unique(),
    db.schema
      .createTable('grant_reviews')
      .addColumn('application_id', 'text', (c) => c.notNull().references('grant_applications.id'))
      .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('call_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      /** assigned → accepted (no conflict declared) → submitted; or conflict (off the application). */
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('conflict_reason', 'text')
      .addColumn('scores', 'text')
      .addColumn('comments', 'text')
      .addColumn('assigned_at', 'text', (c) => c.notNull())
      .addColumn('declared_at', 'text')
      .addColumn('submitted_at', 'text')
      .addPrimaryKeyConstraint('grant_reviews_pk', ['application_id', 'reviewer_id']),
    db.schema.createIndex('grant_reviews_reviewer').on('grant_reviews').columns(['reviewer_id', 'call_id']),
    db.schema.createIndex('grant_reviews_call').on('grant_reviews').columns(['call_id']),
    db.schema
      .createTable('grant_tranches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull().references('grant_applications.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('planned_on', 'text', (c) => c.notNull())
      .addColumn('amount', 'text', (c) => c.notNull())
      .addColumn('paid_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('grant_tranches_application').on('grant_tranches').columns(['application_id']),
    db.schema
      .createTable('grant_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull().references('grant_applications.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('narrative', 'text')
      .addColumn('spent', 'text')
      .addColumn('submitted_at', 'text'),
    db.schema
      .createIndex('grant_reports_application')
      .on('grant_reports')
      .columns(['application_id', 'due_on']),
  ],
};
