/**
 * Reports at national scale. Each client × site × month rollup row names the person it counts for
 * (the record it was merged into, else its own), and a client × site × quarter rollup, kept the same
 * way, has one covering index in person order: a quarterly report reads one index range and adds
 * each person's rows up without a sort. Covering indexes on clients and client_hiv answer what the
 * report asks of each person in one step.
 */

import { sql } from 'kysely';
import type { Migration } from '../migration.js';

const QUANTITIES = ['contacts', 'syringes', 'needles', 'returned', 'condoms', 'naloxone', 'reversals'];
/** Service flags are OR-ed over a quarter's months; one max per bit works on both databases. */
const FLAG_BITS = Array.from({ length: 13 }, (_, i) => 2 ** i);

export const personQuarters: Migration = {
  name: '0006-person-quarters',
  statements: (db, dialect) => [
    db.schema.alterTable('client_month').addColumn('person_id', 'text'),
    {
      compile: () =>
        sql`update client_month set person_id = coalesce((select c.merged_into from clients c where c.id = client_month.client_id), client_id)`.compile(
          db,
        ),
    },
    db.schema
      .createTable('client_quarter')
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('site_id', 'text', (c) => c.notNull().references('org_units.id'))
      .addColumn('quarter', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('contacts', 'integer', (c) => c.notNull())
      .addColumn('syringes', 'integer', (c) => c.notNull())
      .addColumn('needles', 'integer', (c) => c.notNull())
      .addColumn('returned', 'integer', (c) => c.notNull())
      .addColumn('condoms', 'integer', (c) => c.notNull())
      .addColumn('naloxone', 'integer', (c) => c.notNull())
      .addColumn('reversals', 'integer', (c) => c.notNull())
      .addColumn('flags', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('client_quarter_pk', ['client_id', 'site_id', 'quarter']),
    {
      compile: () =>
        sql`insert into client_quarter (client_id, site_id, quarter, person_id, org_id, ${sql.raw(QUANTITIES.join(', '))}, flags)
          select client_id, site_id, q, min(person_id), min(org_id), ${sql.raw(QUANTITIES.map((c) => `sum(${c})`).join(', '))},
            ${sql.raw(FLAG_BITS.map((b) => `max(flags & ${b})`).join(' + '))}
          from (select m.*, substr(month, 1, 4) || 'Q' || ${
            dialect === 'sqlite'
              ? sql`((cast(substr(month, 6, 2) as integer) + 2) / 3)`
              : sql`((cast(substr(month, 6, 2) as integer) + 2) / 3)::text`
          } as q from client_month m) m
          group by client_id, site_id, q`.compile(db),
    },
    db.schema
      .createIndex('client_quarter_person')
      .on('client_quarter')
      .columns(['org_id', 'quarter', 'person_id', 'site_id', ...QUANTITIES, 'flags']),
    // What a report reads of each person and their HIV milestones, one index step per person.
    db.schema
      .createIndex('clients_report')
      .on('clients')
      .columns(['id', 'merged_into', 'sex', 'birth_year', 'kp', 'first_contact_date']),
    db.schema
      .createIndex('client_hiv_report')
      .on('client_hiv')
      .columns(['client_id', 'first_result_date', 'first_positive_date', 'first_art_date']),
  ],
};
