/**
 * `client_month.person_id` is always written (the record a client was merged into, else its own)
 * and reports group on it, but migration 0006 added it to PostgreSQL as a nullable column. Fill any
 * gap, then let PostgreSQL refuse a missing one as `schema.ts` assumes (found by store/schema.test.ts).
 * SQLite cannot add the constraint to an existing column; the filling is done there too.
 */

import { type Kysely, sql } from 'kysely';
import type { Compilable, Migration } from '../migration.js';

const raw = (db: Kysely<any>, text: string): Compilable => ({ compile: () => sql.raw(text).compile(db) });

const FILL = `UPDATE client_month SET person_id = coalesce(
    (SELECT merged_into FROM clients WHERE clients.id = client_month.client_id), client_month.client_id)
  WHERE person_id IS NULL`;

export const rollupPersonNotNull: Migration = {
  name: '0013-rollup-person-not-null',
  statements: (db, dialect) => [
    raw(db, FILL),
    ...(dialect === 'postgres'
      ? [raw(db, 'ALTER TABLE client_month ALTER COLUMN person_id SET NOT NULL')]
      : []),
  ],
};
