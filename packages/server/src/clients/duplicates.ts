/**
 * Probable duplicates: pairs of clients whose codes differ in one part (a typing slip, a misheard
 * letter) wait for a person to decide. Merging moves the whole history to one client and can be
 * undone; "different people" closes the pair.
 */

import {
  ConflictError,
  InputError,
  NotFoundError,
  type ProfileClock,
  type ProfileField,
  type ProfileValues,
  uuidv7,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { rebuildPersonDates, repointPersonRollups } from '../contacts/contact-writer.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import type { ClientTable, Database } from '../store/schema.js';
import { clientAtSites, clientInSubtree, orgAllowed, orgsFor, siteIdsInScope } from './client-access.js';
import { type ProfileWrite, writeProfile } from './profile-writes.js';
import { clientRef } from './registry.js';

export interface PairSide {
  id: string;
  ref: string;
  sex: string;
  birthYear: number | null;
  kp: string | null;
  enrolSite: string;
  firstContactDate: string | null;
  lastContactDate: string | null;
  contacts: number;
  createdAt: string;
}

export interface DuplicatePair {
  id: string;
  reason: string;
  status: string;
  createdAt: string;
  a: PairSide;
  b: PairSide;
}

async function side(s: Services, id: string): Promise<PairSide> {
  const c = await s.db
    .selectFrom('clients as c')
    .innerJoin('org_units as u', 'u.id', 'c.enrol_site_id')
    .select([
      'c.id',
      'c.sex',
      'c.birth_year',
      'c.kp',
      'u.code',
      'c.first_contact_date',
      'c.last_contact_date',
      'c.created_at',
    ])
    .where('c.id', '=', id)
    .executeTakeFirstOrThrow();
  const n = await s.db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    id: c.id,
    ref: clientRef(c.id),
    sex: c.sex,
    birthYear: c.birth_year,
    kp: c.kp,
    enrolSite: c.code,
    firstContactDate: c.first_contact_date,
    lastContactDate: c.last_contact_date,
    contacts: Number(n.n),
    createdAt: c.created_at,
  };
}

export async function listDuplicatePairs(
  s: Services,
  actor: Actor,
  status: 'open' | 'merged' | 'distinct' = 'open',
  limit = 100,
): Promise<DuplicatePair[]> {
  const orgs = await orgsFor(s.db, actor, 'client.merge');
  let q = s.db
    .selectFrom('duplicate_pairs as p')
    .innerJoin('clients as a', 'a.id', 'p.client_a')
    .innerJoin('clients as b', 'b.id', 'p.client_b')
    .select(['p.id', 'p.reason', 'p.status', 'p.created_at', 'p.client_a', 'p.client_b'])
    .where('p.status', '=', status);
  if (status === 'open') q = q.where('a.merged_into', 'is', null).where('b.merged_into', 'is', null);
  if (orgs !== 'all') {
    if (orgs.size === 0) return [];
    q = q.where('p.org_id', 'in', [...orgs]);
  }
  // Both people of a pair must be reachable: a pair is reviewed by someone who may open both records.
  const sites = await siteIdsInScope(s.db, actor, 'client.merge');
  if (sites !== 'all')
    q = q.where((eb) =>
      eb.and([
        clientAtSites(eb, { id: 'a.id', enrolSite: 'a.enrol_site_id' }, sites),
        clientAtSites(eb, { id: 'b.id', enrolSite: 'b.enrol_site_id' }, sites),
      ]),
    );
  const rows = await q.orderBy('p.created_at').limit(Math.min(limit, 500)).execute();
  const out: DuplicatePair[] = [];
  for (const r of rows)
    out.push({
      id: r.id,
      reason: r.reason,
      status: r.status,
      createdAt: r.created_at,
      a: await side(s, r.client_a),
      b: await side(s, r.client_b),
    });
  return out;
}

/** Both clients (by id) reachable by the actor for merging. */
async function bothInSubtree(db: Kysely<Database>, actor: Actor, a: string, b: string): Promise<boolean> {
  const rows = await db
    .selectFrom('clients')
    .select(['id', 'merged_into', 'enrol_site_id'])
    .where('id', 'in', [a, b])
    .execute();
  if (rows.length !== 2) return false;
  for (const c of rows) if (!(await clientInSubtree(db, actor, c, 'client.merge'))) return false;
  return true;
}

async function pairFor(s: Services, actor: Actor, id: string) {
  const p = await s.db.selectFrom('duplicate_pairs').selectAll().where('id', '=', id).executeTakeFirst();
  if (
    !p ||
    !orgAllowed(await orgsFor(s.db, actor, 'client.merge'), p.org_id) ||
    !(await bothInSubtree(s.db, actor, p.client_a, p.client_b))
  )
    throw new NotFoundError('Duplicate pair');
  return p;
}

