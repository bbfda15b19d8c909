/**
 * Moving an organisation that predates keys per organisation (0010) onto its own key. A hash cannot
 * be converted without the code it came from, so clients are re-keyed one by one as their codes
 * arrive (crypto/uic-rekey.ts); this table holds the clients still under the installation's key.
 */

import type { Migration } from '../migration.js';

export const uicRekey: Migration = {
  name: '0023-uic-rekey',
  statements: (db) => [
    db.schema
      .createTable('uic_rekey_pending')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull()),
    db.schema.createIndex('uic_rekey_pending_org').on('uic_rekey_pending').column('org_id'),
  ],
};
