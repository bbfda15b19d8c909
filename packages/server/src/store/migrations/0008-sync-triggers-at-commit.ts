/**
 * PostgreSQL: the field-sync change triggers (0004) run when the transaction commits instead of at
 * the row's write.
 *
 * Why: each trigger takes its organisation's advisory lock so that change numbers become visible in
 * the order they were drawn. Taken at the row's write — a contact's update of its client's dates,
 * early in the transaction — the lock was held through every later statement of the transaction
 * (about a dozen round trips), so an organisation's contacts were recorded one at a time: 150 a
 * second at most, and the slowest waited hundreds of milliseconds. A deferred constraint trigger
 * fires just before the commit: the lock is held only while the numbers are drawn and the commit is
 * made, and the order guarantee is unchanged (numbers are still drawn under the lock, and it is
 * released only after the commit). SQLite has one writer at a time and needs none of this.
 */

import { type Kysely, sql } from 'kysely';
import type { Compilable, Migration } from '../migration.js';

const raw = (db: Kysely<any>, text: string): Compilable => ({ compile: () => sql.raw(text).compile(db) });

const TRIGGERS = [
  ['clients', 'INSERT', 'client'],
  ['clients', 'UPDATE', 'client'],
  ['client_sites', 'INSERT', 'related'],
  ['referrals', 'INSERT', 'related'],
  ['referrals', 'UPDATE', 'related'],
] as const;

export const syncTriggersAtCommit: Migration = {
  name: '0008-sync-triggers-at-commit',
  statements: (db, dialect) =>
    dialect === 'sqlite'
      ? []
      : TRIGGERS.flatMap(([table, op, fn]) => {
          const name = `sync_${table}_${op.toLowerCase()}`;
          return [
            raw(db, `DROP TRIGGER ${name} ON ${table}`),
            raw(
              db,
              `CREATE CONSTRAINT TRIGGER ${name} AFTER ${op} ON ${table} DEFERRABLE INITIALLY DEFERRED ` +
                `FOR EACH ROW EXECUTE FUNCTION sync_change_${fn}()`,
            ),
          ];
        }),
};
