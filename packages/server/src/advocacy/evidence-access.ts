/**
 * Who may read and change a body of country evidence — decided here and nowhere else.
 *
 * Evidence is kept by an org unit (the keeper: a consortium, an organisation). Whoever holds
 * `advocacy.read` on the keeper or below it reads it (an organisation's advocate reads its
 * consortium's evidence); only `advocacy.manage` on the keeper itself or above changes it. Harbour's
 * own programme figures in a profile follow the report rules instead (programme-figures.ts).
 */

import { ForbiddenError, InputError, NotFoundError, pathInScope } from '@harbour/core';
import type { Kysely } from 'kysely';
import { type Actor, scopeOf } from '../identity/actor.js';
import type { Database, OrgUnitTable } from '../store/schema.js';

export type EvidenceAccess = 'read' | 'manage';

export interface Keeper {
  id: string;
  code: string;
  name: string;
  path: string;
}

function readable(actor: Actor, path: string): boolean {
  const scope = scopeOf(actor, 'advocacy.read');
  return pathInScope(path, scope) || scope.some((p) => p.startsWith(path));
}

function manageable(actor: Actor, path: string): boolean {
  return pathInScope(path, scopeOf(actor, 'advocacy.manage'));
}

const toKeeper = (u: Pick<OrgUnitTable, 'id' | 'code' | 'name' | 'path'>): Keeper => ({
  id: u.id,
  code: u.code,
  name: u.name,
  path: u.path,
});

/**
 * The keeper a request works on: the unit named by `code`, or by default the highest unit where the
 * actor reads evidence (the command line: the first root of the tree). A unit the actor may not read
 * is answered as unknown, whatever exists.
 */
export async function keeperFor(
  db: Kysely<Database>,
  actor: Actor,
  need: EvidenceAccess,
  code?: string | null,
): Promise<Keeper> {
  if (code) {
    const unit = await db
      .selectFrom('org_units')
      .select(['id', 'code', 'name', 'path'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!unit || !readable(actor, unit.path)) throw new NotFoundError(`Org unit "${code}"`);
    if (need === 'manage' && !manageable(actor, unit.path))
      throw new ForbiddenError('You may read this evidence but not change it');
    return toKeeper(unit);
  }
  const scope = scopeOf(actor, need === 'manage' ? 'advocacy.manage' : 'advocacy.read');
  if (scope.length === 0) throw new ForbiddenError();
  const top = actor.system
    ? await db
        .selectFrom('org_units')
        .select(['id', 'code', 'name', 'path'])
        .where('level', '=', 1)
        .orderBy('code')
        .executeTakeFirst()
    : await db
        .selectFrom('org_units')
        .select(['id', 'code', 'name', 'path'])
        .where('path', 'in', scope)
        .orderBy('level')
        .orderBy('code')
        .executeTakeFirst();
  if (!top)
    throw new InputError({
      field: 'keeper',
      rule: 'exists',
      message: 'There is no org unit yet; create the tree first',
    });
  return toKeeper(top);
}

/** Every keeper the actor may read: their own units and those above them, for the console's picker. */
export async function readableKeepers(db: Kysely<Database>, actor: Actor): Promise<Keeper[]> {
  const scope = scopeOf(actor, 'advocacy.read');
  if (scope.length === 0) return [];
  const ids = new Set(scope.flatMap((p) => p.split('/').filter(Boolean)));
  const rows = actor.system
    ? await db
        .selectFrom('org_units')
        .select(['id', 'code', 'name', 'path', 'level'])
        .where('level', '<=', 2)
        .execute()
    : await db
        .selectFrom('org_units')
        .select(['id', 'code', 'name', 'path', 'level'])
        .where('id', 'in', [...ids])
        .execute();
  return rows.sort((a, b) => a.level - b.level || a.code.localeCompare(b.code)).map(toKeeper);
}

/** Whether the actor may change the keeper's evidence (the console shows or hides its editing). */
export function mayManage(actor: Actor, keeper: Keeper): boolean {
  return manageable(actor, keeper.path);
}
