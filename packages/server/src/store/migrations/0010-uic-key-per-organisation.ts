/**
 * Client codes are hashed with a key per organisation from now on. Organisations that exist already
 * keep the installation's key, recorded here, because their clients' hashes cannot be re-made without
 * the codes (docs/security.md); organisations created later get their own.
 */

import { sql } from 'kysely';
import type { Migration } from '../migration.js';

export const uicKeyPerOrganisation: Migration = {
  name: '0010-uic-key-per-organisation',
  statements: (db) => [
    db
      .insertInto('settings')
      .columns(['org_id', 'key', 'value', 'updated_at'])
      .expression(
        db
          .selectFrom('org_units')
          .select([
            'id',
            sql.lit('uic.key').as('key'),
            sql.lit('"installation"').as('value'),
            sql.lit('2026-12-05T00:00:00.000Z').as('updated_at'),
          ])
          .whereRef('id', '=', 'org_id'),
      ),
  ],
};
