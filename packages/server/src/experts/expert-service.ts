/**
 * The pool of community experts. A grants officer or programme manager invites someone with a link
 * (its token shown once, only its SHA-256 kept, good for 14 days); the person opens it, chooses a
 * username and password, and has their own account as a `community_expert` on the unit they were
 * invited to. Profiles carry no legal name: the name they go by, the contact they chose (sealed),
 * country, languages and what they know about.
 *
 * Who sees whom (decided here): those who invite (`experts.manage`) see the experts and invitations
 * kept in their subtree, with contacts (audited); those who assign visits or reviewers
 * (`scorecard.manage`, `grants.manage`) see the experts who may work in their subtree, without
 * contacts; an expert sees and changes their own profile.
 */

import { createHash, randomBytes } from 'node:crypto';
import {
  ConflictError,
  type Expert,
  type ExpertiseArea,
  expertProfileInput,
  INVITATION_DAYS,
  InputError,
  type Invitation,
  invitationInput,
  joinInput,
  NotFoundError,
  parseInput,
  pathInScope,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import { type Actor, requireCan, scopeOf } from '../identity/actor.js';
import { checkPassword, hashPassword } from '../identity/passwords.js';
import { insertUser } from '../identity/users.js';
import type { Database } from '../store/schema.js';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const aad = (table: string, id: string) => `expert-${table}:${id}:contact`;

const unitByCode = (s: Services, code: string) =>
  s.db
    .selectFrom('org_units')
    .select(['id', 'code', 'path', 'org_id'])
    .where('code', '=', code)
    .executeTakeFirst();

type InvitationRow = Database['expert_invitations'] & { unit_code: string; path: string };

function invitationState(r: InvitationRow, now: string): Invitation['state'] {
  if (r.accepted_at) return 'accepted';
  if (r.withdrawn_at) return 'withdrawn';
  return r.expires_at <= now ? 'expired' : 'pending';
}

const invitationView = (r: InvitationRow, now: string): Invitation => ({
  id: r.id,
  unit: r.unit_code,
  name: r.display_name,
  expiresAt: r.expires_at,
  state: invitationState(r, now),
  createdAt: r.created_at,
});

const invitations = (s: Services) =>
  s.db
    .selectFrom('expert_invitations as i')
    .innerJoin('org_units as u', 'u.id', 'i.unit_id')
    .selectAll('i')
    .select(['u.code as unit_code', 'u.path']);

/** Invite someone to the pool; the answer carries the link's token, shown once. */
export async function inviteExpert(
  s: Services,
  actor: Actor,
  raw: unknown,
): Promise<{ invitation: Invitation; token: string; path: string }> {
  const input = parseInput(invitationInput, raw);
  const unit = await unitByCode(s, input.unit);
  if (!unit || !pathInScope(unit.path, scopeOf(actor, 'experts.manage')))
    throw new InputError({
      field: 'unit',
      value: input.unit,
      rule: 'scope',
      message: 'Not a unit where you may invite experts',
    });
  const token = randomBytes(32).toString('base64url');
  const id = uuidv7();
  const owner = unit.org_id ?? unit.id;
  const now = s.now();
  // Sealed before the transaction: the organisation's key may be loaded through the database.
  const contact = input.contact
    ? await s.dataKeys.encrypt(owner, input.contact, aad('invitation', id))
    : null;
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('expert_invitations')
      .values({
        id,
        org_id: owner,
        unit_id: unit.id,
        token_hash: tokenHash(token),
        display_name: input.displayName,
        country: input.country,
        languages: JSON.stringify(input.languages),
        expertise: JSON.stringify(input.expertise),
        contact,
        invited_by: actor.userId,
        expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
        accepted_at: null,
        accepted_user_id: null,
        withdrawn_at: null,
        created_at: now.toISOString(),
      })
      .execute();
    await s.audit.record(trx, actor, {
      action: 'experts.invited',
      entityType: 'experts',
      entityId: id,
      orgUnitId: unit.id,
      orgId: unit.org_id,
      details: { unit: unit.code },
    });
  });
  const row = (await invitations(s).where('i.id', '=', id).executeTakeFirst())!;
  return { invitation: invitationView(row, now.toISOString()), token, path: `/console/join#${token}` };
}

export async function listInvitations(s: Services, actor: Actor): Promise<Invitation[]> {
  requireCan(actor, 'experts.manage');
  const scope = scopeOf(actor, 'experts.manage');
  const now = s.now().toISOString();
  return (await invitations(s).orderBy('i.created_at', 'desc').execute())
    .filter((r) => pathInScope(r.path, scope))
    .map((r) => invitationView(r, now));
}

