/** People who use Harbour: accounts, role grants on org units, disabling — scoped to the admin's subtree. */

import {
  ConflictError,
  type CreateUserInput,
  createUserInput,
  InputError,
  isRole,
  isSensitiveRole,
  type Locale,
  NotFoundError,
  pathInScope,
  type Role,
  type RoleGrant,
  type UpdateUserInput,
  uuidv7,
  validatorRule,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { findUnitByCode } from '../org/org-units.js';
import { prepared } from '../store/prepared.js';
import type { Database } from '../store/schema.js';
import { type Actor, requireCan, scopeOf } from './actor.js';
import { checkPassword, hashPassword, verifyPassword } from './passwords.js';
import { type LockoutRules, verifyStepUp } from './second-factor.js';

export interface UserGrantView {
  role: Role;
  orgUnitId: string;
  orgUnitCode: string;
  orgUnitName: string;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  staffCode: string | null;
  locale: string;
  totpEnabled: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
  grants: UserGrantView[];
}

/** The user's grants with their units' paths: what every permission check needs. */
// Run by every signed-in request.
const grantsOf = prepared((db, userId: string) =>
  db
    .selectFrom('role_grants as g')
    .innerJoin('org_units as u', 'u.id', 'g.org_unit_id')
    .select(['g.role', 'g.org_unit_id', 'u.path'])
    .where('g.user_id', '=', userId),
);

export async function loadGrants(db: Kysely<Database>, userId: string): Promise<RoleGrant[]> {
  return grantRows(await grantsOf(db, userId));
}

/** Grants from rows of role, unit and path (rows without a grant, as an outer join gives, are skipped). */
export function grantRows(
  rows: readonly { role: string | null; org_unit_id: string | null; path: string | null }[],
): RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const r of rows)
    if (r.role !== null && isRole(r.role) && r.org_unit_id !== null && r.path !== null)
      grants.push({ role: r.role as Role, orgUnitId: r.org_unit_id, orgUnitPath: r.path });
  return grants;
}

async function grantViews(
  db: Kysely<Database>,
  userIds: string[],
): Promise<Map<string, (UserGrantView & { path: string })[]>> {
  const map = new Map<string, (UserGrantView & { path: string })[]>();
  if (userIds.length === 0) return map;
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('role_grants as g')
      .innerJoin('org_units as u', 'u.id', 'g.org_unit_id')
      .select(['g.user_id', 'g.role', 'g.org_unit_id', 'u.code', 'u.name', 'u.path'])
      .where('g.user_id', 'in', userIds.slice(i, i + 500))
      .orderBy('u.code')
      .execute();
    for (const r of rows) {
      const list = map.get(r.user_id) ?? [];
      list.push({
        role: r.role as Role,
        orgUnitId: r.org_unit_id,
        orgUnitCode: r.code,
        orgUnitName: r.name,
        path: r.path,
      });
      map.set(r.user_id, list);
    }
  }
  return map;
}

/** An admin manages a user only when every grant the user holds lies inside the admin's subtrees. */
function manages(scope: readonly string[], grants: readonly { path: string }[]): boolean {
  if (scope.includes('/')) return true;
  return grants.length > 0 && grants.every((g) => pathInScope(g.path, scope));
}

export async function listUsers(s: Services, actor: Actor): Promise<UserView[]> {
  requireCan(actor, 'user.manage');
  const scope = scopeOf(actor, 'user.manage');
  const users = await s.db.selectFrom('users').selectAll().orderBy('username').execute();
  const grants = await grantViews(
    s.db,
    users.map((u) => u.id),
  );
  return users
    .filter((u) => scope.includes('/') || (grants.get(u.id) ?? []).some((g) => pathInScope(g.path, scope)))
    .map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      staffCode: u.staff_code,
      locale: u.locale,
      totpEnabled: u.totp_enabled === 1,
      disabled: u.disabled_at !== null,
      lockedUntil: u.locked_until,
      createdAt: u.created_at,
      grants: (grants.get(u.id) ?? []).map(({ path: _p, ...g }) => g),
    }));
}