/**
 * Merges `mergedId` into `survivorId` (same organisation, both live). Clients already merged into the
 * merged one follow it, so a chain never forms; the merge record remembers them for undo.
 */
export async function mergeClients(
  s: Services,
  actor: Actor,
  survivorId: string,
  mergedId: string,
  pairId?: string,
): Promise<{ mergeId: string }> {
  if (survivorId === mergedId)
    throw new InputError({
      field: 'mergedId',
      rule: 'distinct',
      message: 'A client cannot be merged into itself',
    });
  const orgs = await orgsFor(s.db, actor, 'client.merge');
  return s.db.transaction().execute(async (trx) => {
    const [survivor, merged] = await Promise.all([
      trx.selectFrom('clients').selectAll().where('id', '=', survivorId).executeTakeFirst(),
      trx.selectFrom('clients').selectAll().where('id', '=', mergedId).executeTakeFirst(),
    ]);
    if (
      !survivor ||
      !merged ||
      !orgAllowed(orgs, survivor.org_id) ||
      survivor.org_id !== merged.org_id ||
      !(await clientInSubtree(trx, actor, survivor, 'client.merge')) ||
      !(await clientInSubtree(trx, actor, merged, 'client.merge'))
    )
      throw new NotFoundError('Client');
    if (survivor.merged_into || merged.merged_into)
      throw new ConflictError({
        field: 'mergedId',
        rule: 'state',
        message: 'One of these clients was already merged; refresh the list',
      });
    const followers = (
      await trx.selectFrom('clients').select('id').where('merged_into', '=', mergedId).execute()
    ).map((f) => f.id);
    const at = s.now().toISOString();
    await trx
      .updateTable('clients')
      .set({ merged_into: survivorId, updated_at: at })
      .where('id', '=', mergedId)
      .execute();
    if (followers.length)
      await trx
        .updateTable('clients')
        .set({ merged_into: survivorId, updated_at: at })
        .where('id', 'in', followers)
        .execute();
    // The survivor keeps its own profile; fields it lacks are taken from the merged client, each with
    // the stamp it had there (how new that statement is does not change by moving it).
    const fill = fillFrom(survivor, merged);
    if (Object.keys(fill.changes).length) await writeProfile(trx, survivorId, fill, at);
    await rebuildPersonDates(trx, survivorId);
    await repointPersonRollups(trx, [mergedId, ...followers]);
    const mergeId = uuidv7();
    await trx
      .insertInto('client_merges')
      .values({
        id: mergeId,
        org_id: survivor.org_id,
        survivor_id: survivorId,
        merged_id: mergedId,
        moved_ids: JSON.stringify(followers),
        merged_at: at,
        merged_by: actor.userId,
        undone_at: null,
        undone_by: null,
      })
      .execute();
    if (pairId)
      await trx
        .updateTable('duplicate_pairs')
        .set({ status: 'merged', resolved_at: at, resolved_by: actor.userId })
        .where('id', '=', pairId)
        .execute();
    await s.audit.record(trx, actor, {
      action: 'client.merged',
      entityType: 'client',
      entityId: survivorId,
      orgId: survivor.org_id,
      details: { merged: mergedId, followers: followers.length, merge: mergeId },
    });
    return { mergeId };
  });
}

export async function mergePair(
  s: Services,
  actor: Actor,
  pairId: string,
  survivorId: string,
): Promise<{ mergeId: string }> {
  const p = await pairFor(s, actor, pairId);
  if (p.status !== 'open')
    throw new ConflictError({
      field: 'pairId',
      rule: 'state',
      message: `This pair was already resolved (${p.status})`,
    });
  if (survivorId !== p.client_a && survivorId !== p.client_b)
    throw new InputError({
      field: 'survivorId',
      rule: 'enum',
      message: 'Choose one of the two clients of the pair',
    });
  return mergeClients(s, actor, survivorId, survivorId === p.client_a ? p.client_b : p.client_a, pairId);
}