export async function withdrawInvitation(s: Services, actor: Actor, id: string): Promise<void> {
  const row = await invitations(s).where('i.id', '=', id).executeTakeFirst();
  if (!row || !pathInScope(row.path, scopeOf(actor, 'experts.manage')))
    throw new NotFoundError(`Invitation "${id}"`);
  if (invitationState(row, s.now().toISOString()) !== 'pending')
    throw new ConflictError({
      field: 'state',
      value: invitationState(row, s.now().toISOString()),
      rule: 'state',
      message: 'Only a pending invitation can be withdrawn',
    });
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('expert_invitations')
      .set({ withdrawn_at: s.now().toISOString(), contact: null })
      .where('id', '=', id)
      .execute();
    await s.audit.record(trx, actor, {
      action: 'experts.invitation_withdrawn',
      entityType: 'experts',
      entityId: id,
      orgUnitId: row.unit_id,
      orgId: row.org_id,
    });
  });
}

/** The invitation a link opens, if it is still good: whom it greets and where. Anything else is "not found". */
async function pendingByToken(s: Services, token: string | undefined) {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new NotFoundError('Invitation');
  const row = await invitations(s).where('i.token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!row || invitationState(row, s.now().toISOString()) !== 'pending')
    throw new NotFoundError('Invitation');
  return row;
}

export async function invitationByToken(s: Services, token: string | undefined) {
  const row = await pendingByToken(s, token);
  const unit = (await s.db
    .selectFrom('org_units')
    .select('name')
    .where('id', '=', row.unit_id)
    .executeTakeFirst())!;
  return { name: row.display_name, unit: unit.name, expiresAt: row.expires_at };
}

/** The invited person chooses a username and password: their account, role and profile, in one transaction. */
export async function acceptInvitation(
  s: Services,
  token: string | undefined,
  raw: unknown,
): Promise<{ username: string }> {
  const row = await pendingByToken(s, token);
  const input = parseInput(joinInput, raw);
  const pw = checkPassword(input.password);
  if (pw) throw new InputError(pw);
  const hash = await hashPassword(input.password);
  const at = s.now().toISOString();
  // The contact moves from the invitation to the profile, sealed to the new account before the
  // transaction (the organisation's key may be loaded through the database).
  const userId = uuidv7();
  const contact = row.contact
    ? await s.dataKeys.encrypt(
        row.org_id,
        await s.dataKeys.decrypt(row.contact, aad('invitation', row.id)),
        aad('profile', userId),
      )
    : null;
  await s.db.transaction().execute(async (trx) => {
    // Taken inside the transaction: two tabs sending the same link make one account.
    const claimed = await trx
      .updateTable('expert_invitations')
      .set({ accepted_at: at })
      .where('id', '=', row.id)
      .where('accepted_at', 'is', null)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new NotFoundError('Invitation');
    if (await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst())
      throw new ConflictError({
        field: 'username',
        value: input.username,
        rule: 'unique',
        message: `Username "${input.username}" is taken`,
      });
    const unit = (await trx
      .selectFrom('org_units')
      .select(['id', 'org_id'])
      .where('id', '=', row.unit_id)
      .executeTakeFirst())!;
    await insertUser(trx, s.now(), {
      id: userId,
      username: input.username,
      displayName: row.display_name,
      passwordHash: hash,
      staffCode: null,
      locale: input.locale,
      grants: [{ role: 'community_expert', unit }],
    });
    await trx
      .insertInto('expert_profiles')
      .values({
        user_id: userId,
        org_id: row.org_id,
        unit_id: row.unit_id,
        country: row.country,
        languages: row.languages,
        expertise: row.expertise,
        contact,
        created_at: at,
        updated_at: at,
      })
      .execute();
    // The invitation's copy of the contact goes: the profile holds it now.
    await trx
      .updateTable('expert_invitations')
      .set({ accepted_user_id: userId, contact: null })
      .where('id', '=', row.id)
      .execute();
    await s.audit.append(trx, {
      actorId: userId,
      actor: input.username,
      action: 'experts.joined',
      entityType: 'experts',
      entityId: userId,
      orgUnitId: row.unit_id,
      orgId: unit.org_id,
      details: { invitation: row.id },
    });
  });
  return { username: input.username };
}

type ProfileRow = Database['expert_profiles'];

/** The experts the caller may see: kept in their subtree, or able to work in it. */
export async function listExperts(s: Services, actor: Actor): Promise<Expert[]> {
  const keeps = scopeOf(actor, 'experts.manage');
  const assigns = [...scopeOf(actor, 'scorecard.manage'), ...scopeOf(actor, 'grants.manage'), ...keeps];
  if (assigns.length === 0) requireCan(actor, 'experts.manage');
  const rows = await s.db
    .selectFrom('role_grants as g')
    .innerJoin('org_units as u', 'u.id', 'g.org_unit_id')
    .innerJoin('users as p', 'p.id', 'g.user_id')
    .leftJoin('expert_profiles as e', 'e.user_id', 'p.id')
    .leftJoin('org_units as k', 'k.id', 'e.unit_id')
    .select(['p.id', 'p.display_name', 'p.disabled_at', 'u.path', 'u.code', 'k.path as keeper_path'])
    .select(['e.country', 'e.languages', 'e.expertise', 'e.contact'])
    .where('g.role', '=', 'community_expert')
    .execute();
  // An expert granted at a unit may work below it: visible to whoever works at or below that unit.
  const visible = rows.filter((r) => assigns.some((p) => pathInScope(r.path, [p]) || p.startsWith(r.path)));
  const ids = [...new Set(visible.map((r) => r.id))];
  const countOf = async (rows: Promise<{ id: string; n: unknown }[]>) =>
    new Map((await rows).map((x) => [x.id, Number(x.n)]));
  const [grantCounts, visitCounts] =
    ids.length === 0
      ? [new Map<string, number>(), new Map<string, number>()]
      : await Promise.all([
          countOf(
            s.db
              .selectFrom('grant_reviews')
              .select(['reviewer_id as id', (eb) => eb.fn.countAll().as('n')])
              .where('reviewer_id', 'in', ids)
              .groupBy('reviewer_id')
              .execute(),
          ),
          countOf(
            s.db
              .selectFrom('service_reviews')
              .select(['expert_id as id', (eb) => eb.fn.countAll().as('n')])
              .where('expert_id', 'in', ids)
              .groupBy('expert_id')
              .execute(),
          ),
        ]);
  const seen = new Set<string>();
  const experts: Expert[] = [];
  let contactsShown = 0;
  for (const r of visible) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const mayReadContact = r.keeper_path !== null && pathInScope(r.keeper_path, keeps);
    const contact =
      mayReadContact && r.contact ? await s.dataKeys.decrypt(r.contact, aad('profile', r.id)) : null;
    if (contact) contactsShown += 1;
    experts.push({
      id: r.id,
      name: r.display_name,
      unit: r.code,
      country: r.country,
      languages: r.languages ? (JSON.parse(r.languages) as string[]) : [],
      expertise: r.expertise ? (JSON.parse(r.expertise) as ExpertiseArea[]) : [],
      contact,
      active: r.disabled_at === null,
      grantReviews: grantCounts.get(r.id) ?? 0,
      serviceReviews: visitCounts.get(r.id) ?? 0,
    });
  }
  if (contactsShown > 0)
    await s.db.transaction().execute((trx) =>
      s.audit.record(trx, actor, {
        action: 'experts.contacts_read',
        entityType: 'experts',
        entityId: null,
        orgId: null,
        details: { contacts: contactsShown },
      }),
    );
  return experts.sort((a, b) => a.name.localeCompare(b.name));
}