export async function getUser(s: Services, actor: Actor, id: string): Promise<UserView> {
  const user = (await listUsers(s, actor)).find((u) => u.id === id);
  if (!user) throw new NotFoundError('User');
  return user;
}

async function resolveGrants(
  db: Kysely<Database>,
  actor: Actor,
  grants: { role: Role; orgUnitCode: string }[],
) {
  const scope = scopeOf(actor, 'user.manage');
  const resolved = [];
  for (const [i, g] of grants.entries()) {
    const unit = await findUnitByCode(db, g.orgUnitCode);
    if (!unit || !pathInScope(unit.path, scope)) {
      throw new InputError({
        field: `grants.${i}.orgUnitCode`,
        value: g.orgUnitCode,
        rule: 'exists',
        message: `No org unit with code "${g.orgUnitCode}" in the part of the tree you manage`,
      });
    }
    resolved.push({ role: g.role, unit });
  }
  return resolved;
}

/** What granting needs beyond the data: the lockout rules a step-up code is checked under. */
export type GrantingServices = Services & { config: LockoutRules };

/**
 * Who may be given which role, decided here for every path (new user, added role): never oneself (an
 * administrator who could would reach anything, narratives included), and a sensitive role only with
 * the granting administrator's current second factor.
 */
async function checkGranting(
  s: GrantingServices,
  actor: Actor,
  targetUserId: string | null,
  roles: readonly Role[],
  otp: string | undefined,
): Promise<Role[]> {
  if (actor.userId && targetUserId === actor.userId)
    throw new InputError({
      field: 'id',
      rule: 'self',
      message: 'You cannot grant a role to yourself; ask another administrator',
    });
  const sensitive = [...new Set(roles.filter(isSensitiveRole))];
  if (sensitive.length > 0 && !actor.system)
    await verifyStepUp(
      s,
      s.config,
      actor.userId!,
      otp,
      `Granting ${sensitive.join(', ')} opens rights case narratives`,
    );
  return sensitive;
}

export async function createUser(s: GrantingServices, actor: Actor, raw: CreateUserInput): Promise<UserView> {
  requireCan(actor, 'user.manage');
  const parsed = createUserInput.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((i) => ({
        field: i.path.join('.'),
        rule: validatorRule(i.code),
        message: i.message,
      })),
    );
  }
  const input = parsed.data;
  const sensitive = await checkGranting(
    s,
    actor,
    null,
    input.grants.map((g) => g.role),
    input.otp,
  );
  const pw = checkPassword(input.password);
  if (pw) throw new InputError(pw);
  const hash = await hashPassword(input.password);
  const id = await s.db.transaction().execute(async (trx) => {
    if (
      await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()
    ) {
      throw new ConflictError({
        field: 'username',
        value: input.username,
        rule: 'unique',
        message: `Username "${input.username}" is taken`,
      });
    }
    const grants = await resolveGrants(trx, actor, input.grants);
    const orgId = grants.find((g) => g.unit.org_id)?.unit.org_id ?? null;
    const userId = await insertUser(trx, s.now(), {
      username: input.username,
      displayName: input.displayName,
      passwordHash: hash,
      staffCode: input.staffCode ?? null,
      locale: input.locale,
      grants: grants.map((g) => ({ role: g.role, unit: g.unit })),
    });
    await s.audit.record(trx, actor, {
      action: 'user.created',
      entityType: 'user',
      entityId: userId,
      orgId,
      details: { username: input.username, roles: input.grants.map((g) => `${g.role}@${g.orgUnitCode}`) },
    });
    for (const g of input.grants.filter((x) => sensitive.includes(x.role)))
      await auditSensitiveGrant(s, trx, actor, userId, orgId, input.username, g, input.otp !== undefined);
    return userId;
  });
  return getUser(s, actor, id);
}

/**
 * Writes a new account and its role grants (the caller has checked who may grant what, the password
 * and that the username is free). Also used when an invited community expert joins.
 */
