/**
 * The index on `clients.merged_into` holds only merged records. Nearly every client is unmerged
 * (NULL), so the planner's statistics for the full index said a value matched a thousand rows and
 * more: SQLite then walked every client to find a few merged records (a second of a national report)
 * rather than look them up. A partial index counts only merged records, and every query that asks
 * for a merged_into value (=, IN) or for merged records (IS NOT NULL) can use it.
 */

import { sql } from 'kysely';
import type { Migration } from '../migration.js';

export const mergedIndex: Migration = {
  name: '0007-merged-index',
  statements: (db) => [
    db.schema.dropIndex('clients_merged_into'),
    db.schema
      .createIndex('clients_merged_into')
      .on('clients')
      .column('merged_into')
      .where(sql.ref('merged_into'), 'is not', null),
  ],
};