export interface MyProfile {
  name: string;
  country: string | null;
  languages: string[];
  expertise: ExpertiseArea[];
  contact: string | null;
}

async function profileRow(s: Services, userId: string): Promise<ProfileRow | undefined> {
  return s.db.selectFrom('expert_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function myProfile(s: Services, actor: Actor): Promise<MyProfile> {
  const user = (await s.db
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', actor.userId!)
    .executeTakeFirst())!;
  const p = await profileRow(s, actor.userId!);
  return {
    name: user.display_name,
    country: p?.country ?? null,
    languages: p ? JSON.parse(p.languages) : [],
    expertise: p ? JSON.parse(p.expertise) : [],
    contact: p?.contact ? await s.dataKeys.decrypt(p.contact, aad('profile', actor.userId!)) : null,
  };
}

/** An expert keeps their own profile up to date. */
export async function saveMyProfile(s: Services, actor: Actor, raw: unknown): Promise<MyProfile> {
  const input = parseInput(expertProfileInput, raw);
  const userId = actor.userId!;
  const grant = actor.grants.find((g) => g.role === 'community_expert');
  if (!grant) throw new NotFoundError('Expert profile');
  const unit = (await s.db
    .selectFrom('org_units')
    .select(['id', 'org_id'])
    .where('id', '=', grant.orgUnitId)
    .executeTakeFirst())!;
  const owner = unit.org_id ?? unit.id;
  const at = s.now().toISOString();
  const contact = input.contact
    ? await s.dataKeys.encrypt(owner, input.contact, aad('profile', userId))
    : null;
  const values = {
    country: input.country,
    languages: JSON.stringify(input.languages),
    expertise: JSON.stringify(input.expertise),
    contact,
    updated_at: at,
  };
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('expert_profiles')
      .values({ user_id: userId, org_id: owner, unit_id: unit.id, created_at: at, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    await s.audit.append(trx, {
      actorId: userId,
      actor: actor.label,
      action: 'experts.profile_updated',
      entityType: 'experts',
      entityId: userId,
      orgUnitId: unit.id,
      orgId: unit.org_id,
      details: { fields: Object.keys(input) },
    });
  });
  return myProfile(s, actor);
}