export async function insertUser(
  trx: Kysely<Database>,
  now: Date,
  u: {
    /** Chosen by the caller when something must be bound to the id before the transaction. */
    id?: string;
    username: string;
    displayName: string;
    passwordHash: string;
    staffCode: string | null;
    locale: string;
    grants: { role: Role; unit: { id: string; org_id: string | null } }[];
  },
): Promise<string> {
  const at = now.toISOString();
  const userId = u.id ?? uuidv7();
  await trx
    .insertInto('users')
    .values({
      id: userId,
      org_id: u.grants.find((g) => g.unit.org_id)?.unit.org_id ?? null,
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      staff_code: u.staffCode,
      locale: u.locale,
      totp_secret: null,
      totp_enabled: 0,
      totp_last_counter: null,
      disabled_at: null,
      failed_logins: 0,
      failed_totp: 0,
      locked_until: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const g of u.grants)
    await trx
      .insertInto('role_grants')
      .values({
        id: uuidv7(),
        org_id: g.unit.org_id,
        user_id: userId,
        role: g.role,
        org_unit_id: g.unit.id,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'org_unit_id']).doNothing())
      .execute();
  return userId;
}

/** Loads a user the actor manages, or says it does not exist (never "exists but not yours"). */
async function managedUser(s: Services, actor: Actor, id: string) {
  requireCan(actor, 'user.manage');
  const user = await s.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) throw new NotFoundError('User');
  const grants = (await grantViews(s.db, [id])).get(id) ?? [];
  if (!manages(scopeOf(actor, 'user.manage'), grants)) throw new NotFoundError('User');
  return user;
}

export async function findUserIdByUsername(db: Kysely<Database>, name: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirst())?.id;
}

/** Changes a user's display name, language or staff code (only those given); audited with the fields named. */
export async function updateUser(
  s: Services,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
): Promise<UserView> {
  const user = await managedUser(s, actor, id);
  const set = {
    ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
    ...(input.staffCode !== undefined ? { staff_code: input.staffCode } : {}),
  };
  if (Object.keys(set).length === 0) return getUser(s, actor, id);
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ ...set, updated_at: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await s.audit.record(trx, actor, {
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      orgId: user.org_id,
      details: { username: user.username, fields: Object.keys(input).join(',') },
    });
  });
  return getUser(s, actor, id);
}

/** Disabling ends every session at once; the account and its history stay. */
export async function setUserDisabled(
  s: Services,
  actor: Actor,
  id: string,
  disabled: boolean,
): Promise<UserView> {
  const user = await managedUser(s, actor, id);
  if (actor.userId === id && disabled) {
    throw new InputError({ field: 'id', rule: 'self', message: 'You cannot disable your own account' });
  }
  await s.db.transaction().execute(async (trx) => {
    const at = s.now().toISOString();
    await trx
      .updateTable('users')
      .set({
        disabled_at: disabled ? at : null,
        failed_logins: 0,
        failed_totp: 0,
        locked_until: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await s.audit.record(trx, actor, {
      action: disabled ? 'user.disabled' : 'user.enabled',
      entityType: 'user',
      entityId: id,
      orgId: user.org_id,
      details: { username: user.username },
    });
  });
  return getUser(s, actor, id);
}

export async function setUserPassword(
  s: Services,
  actor: Actor,
  id: string,
  password: string,
): Promise<void> {
  const user =
    actor.userId === id
      ? await s.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      : await managedUser(s, actor, id);
  const issue = checkPassword(password);
  if (issue) throw new InputError(issue);
  const hash = await hashPassword(password);
  await s.db.transaction().execute(async (trx) => {
    const at = s.now().toISOString();
    await trx
      .updateTable('users')
      .set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: at })
      .where('id', '=', id)
      .execute();
    // A changed password ends every other session: whoever knew the old one is out.
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await s.audit.record(trx, actor, {
      action: 'user.password_changed',
      entityType: 'user',
      entityId: id,
      orgId: user.org_id,
      details: { username: user.username },
    });
  });
}

