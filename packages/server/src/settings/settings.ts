/** Installation and organisation settings as small JSON values (level names, security choices, UIC scheme…). */

import { DEFAULT_LEVEL_NAMES, DEFAULT_ORGANISATION_LEVEL } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export async function getSetting<T>(db: Kysely<Database>, key: string, fallback: T, orgId = ''): Promise<T> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : fallback;
}

export async function putSetting(
  db: Kysely<Database>,
  key: string,
  value: unknown,
  at: Date,
  orgId = '',
): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ org_id: orgId, key, value: text, updated_at: at.toISOString() })
    .onConflict((oc) =>
      oc.columns(['org_id', 'key']).doUpdateSet({ value: text, updated_at: at.toISOString() }),
    )
    .execute();
}

export interface OrgStructure {
  levelNames: string[];
  organisationLevel: number;
}

export async function getOrgStructure(db: Kysely<Database>): Promise<OrgStructure> {
  return {
    levelNames: await getSetting<string[]>(db, 'org.levelNames', [...DEFAULT_LEVEL_NAMES]),
    organisationLevel: await getSetting<number>(db, 'org.organisationLevel', DEFAULT_ORGANISATION_LEVEL),
  };
}
