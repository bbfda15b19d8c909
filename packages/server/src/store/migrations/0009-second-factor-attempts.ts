/**
 * Wrong second-factor codes are counted per account, apart from wrong passwords: a successful
 * password resets the password count, so sharing it would let whoever holds the password try codes
 * for ever by signing in again between guesses.
 */

import { sql } from 'kysely';
import type { Migration } from '../migration.js';

export const secondFactorAttempts: Migration = {
  name: '0009-second-factor-attempts',
  statements: (db) => [
    db.schema
      .alterTable('users')
      .addColumn('failed_totp', 'integer', (c) => c.notNull().defaultTo(sql.lit(0))),
  ],
};
