/**
 * Who may see which clients. Clients belong to one organisation. Knowing a client's code opens their
 * record anywhere in that organisation (the code is the credential, as on a paper card); lists —
 * caseloads, referrals due, OST registers — show only clients of the sites in the user's subtrees.
 */

import { InputError, NotFoundError, type Permission, pathInScope } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { prepared } from '../store/prepared.js';
import type { Database, OrgUnitTable } from '../store/schema.js';
import { inScope } from '../store/scope.js';

// Looked up by nearly every request staff make (contacts, lookups, enrolments): compiled once.
const unitByPath = prepared((db, path: string) =>
  db.selectFrom('org_units').select(['org_id', 'level']).where('path', '=', path),
);
const unitByCode = prepared((db, code: string) =>
  db.selectFrom('org_units').selectAll().where('code', '=', code),
);
const clientById = prepared((db, id: string) => db.selectFrom('clients').selectAll().where('id', '=', id));

/** Organisations where the actor holds `permission` somewhere (a grant above organisations covers all below it). */
export async function orgsFor(
  db: Kysely<Database>,
  actor: Actor,
  permission: Permission,
): Promise<'all' | Set<string>> {
  const scope = scopeOf(actor, permission);
  if (scope.includes('/')) return 'all';
  if (scope.length === 0) return new Set();
  const orgs = new Set<string>();
  for (const path of scope) {
    const [unit] = await unitByPath(db, path);
    if (unit?.org_id) orgs.add(unit.org_id);
    else {
      const below = await db
        .selectFrom('org_units')
        .select('org_id')
        .distinct()
        .where('path', 'like', `${path}%`)
        .where('org_id', 'is not', null)
        .execute();
      for (const b of below) orgs.add(b.org_id!);
    }
  }
  return orgs;
}

export function orgAllowed(orgs: 'all' | Set<string>, orgId: string): boolean {
  return orgs === 'all' || orgs.has(orgId);
}

/**
 * The site a user is working at, by code: it must exist, belong to an organisation, and lie in the
 * user's subtrees for `permission`. Otherwise the message names the code and says why.
 */
export async function siteFor(
  s: Services,
  actor: Actor,
  code: string,
  permission: Permission,
  field = 'siteCode',
): Promise<OrgUnitTable & { org_id: string }> {
  const [unit] = await unitByCode(s.db, code);
  if (!unit || !pathInScope(unit.path, scopeOf(actor, permission))) {
    throw new InputError({
      field,
      value: code,
      rule: 'exists',
      message: `No site with code "${code}" where you may record`,
    });
  }
  if (!unit.org_id)
    throw new InputError({
      field,
      value: code,
      rule: 'level',
      message: `"${code}" is above any organisation; choose a site`,
    });
  return unit as OrgUnitTable & { org_id: string };
}

/** Site ids in the actor's subtrees (for lists); 'all' for the command line. */
export async function siteIdsInScope(
  db: Kysely<Database>,
  actor: Actor,
  permission: Permission,
): Promise<'all' | string[]> {
  const scope = scopeOf(actor, permission);
  if (scope.includes('/')) return 'all';
  const rows = await db
    .selectFrom('org_units')
    .select('id')
    .where((eb) => inScope(eb, 'path', scope))
    .execute();
  return rows.map((r) => r.id);
}

/** Loads a client the actor may open, or says "not found" — the same answer whether it is absent or out of reach. */
export async function clientFor(
  s: Services,
  actor: Actor,
  id: string,
  permission: Permission = 'client.read',
) {
  const [client] = await clientById(s.db, id);
  if (!client || !orgAllowed(await orgsFor(s.db, actor, permission), client.org_id))
    throw new NotFoundError('Client');
  return client;
}

/** The client every merged record points at (merges are flattened, so one step is enough). */
export function canonicalId(c: { id: string; merged_into: string | null }): string {
  return c.merged_into ?? c.id;
}
