/**
 * Who may reach which clients — decided here and nowhere else (docs/access.md):
 * - A client belongs to the sites where they were enrolled or served. A user reaches a client by id —
 *   reads and writes alike — only when one of those sites lies in the user's subtrees; otherwise the
 *   answer is "not found", as for an id that does not exist.
 * - Knowing a client's code finds them anywhere in the organisation of the site the user works at (the
 *   code is the credential, as on a paper card), with what is needed to serve them, and lets the user
 *   record a new contact at their own site (after which that site is one of the client's).
 * - A record a client already has (a contact, a referral) is changed only by a user whose subtree
 *   holds the record's own site.
 * - The history at sites outside the user's subtrees is shown only when the programme shares history.
 */

import { InputError, NotFoundError, type Permission, pathInScope } from '@harbour/core';
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
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

const unitPathById = prepared((db, id: string) =>
  db.selectFrom('org_units').select('path').where('id', '=', id),
);
const servedAtPaths = prepared((db, clientId: string) =>
  db
    .selectFrom('client_sites as cs')
    .innerJoin('org_units as u', 'u.id', 'cs.site_id')
    .select('u.path')
    .where('cs.client_id', '=', clientId),
);

/** True when the org unit lies in the actor's subtrees for `permission`. */
export async function unitInScope(
  db: Kysely<Database>,
  actor: Actor,
  unitId: string,
  permission: Permission,
): Promise<boolean> {
  const scope = scopeOf(actor, permission);
  if (scope.length === 0) return false;
  if (scope.includes('/')) return true;
  const [u] = await unitPathById(db, unitId);
  return u !== undefined && pathInScope(u.path, scope);
}

/** True when the client was enrolled or served at a site in the actor's subtrees for `permission`. */
export async function clientInSubtree(
  db: Kysely<Database>,
  actor: Actor,
  client: { id: string; merged_into: string | null; enrol_site_id: string },
  permission: Permission,
): Promise<boolean> {
  const scope = scopeOf(actor, permission);
  if (scope.length === 0) return false;
  if (scope.includes('/')) return true;
  // Most requests are for clients of the user's own site: their enrolment site answers first.
  if (await unitInScope(db, actor, client.enrol_site_id, permission)) return true;
  const served = await servedAtPaths(db, canonicalId(client));
  return served.some((u) => pathInScope(u.path, scope));
}

/**
 * The same rule as a query condition, for lists: the client (by its id and enrolment-site columns) is
 * enrolled or served at one of `siteIds`.
 */
export function clientAtSites<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  client: { id: string; enrolSite: string },
  siteIds: readonly string[],
): Expression<SqlBool> {
  if (siteIds.length === 0) return sql<SqlBool>`1 = 0`;
  const ids = sql.join(siteIds.map((id) => sql`${id}`));
  return eb.or([
    sql<SqlBool>`${sql.ref(client.enrolSite)} in (${ids})`,
    sql<SqlBool>`exists (select 1 from client_sites cs_scope where cs_scope.client_id = ${sql.ref(client.id)} and cs_scope.site_id in (${ids}))`,
  ]);
}

/**
 * Loads a client the actor may open by id, or says "not found" — the same answer whether the client
 * is absent, in another organisation, or at sites outside the actor's subtrees.
 */
export async function clientFor(
  s: Services,
  actor: Actor,
  id: string,
  permission: Permission = 'client.read',
) {
  const [client] = await clientById(s.db, id);
  if (
    !client ||
    !orgAllowed(await orgsFor(s.db, actor, permission), client.org_id) ||
    !(await clientInSubtree(s.db, actor, client, permission))
  )
    throw new NotFoundError('Client');
  return client;
}

/**
 * A client a user serves at their own site: anyone of the site's organisation (found by code), since
 * a new contact there is a new record, not a change to theirs. Another organisation's client is
 * "not found", never "belongs elsewhere".
 */
export async function clientToServe(s: Services, id: string, site: { org_id: string }) {
  const [client] = await clientById(s.db, id);
  if (!client || client.org_id !== site.org_id) throw new NotFoundError('Client');
  return client;
}

/** The client every merged record points at (merges are flattened, so one step is enough). */
export function canonicalId(c: { id: string; merged_into: string | null }): string {
  return c.merged_into ?? c.id;
}
