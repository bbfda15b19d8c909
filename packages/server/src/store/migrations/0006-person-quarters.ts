/**
 * Reports at national scale: each client × site × month rollup row also names the person it counts
 * for (the record it was merged into, else its own) and its quarter, and one covering index keeps a
 * quarter's rows in person order. A quarterly report then reads one index range and adds each
 * person's months up without a sort and without looking the client up.
 */

import { sql } from 'kysely';
import type { Migration } from '../migration.js';

export const personQuarters: Migration = {
  name: '0006-person-quarters',
  statements: (db, dialect) => [
    db.schema.alterTable('client_month').addColumn('person_id', 'text'),
    db.schema.alterTable('client_month').addColumn('quarter', 'text'),
    {
      compile: () =>
        sql`update client_month set
          person_id = coalesce((select c.merged_into from clients c where c.id = client_month.client_id), client_id),
          quarter = substr(month, 1, 4) || 'Q' || ${
            dialect === 'sqlite'
              ? sql`((cast(substr(month, 6, 2) as integer) + 2) / 3)`
              : sql`((cast(substr(month, 6, 2) as integer) + 2) / 3)::text`
          }`.compile(db),
    },
    db.schema
      .createIndex('client_month_person_quarter')
      .on('client_month')
      .columns([
        'org_id',
        'quarter',
        'person_id',
        'site_id',
        'contacts',
        'syringes',
        'needles',
        'returned',
        'condoms',
        'naloxone',
        'reversals',
        'flags',
      ]),
  ],
};
