/**
 * The one place a client's profile (sex, birth year, key population) is written, always with its
 * clock: each field's stamp says how new its value is, so statements from the console, phones and
 * register imports are ordered the same way wherever they arrive (core sync/profile-merge.ts).
 *
 * Who decides the values:
 * - the console (registry.ts): a person's correction, stamped now (`serverStamp`);
 * - a phone (sync/push.ts): its edit with the phone's stamp, merged field by field (`mergeProfile`:
 *   the newest wins, and "don't know" never overwrites something known);
 * - a register import (register-import/importer.ts): the earliest row's value (formats.md §1),
 *   stamped with that row's day (`registerStamp`); a value known before the import is kept.
 */

import type { ProfileClock, ProfileValues } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { ClientTable, Database } from '../store/schema.js';

export interface ProfileWrite {
  /** The fields that take a new value. */
  changes: ProfileValues;
  /** The whole clock after the write (the fields not changed keep their stamps). */
  clock: ProfileClock;
}

export async function writeProfile(
  trx: Kysely<Database>,
  clientId: string,
  write: ProfileWrite,
  at: string,
  /** Other columns a console edit changes with the profile (the sealed alias). */
  extra: Pick<Partial<ClientTable>, 'alias'> = {},
): Promise<void> {
  const c = write.changes;
  await trx
    .updateTable('clients')
    .set({
      ...(c.sex !== undefined ? { sex: c.sex } : {}),
      ...(c.birthYear !== undefined ? { birth_year: c.birthYear } : {}),
      ...(c.kp !== undefined ? { kp: c.kp } : {}),
      ...extra,
      profile_clock: JSON.stringify(write.clock),
      updated_at: at,
    })
    .where('id', '=', clientId)
    .execute();
}
