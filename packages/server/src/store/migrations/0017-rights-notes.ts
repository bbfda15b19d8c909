/**
 * Notes on a rights case's responses and follow-ups (what was done, what to check), sealed with the
 * case's own key like its narrative; and follow-ups cancelled when a case is closed with them open,
 * so a closed case never leaves a follow-up "to do" behind.
 */

import type { Migration } from '../migration.js';

export const rightsNotes: Migration = {
  name: '0017-rights-notes',
  statements: (db) => [
    db.schema.alterTable('rights_responses').addColumn('note', 'text'),
    db.schema.alterTable('rights_followups').addColumn('note', 'text'),
    db.schema.alterTable('rights_followups').addColumn('cancelled_on', 'text'),
  ],
};