/** A sensitive role granted: its own audit action, so a review of the log finds every one at a glance. */
async function auditSensitiveGrant(
  s: Services,
  trx: Kysely<Database>,
  actor: Actor,
  userId: string,
  orgId: string | null,
  username: string,
  grant: { role: Role; orgUnitCode: string },
  secondFactor: boolean,
) {
  await s.audit.record(trx, actor, {
    action: 'user.sensitive_role_granted',
    entityType: 'user',
    entityId: userId,
    orgId,
    details: { username, role: grant.role, orgUnit: grant.orgUnitCode, secondFactor },
  });
}

export async function addGrant(
  s: GrantingServices,
  actor: Actor,
  id: string,
  grant: { role: Role; orgUnitCode: string; otp?: string },
): Promise<UserView> {
  const user = await managedUser(s, actor, id);
  const sensitive = await checkGranting(s, actor, id, [grant.role], grant.otp);
  await s.db.transaction().execute(async (trx) => {
    const [resolved] = await resolveGrants(trx, actor, [grant]);
    await trx
      .insertInto('role_grants')
      .values({
        id: uuidv7(),
        org_id: resolved!.unit.org_id,
        user_id: id,
        role: grant.role,
        org_unit_id: resolved!.unit.id,
        created_at: s.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'org_unit_id']).doNothing())
      .execute();
    await s.audit.record(trx, actor, {
      action: 'user.role_granted',
      entityType: 'user',
      entityId: id,
      orgId: user.org_id,
      details: { username: user.username, role: grant.role, orgUnit: grant.orgUnitCode },
    });
    if (sensitive.length > 0)
      await auditSensitiveGrant(
        s,
        trx,
        actor,
        id,
        user.org_id,
        user.username,
        grant,
        grant.otp !== undefined,
      );
  });
  return getUser(s, actor, id);
}

export async function removeGrant(
  s: Services,
  actor: Actor,
  id: string,
  grant: { role: Role; orgUnitCode: string },
): Promise<UserView> {
  const user = await managedUser(s, actor, id);
  await s.db.transaction().execute(async (trx) => {
    const [resolved] = await resolveGrants(trx, actor, [grant]);
    const left = await trx.selectFrom('role_grants').select('id').where('user_id', '=', id).execute();
    if (left.length <= 1) {
      throw new InputError({
        field: 'role',
        rule: 'last',
        message: 'A user keeps at least one role; disable the user instead',
      });
    }
    const removed = await trx
      .deleteFrom('role_grants')
      .where('user_id', '=', id)
      .where('role', '=', grant.role)
      .where('org_unit_id', '=', resolved!.unit.id)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) {
      throw new InputError({
        field: 'role',
        value: grant.role,
        rule: 'exists',
        message: `The user has no role "${grant.role}" on "${grant.orgUnitCode}"`,
      });
    }
    await s.audit.record(trx, actor, {
      action: 'user.role_revoked',
      entityType: 'user',
      entityId: id,
      orgId: user.org_id,
      details: { username: user.username, role: grant.role, orgUnit: grant.orgUnitCode },
    });
  });
  return getUser(s, actor, id);
}

/** A signed-in person's own password: the current one first, then the new one (ends their other sessions). */
export async function changeOwnPassword(
  s: Services,
  actor: Actor,
  current: string,
  next: string,
): Promise<void> {
  const user = await s.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', actor.userId!)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current)))
    throw new InputError({
      field: 'currentPassword',
      rule: 'match',
      message: 'The current password is wrong',
    });
  await setUserPassword(s, actor, actor.userId!, next);
}

/** A signed-in person's own language. */
export async function setOwnLocale(s: Services, actor: Actor, locale: Locale): Promise<void> {
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ locale, updated_at: s.now().toISOString() })
      .where('id', '=', actor.userId!)
      .execute();
    await s.audit.record(trx, actor, {
      action: 'user.locale_changed',
      entityType: 'user',
      entityId: actor.userId,
      details: { locale },
    });
  });
}
