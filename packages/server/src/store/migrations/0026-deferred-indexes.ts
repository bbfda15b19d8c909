/**
 * Indexes a bulk load into an empty database builds once at its end rather than row by row
 * (store/deferred-indexes.ts). Each row is an index dropped for the load, with the statement that
 * makes it again: a load that never reached its end leaves its rows here, and the next start builds
 * them.
 */

import type { Migration } from '../migration.js';

export const deferredIndexes: Migration = {
  name: '0026-deferred-indexes',
  statements: (db) => [
    db.schema
      .createTable('deferred_indexes')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('definition', 'text', (c) => c.notNull()),
  ],
};