/** Undoes a merge: the merged client (and those that followed it) stand on their own again. */
export async function undoMerge(s: Services, actor: Actor, mergeId: string): Promise<void> {
  const m = await s.db.selectFrom('client_merges').selectAll().where('id', '=', mergeId).executeTakeFirst();
  if (
    !m ||
    !orgAllowed(await orgsFor(s.db, actor, 'client.merge'), m.org_id) ||
    !(await bothInSubtree(s.db, actor, m.survivor_id, m.merged_id))
  )
    throw new NotFoundError('Merge');
  if (m.undone_at)
    throw new ConflictError({ field: 'mergeId', rule: 'state', message: 'This merge was already undone' });
  await s.db.transaction().execute(async (trx) => {
    const at = s.now().toISOString();
    const merged = await trx
      .selectFrom('clients')
      .select(['merged_into'])
      .where('id', '=', m.merged_id)
      .executeTakeFirstOrThrow();
    if (merged.merged_into !== m.survivor_id)
      throw new ConflictError({
        field: 'mergeId',
        rule: 'state',
        message: 'The client was merged again since; undo the later merge first',
      });
    await trx
      .updateTable('clients')
      .set({ merged_into: null, updated_at: at })
      .where('id', '=', m.merged_id)
      .execute();
    const moved = JSON.parse(m.moved_ids) as string[];
    if (moved.length)
      await trx
        .updateTable('clients')
        .set({ merged_into: m.merged_id, updated_at: at })
        .where('id', 'in', moved)
        .where('merged_into', '=', m.survivor_id)
        .execute();
    await rebuildPersonDates(trx, m.survivor_id);
    await rebuildPersonDates(trx, m.merged_id);
    await repointPersonRollups(trx, [m.merged_id, ...moved]);
    await trx
      .updateTable('client_merges')
      .set({ undone_at: at, undone_by: actor.userId })
      .where('id', '=', mergeId)
      .execute();
    await trx
      .updateTable('duplicate_pairs')
      .set({ status: 'open', resolved_at: null, resolved_by: null })
      .where('status', '=', 'merged')
      .where((eb) =>
        eb.or([
          eb.and([eb('client_a', '=', m.survivor_id), eb('client_b', '=', m.merged_id)]),
          eb.and([eb('client_a', '=', m.merged_id), eb('client_b', '=', m.survivor_id)]),
        ]),
      )
      .execute();
    await s.audit.record(trx, actor, {
      action: 'client.unmerged',
      entityType: 'client',
      entityId: m.survivor_id,
      orgId: m.org_id,
      details: { merged: m.merged_id, merge: mergeId },
    });
  });
}

/** "These are different people": the pair is closed. When they share the very same code, the newer client gets the next suffix. */
export async function markDistinct(
  s: Services,
  actor: Actor,
  pairId: string,
): Promise<{ suffixGiven: number | null }> {
  const p = await pairFor(s, actor, pairId);
  if (p.status !== 'open')
    throw new ConflictError({
      field: 'pairId',
      rule: 'state',
      message: `This pair was already resolved (${p.status})`,
    });
  return s.db.transaction().execute(async (trx) => {
    const [a, b] = await Promise.all([
      trx.selectFrom('clients').selectAll().where('id', '=', p.client_a).executeTakeFirstOrThrow(),
      trx.selectFrom('clients').selectAll().where('id', '=', p.client_b).executeTakeFirstOrThrow(),
    ]);
    let suffixGiven: number | null = null;
    if (a.uic_hash === b.uic_hash && a.uic_suffix === b.uic_suffix) {
      const newer = a.created_at > b.created_at ? a : b;
      const max = await trx
        .selectFrom('clients')
        .select((eb) => eb.fn.max('uic_suffix').as('m'))
        .where('org_id', '=', a.org_id)
        .where('uic_hash', '=', a.uic_hash)
        .executeTakeFirstOrThrow();
      suffixGiven = Math.max(2, Number(max.m ?? 0) + 1);
      await trx
        .updateTable('clients')
        .set({ uic_suffix: suffixGiven, updated_at: s.now().toISOString() })
        .where('id', '=', newer.id)
        .execute();
    }
    await trx
      .updateTable('duplicate_pairs')
      .set({ status: 'distinct', resolved_at: s.now().toISOString(), resolved_by: actor.userId })
      .where('id', '=', pairId)
      .execute();
    await s.audit.record(trx, actor, {
      action: 'client.marked_distinct',
      entityType: 'duplicate_pair',
      entityId: pairId,
      orgId: p.org_id,
      details: { a: p.client_a, b: p.client_b, suffix: suffixGiven },
    });
    return { suffixGiven };
  });
}

/** What a merge takes from the merged client: the profile fields the survivor does not know. */
function fillFrom(survivor: ClientTable, merged: ClientTable): ProfileWrite {
  const clock = JSON.parse(survivor.profile_clock) as ProfileClock;
  const from = JSON.parse(merged.profile_clock) as ProfileClock;
  const changes: ProfileValues = {};
  const take = (field: ProfileField, value: string | number) => {
    (changes as Record<string, unknown>)[field] = value;
    if (from[field]) clock[field] = from[field];
  };
  if (survivor.sex === 'unknown' && merged.sex !== 'unknown') take('sex', merged.sex);
  if (survivor.birth_year === null && merged.birth_year !== null) take('birthYear', merged.birth_year);
  if (survivor.kp === null && merged.kp !== null) take('kp', merged.kp);
  return { changes, clock };
}
