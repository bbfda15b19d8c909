/**
 * The pool of community experts and community-led monitoring: each expert's profile (the contact they
 * chose sealed), the invitations that bring them in (found by the hash of the link's token), the
 * checklists a programme scores services by, each expert's visit to a site (notes and summary sealed;
 * scores and clients' feedback counts are numbers, no one's words), and the action items the findings
 * become (the action, its owner and notes sealed). A directory entry may point at the small grant
 * its group received.
 */

import type { Migration } from '../migration.js';

export const serviceReviews: Migration = {
  name: '0025-service-reviews',
  statements: (db) => [
    db.schema
      .createTable('expert_profiles')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('expertise', 'text', (c) => c.notNull())
      .addColumn('contact', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema
      .createTable('expert_invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
      /** SHA-256 of the link's token; the token itself is only in the link handed to the expert. */
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('expertise', 'text', (c) => c.notNull())
      .addColumn('contact', 'text')
      .addColumn('invited_by', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('accepted_at', 'text')
      .addColumn('accepted_user_id', 'text')
      .addColumn('withdrawn_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull()),
    db.schema
      .createTable('review_checklists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('unit_id', 'text', (c) => c.notNull().unique().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema
      .createTable('service_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('checklist_id', 'text', (c) => c.notNull().references('review_checklists.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('expert_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('assigned_on', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('visited_on', 'text')
      .addColumn('scores', 'text')
      .addColumn('notes', 'text')
      .addColumn('summary', 'text')
      .addColumn('feedback', 'text')
      .addColumn('submitted_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('service_reviews_site').on('service_reviews').columns(['site_id', 'visited_on']),
    db.schema.createIndex('service_reviews_expert').on('service_reviews').columns(['expert_id', 'state']),
    db.schema
      .createTable('review_actions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('review_id', 'text', (c) => c.references('service_reviews.id'))
      .addColumn('item', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull()),
    db.schema.createIndex('review_actions_site').on('review_actions').columns(['site_id', 'status']),
    db.schema.alterTable('community_groups').addColumn('grant_application_id', 'text'),
  ],
};
