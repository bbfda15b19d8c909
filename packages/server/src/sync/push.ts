/**
 * Sync push: a device sends a batch of items it made offline. Each item is applied exactly once (by its
 * own id), answered on its own (accepted, duplicate or rejected with a reason the worker can act on),
 * and one bad item never costs the rest of the batch.
 */

import {
  type ContactCorrectSyncItem,
  type ContactSyncItem,
  type ContactVoidSyncItem,
  clampStamp,
  type EnrolSyncItem,
  type FieldIssue,
  InputError,
  type ItemResult,
  mergeProfile,
  NotFoundError,
  type OverdoseSyncItem,
  type ProfileClock,
  type ProfileSyncItem,
  parseUic,
  type RightsCaseInput,
  type RightsCaseSyncItem,
  type SyncItem,
  syncItem,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { clientInSubtree, orgAllowed, orgsFor, siteFor } from '../clients/client-access.js';
import { enrolFromPhone } from '../clients/phone-enrolment.js';
import { writeProfile } from '../clients/profile-writes.js';
import { insertContacts, type NewContact } from '../contacts/contact-writer.js';
import {
  checkContactInput,
  correctContactFromPhone,
  type PhoneVoidOutcome,
  voidContactFromPhone,
  writerContext,
} from '../contacts/contacts.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { recordOverdose } from '../overdoses/overdose-events.js';
import { openCapture } from '../rights/capture-key.js';
import { createCase } from '../rights/cases.js';
import type { DialectName } from '../store/database.js';
import type { ClientTable, Database, DeviceTable } from '../store/schema.js';
import { bulkInsert, chunks } from '../store/sql-helpers.js';
import { writeTransaction } from '../store/transactions.js';

export interface PushInput {
  appVersion: string;
  pending: number;
  items: unknown[];
}

export interface PushContext {
  device: DeviceTable;
  actor: Actor;
}

function reasonOf(e: unknown): { reason: string; field?: string } {
  if (e instanceof InputError || (e as { issues?: FieldIssue[] }).issues) {
    const issue = (e as { issues: FieldIssue[] }).issues[0]!;
    return { reason: issue.message, field: issue.field };
  }
  if (e instanceof NotFoundError) return { reason: e.message };
  throw e;
}

/** Items already applied, by id: the same batch pushed again gets the same answers. */
async function alreadyApplied(s: Services, ids: string[]): Promise<Map<string, ItemResult>> {
  const done = new Map<string, ItemResult>();
  for (const chunk of chunks(ids, 500)) {
    for (const r of await s.db
      .selectFrom('sync_items')
      .select(['id', 'result'])
      .where('id', 'in', chunk)
      .execute())
      done.set(r.id, { ...(JSON.parse(r.result) as ItemResult), status: 'duplicate' });
  }
  return done;
}

async function remember(
  trx: Kysely<Database>,
  dialect: DialectName,
  ctx: PushContext,
  at: string,
  rows: { item: SyncItem; result: ItemResult }[],
): Promise<void> {
  // Plain multi-row inserts: Kysely's builder inspected every value of a 500-item batch.
  await bulkInsert(
    trx,
    dialect,
    'sync_items',
    ['id', 'device_id', 'org_id', 'kind', 'status', 'result', 'received_at'],
    rows.map(({ item, result }) => [
      item.id,
      ctx.device.id,
      ctx.device.org_id,
      item.kind,
      result.status,
      JSON.stringify(result),
      at,
    ]),
    'on conflict (id) do nothing',
  );
}

/** An enrolment made offline: the registry enrols, or converges with someone enrolled first. */
async function applyEnrolment(s: Services, ctx: PushContext, item: EnrolSyncItem): Promise<ItemResult> {
  const site = await siteFor(s, ctx.actor, item.siteCode, 'client.write');
  const parsed = parseUic(item.uic);
  if (!parsed.ok) return { id: item.id, status: 'rejected', reason: parsed.issue.message, field: 'uic' };
  const accepted = (clientId: string): ItemResult => ({ id: item.id, status: 'accepted', clientId });
  const clientId = await enrolFromPhone(
    s,
    ctx.actor,
    {
      id: item.id,
      site,
      code: parsed.uic,
      sex: item.sex,
      birthYear: item.birthYear,
      kp: item.kp,
      at: item.at,
      deviceId: ctx.device.id,
    },
    (trx, clientId) =>
      remember(trx, s.dialect, ctx, s.now().toISOString(), [{ item, result: accepted(clientId) }]),
  );
  return accepted(clientId);
}

/** Resolves the id a phone used for a client: its own, an alias of someone enrolled first, or a merged record. */
async function resolveClients(s: Services, actor: Actor, ids: string[]): Promise<Map<string, ClientTable>> {
  const found = new Map<string, ClientTable>();
  const orgs = await orgsFor(s.db, actor, 'client.read');
  for (const chunk of chunks([...new Set(ids)], 500)) {
    const aliases = await s.db
      .selectFrom('client_aliases')
      .select(['alias_id', 'client_id'])
      .where('alias_id', 'in', chunk)
      .execute();
    const target = new Map(chunk.map((id) => [id, id]));
    for (const a of aliases) target.set(a.alias_id, a.client_id);
    const rows = await s.db
      .selectFrom('clients')
      .selectAll()
      .where('id', 'in', [...new Set(target.values())])
      .execute();
    const byId = new Map(rows.filter((r) => orgAllowed(orgs, r.org_id)).map((r) => [r.id, r]));
    for (const [from, to] of target) {
      const c = byId.get(to);
      if (c) found.set(from, c);
    }
  }
  return found;
}

async function applyProfile(s: Services, ctx: PushContext, item: ProfileSyncItem): Promise<ItemResult> {
  const found = (await resolveClients(s, ctx.actor, [item.clientId])).get(item.clientId);
  // A profile is changed only from a subtree that holds one of the client's sites.
  const client = found && (await clientInSubtree(s.db, ctx.actor, found, 'client.write')) ? found : undefined;
  if (!client)
    return {
      id: item.id,
      status: 'rejected',
      reason: 'This client is not known on the server yet',
      field: 'clientId',
    };
  const now = s.now();
  const stamp = clampStamp(item.at, now.getTime());
  const incoming: Record<string, unknown> = {};
  const clock: ProfileClock = {};
  for (const f of ['sex', 'birthYear', 'kp'] as const)
    if (item[f] !== undefined) {
      incoming[f] = item[f];
      clock[f] = stamp;
    }
  const merged = mergeProfile(
    { sex: client.sex, birthYear: client.birth_year, kp: client.kp },
    JSON.parse(client.profile_clock) as ProfileClock,
    incoming,
    clock,
  );
  const result: ItemResult = { id: item.id, status: 'accepted', clientId: client.merged_into ?? client.id };
  await writeTransaction(s, async (trx) => {
    await writeProfile(trx, client.id, merged, now.toISOString());
    await s.audit.record(trx, ctx.actor, {
      action: 'client.updated',
      entityType: 'client',
      entityId: client.id,
      orgId: client.org_id,
      details: { fields: Object.keys(merged.changes).join(','), device: ctx.device.id },
    });
    await remember(trx, s.dialect, ctx, now.toISOString(), [{ item, result }]);
  });
  return result;
}

/** A case captured in the field: opened with the organisation's private key and recorded as the worker. */
async function applyRightsCase(s: Services, ctx: PushContext, item: RightsCaseSyncItem): Promise<ItemResult> {
  let input: unknown;
  try {
    input = await openCapture(s, ctx.device.org_id, item.sealed, item.id);
  } catch {
    return {
      id: item.id,
      status: 'rejected',
      reason: 'This case could not be opened on the server (sealed with an old key). Tell your site manager.',
    };
  }
  const result: ItemResult = { id: item.id, status: 'accepted' };
  // The case and the record that its item was applied commit together: a crash between two
  // transactions left a case whose every retry failed on its id, and the phone stuck.
  await createCase(s, ctx.actor, input as RightsCaseInput, {
    id: item.id,
    source: 'field',
    alsoInTransaction: (trx) => remember(trx, s.dialect, ctx, s.now().toISOString(), [{ item, result }]),
  });
  return result;
}

/** An overdose the worker responded to; a client named by the phone's id for them (an alias or a merged record). */
async function applyOverdose(s: Services, ctx: PushContext, item: OverdoseSyncItem): Promise<ItemResult> {
  let clientId: string | null = null;
  if (item.clientId) {
    const client = (await resolveClients(s, ctx.actor, [item.clientId])).get(item.clientId);
    if (!client)
      return {
        id: item.id,
        status: 'rejected',
        field: 'clientId',
        reason: 'The client of this overdose is not known on the server; sync their enrolment first.',
      };
    clientId = client.merged_into ?? client.id;
  }
  const { kind: _kind, id, ...fields } = item;
  const result: ItemResult = { id, status: 'accepted' };
  await recordOverdose(
    s,
    ctx.actor,
    { ...fields, clientId },
    {
      id,
      source: 'field',
      deviceId: ctx.device.id,
      alsoInTransaction: (trx) => remember(trx, s.dialect, ctx, s.now().toISOString(), [{ item, result }]),
    },
  );
  return result;
}

/** A phone taking back a contact it recorded: voided, and the item remembered, in one transaction. */
async function applyVoid(s: Services, ctx: PushContext, item: ContactVoidSyncItem): Promise<ItemResult> {
  const at = s.now().toISOString();
  const resultOf = (outcome: PhoneVoidOutcome): ItemResult => ({
    id: item.id,
    status: outcome === 'voided' ? 'accepted' : 'duplicate',
  });
  const outcome = await voidContactFromPhone(
    s,
    ctx.actor,
    ctx.device,
    item.contactId,
    item.reason,
    (trx, o) => remember(trx, s.dialect, ctx, at, [{ item, result: resultOf(o) }]),
  );
  return resultOf(outcome);
}

/** A phone correcting a contact it recorded: the new contact and the item remembered in one transaction. */
async function applyCorrection(
  s: Services,
  ctx: PushContext,
  item: ContactCorrectSyncItem,
): Promise<ItemResult> {
  const result: ItemResult = { id: item.id, status: 'accepted' };
  await correctContactFromPhone(s, ctx.actor, ctx.device, item, (trx) =>
    remember(trx, s.dialect, ctx, s.now().toISOString(), [{ item, result }]),
  );
  return result;
}

/** Contacts: checked one by one, then written together in one transaction (the fast path imports use). */
async function applyContacts(s: Services, ctx: PushContext, items: ContactSyncItem[]): Promise<ItemResult[]> {
  if (items.length === 0) return [];
  const results: ItemResult[] = [];
  const clients = await resolveClients(
    s,
    ctx.actor,
    items.map((i) => i.clientId),
  );
  const sites = new Map<string, Awaited<ReturnType<typeof siteFor>> | Error>();
  const staff = ctx.actor.userId
    ? ((
        await s.db
          .selectFrom('users')
          .select('staff_code')
          .where('id', '=', ctx.actor.userId)
          .executeTakeFirst()
      )?.staff_code ?? null)
    : null;
  const good: { item: ContactSyncItem; contact: NewContact }[] = [];
  for (const item of items) {
    try {
      let site = sites.get(item.siteCode);
      if (!site) {
        site = await siteFor(s, ctx.actor, item.siteCode, 'contact.write').catch((e: Error) => e);
        sites.set(item.siteCode, site);
      }
      if (site instanceof Error) {
        results.push({
          id: item.id,
          status: 'rejected',
          field: 'siteCode',
          reason: `You may no longer record at site ${item.siteCode}. Ask your site manager to give you access again, then sync.`,
        });
        continue;
      }
      const client = clients.get(item.clientId);
      if (!client || client.org_id !== site.org_id) {
        results.push({
          id: item.id,
          status: 'rejected',
          field: 'clientId',
          reason: 'The client of this contact is not known on the server; sync their enrolment first.',
        });
        continue;
      }
      await checkContactInput(s, site.org_id, item);
      good.push({
        item,
        contact: {
          id: item.id,
          orgId: site.org_id,
          clientId: client.merged_into ?? client.id,
          siteId: site.id,
          date: item.date,
          time: item.time,
          placeType: item.placeType,
          workerId: ctx.actor.userId,
          workerCode: staff,
          items: item.items,
          source: 'sync',
          externalId: null,
          supersedesId: null,
          deviceId: ctx.device.id,
          createdBy: ctx.actor.userId,
        },
      });
    } catch (e) {
      results.push({ id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  if (good.length) {
    const at = s.now().toISOString();
    await writeTransaction(s, async (trx) => {
      const inserted = await insertContacts(
        trx,
        writerContext(s),
        good.map((g) => g.contact),
      );
      const accepted = good.map(({ item, contact }) => ({
        item,
        result: {
          id: item.id,
          status: inserted.has(item.id) ? 'accepted' : 'duplicate',
          clientId: contact.clientId,
        } satisfies ItemResult,
      }));
      await remember(trx, s.dialect, ctx, at, accepted);
      // One entry per batch names every contact written: the chain stays short at thousands per second.
      await s.audit.record(trx, ctx.actor, {
        action: 'contact.synced',
        entityType: 'device',
        entityId: ctx.device.id,
        orgId: ctx.device.org_id,
        orgUnitId: ctx.device.site_id,
        details: { contacts: [...inserted].join(','), count: inserted.size },
      });
      results.push(...accepted.map((a) => a.result));
    });
  }
  return results;
}

export async function pushItems(
  s: Services,
  ctx: PushContext,
  input: PushInput,
): Promise<{ results: ItemResult[]; serverTime: string }> {
  const results = new Map<string, ItemResult>();
  const order: string[] = [];
  const valid: SyncItem[] = [];
  for (const raw of input.items) {
    const parsed = syncItem.safeParse(raw);
    const id =
      typeof (raw as { id?: unknown })?.id === 'string'
        ? String((raw as { id: string }).id).slice(0, 40)
        : '?';
    order.push(id);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      results.set(id, {
        id,
        status: 'rejected',
        field: issue.path.join('.'),
        reason: `This item is not in a form the server understands (${issue.path.join('.') || 'item'}: ${issue.message}). Update the app.`,
      });
    } else valid.push(parsed.data);
  }
  const done = await alreadyApplied(
    s,
    valid.map((v) => v.id),
  );
  for (const [id, r] of done) results.set(id, r);
  const fresh = valid.filter((v) => !done.has(v.id));
  // Enrolments before the contacts that name them; profile edits after enrolments.
  for (const item of fresh) {
    if (item.kind !== 'client.enrol') continue;
    try {
      results.set(item.id, await applyEnrolment(s, ctx, item));
    } catch (e) {
      results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  for (const item of fresh) {
    if (item.kind !== 'client.update') continue;
    try {
      results.set(item.id, await applyProfile(s, ctx, item));
    } catch (e) {
      results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  for (const item of fresh) {
    if (item.kind !== 'rights.case') continue;
    try {
      results.set(item.id, await applyRightsCase(s, ctx, item));
    } catch (e) {
      results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  for (const item of fresh) {
    if (item.kind !== 'overdose.record') continue;
    try {
      results.set(item.id, await applyOverdose(s, ctx, item));
    } catch (e) {
      results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  for (const r of await applyContacts(
    s,
    ctx,
    fresh.filter((i): i is ContactSyncItem => i.kind === 'contact.record'),
  ))
    results.set(r.id, r);
  // After the contacts, corrections; then voids (a contact recorded, or corrected, and taken back in
  // one batch is written, then voided).
  for (const item of fresh) {
    if (item.kind !== 'contact.correct') continue;
    try {
      results.set(item.id, await applyCorrection(s, ctx, item));
    } catch (e) {
      results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  for (const item of fresh) {
    if (item.kind !== 'contact.void') continue;
    try {
      results.set(item.id, await applyVoid(s, ctx, item));
    } catch (e) {
      results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  const list = order.map((id) => results.get(id)!);
  const accepted = list.filter((r) => r.status !== 'rejected').length;
  await s.db
    .updateTable('devices')
    .set((eb) => ({
      last_sync_at: s.now().toISOString(),
      app_version: input.appVersion,
      pending: input.pending,
      accepted: eb('accepted', '+', accepted),
      rejected: eb('rejected', '+', list.length - accepted),
    }))
    .where('id', '=', ctx.device.id)
    .execute();
  return { results: list, serverTime: s.now().toISOString() };
}
