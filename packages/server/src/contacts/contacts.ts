/** Recording a contact, correcting it (a new contact supersedes the old) and voiding it (with a reason) — all audited. */

import {
  addDays,
  type ContactCorrectSyncItem,
  type ContactItem,
  checkItems,
  EARLIEST_CONTACT_DATE,
  type FieldIssue,
  futureDayIssue,
  InputError,
  isIsoDate,
  NotFoundError,
  PHONE_VOID_DAYS,
  PLACE_TYPES,
  type PlaceType,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { clientToServe, orgAllowed, orgsFor, siteFor, unitInScope } from '../clients/client-access.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { requireEpisodeForDose } from '../ost/ost-episodes.js';
import { programmeSettings } from '../programme/programme-settings.js';
import { prepared } from '../store/prepared.js';
import type { ContactTable, Database } from '../store/schema.js';
import { writeTransaction } from '../store/transactions.js';
import { deactivateContact, insertContacts, type NewContact, type WriterContext } from './contact-writer.js';

export const VOID_REASONS = [
  'entered_in_error',
  'duplicate_entry',
  'wrong_client',
  'wrong_site',
  'test_record',
] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export interface ContactInput {
  /** Client-made id (offline devices); the server makes one otherwise. */
  id?: string;
  clientId: string;
  siteCode: string;
  date: string;
  time?: string | null;
  placeType: PlaceType;
  items: ContactItem[];
}

export function writerContext(s: Services): WriterContext {
  return {
    dialect: s.dialect,
    now: s.now,
    followUpDays: async (db, orgId) => (await programmeSettings(db, orgId)).referralFollowUpDays,
    ostLostAfterDays: async (db, orgId) => (await programmeSettings(db, orgId)).ostLostAfterDays,
  };
}

/** The checks every way of recording shares: a real date not in the future, a known place, items the catalogue knows. */
export async function checkContactInput(
  s: Services,
  orgId: string,
  input: Pick<ContactInput, 'date' | 'time' | 'placeType' | 'items'>,
): Promise<void> {
  const issues: FieldIssue[] = [];
  const today = toIsoDate(s.now());
  if (!isIsoDate(input.date))
    issues.push({
      field: 'date',
      value: input.date,
      rule: 'format',
      message: 'Give a real date as YYYY-MM-DD',
    });
  else if (futureDayIssue('date', input.date, today)) issues.push(futureDayIssue('date', input.date, today)!);
  else if (input.date < EARLIEST_CONTACT_DATE)
    issues.push({
      field: 'date',
      value: input.date,
      rule: 'min',
      message: `The date is before ${EARLIEST_CONTACT_DATE}`,
    });
  if (input.time && !/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time))
    issues.push({
      field: 'time',
      value: input.time,
      rule: 'format',
      message: 'Give the time as HH:MM (24 hours)',
    });
  if (!(PLACE_TYPES as readonly string[]).includes(input.placeType)) {
    issues.push({
      field: 'placeType',
      value: input.placeType,
      rule: 'enum',
      message: `Allowed: ${PLACE_TYPES.join(', ')}`,
    });
  }
  issues.push(...checkItems(input.items, (await programmeSettings(s.db, orgId)).catalogueExtra));
  if (issues.length) throw new InputError(issues);
}

const staffCodeOf = prepared((db, userId: string) =>
  db.selectFrom('users').select('staff_code').where('id', '=', userId),
);

async function staffCode(s: Services, actor: Actor): Promise<string | null> {
  if (!actor.userId) return null;
  return (await staffCodeOf(s.db, actor.userId))[0]?.staff_code ?? null;
}

export async function recordContact(
  s: Services,
  actor: Actor,
  input: ContactInput,
): Promise<{ id: string; duplicate: boolean }> {
  const site = await siteFor(s, actor, input.siteCode, 'contact.write');
  const client = await clientToServe(s, input.clientId, site);
  await checkContactInput(s, site.org_id, input);
  // In the console a dose never opens an episode silently (imports and phones keep the old rule).
  await requireEpisodeForDose(
    s.db,
    { id: client.merged_into ?? client.id, org_id: site.org_id },
    input.date,
    input.items,
  );
  const id = input.id ?? uuidv7();
  const contact: NewContact = {
    id,
    orgId: site.org_id,
    // A merged client's contacts go to the person they were merged into.
    clientId: client.merged_into ?? client.id,
    siteId: site.id,
    date: input.date,
    time: input.time ?? null,
    placeType: input.placeType,
    workerId: actor.userId,
    workerCode: await staffCode(s, actor),
    items: input.items,
    source: 'console',
    externalId: null,
    supersedesId: null,
    deviceId: null,
    createdBy: actor.userId,
  };
  const inserted = await writeTransaction(s, async (trx) => {
    const ids = await insertContacts(trx, writerContext(s), [contact]);
    if (ids.size) {
      await s.audit.record(trx, actor, {
        action: 'contact.recorded',
        entityType: 'contact',
        entityId: id,
        orgUnitId: site.id,
        orgId: site.org_id,
        details: { client: contact.clientId, items: input.items.map((i) => i.code) },
      });
    }
    return ids;
  });
  return { id, duplicate: inserted.size === 0 };
}

async function contactFor(s: Services, actor: Actor, id: string): Promise<ContactTable> {
  const c = await s.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  // Changed only from a subtree that holds the site it was recorded at.
  if (
    !c ||
    !orgAllowed(await orgsFor(s.db, actor, 'contact.correct'), c.org_id) ||
    !(await unitInScope(s.db, actor, c.site_id, 'contact.correct'))
  )
    throw new NotFoundError('Contact');
  if (!c.active) {
    throw new InputError({
      field: 'id',
      rule: 'inactive',
      message: c.voided_at
        ? 'This contact was voided already'
        : 'This contact was already corrected; correct the newest version',
    });
  }
  return c;
}

/** A correction is a new contact that supersedes the old one; the old stays, marked, for the audit trail. */
export async function correctContact(
  s: Services,
  actor: Actor,
  id: string,
  input: Omit<ContactInput, 'clientId'>,
): Promise<{ id: string }> {
  const old = await contactFor(s, actor, id);
  const site = await siteFor(s, actor, input.siteCode, 'contact.correct');
  if (site.org_id !== old.org_id)
    throw new InputError({
      field: 'siteCode',
      value: input.siteCode,
      rule: 'organisation',
      message: 'A correction stays in the same organisation',
    });
  await checkContactInput(s, site.org_id, input);
  const newId = input.id ?? uuidv7();
  await writeTransaction(s, async (trx) => {
    await deactivateContact(trx, writerContext(s), old, { supersededBy: newId });
    await insertContacts(trx, writerContext(s), [
      {
        id: newId,
        orgId: old.org_id,
        clientId: old.client_id,
        siteId: site.id,
        date: input.date,
        time: input.time ?? null,
        placeType: input.placeType,
        workerId: old.worker_id,
        workerCode: old.worker_code,
        items: input.items,
        source: 'console',
        externalId: null,
        supersedesId: old.id,
        deviceId: null,
        createdBy: actor.userId,
      },
    ]);
    await s.audit.record(trx, actor, {
      action: 'contact.corrected',
      entityType: 'contact',
      entityId: newId,
      orgUnitId: site.id,
      orgId: old.org_id,
      details: { supersedes: old.id, client: old.client_id },
    });
  });
  return { id: newId };
}

/** What became of a phone's request to take back one of its contacts. */
export type PhoneVoidOutcome = 'voided' | 'already_voided';

/**
 * A phone takes back a contact it recorded itself, within PHONE_VOID_DAYS of recording it (an undo
 * after the contact was sent, or a void from its recent contacts). Only the phone that recorded it
 * may, so a worker cannot void anyone else's work from the field; the console voids the rest.
 * Voiding one already voided answers `already_voided` (a retried push changes nothing).
 * `alsoInTransaction` records the sync item in the same transaction (no crash window).
 */
export async function voidContactFromPhone(
  s: Services,
  actor: Actor,
  device: { id: string; org_id: string },
  contactId: string,
  reason: VoidReason,
  alsoInTransaction?: (trx: Kysely<Database>, outcome: PhoneVoidOutcome) => Promise<void>,
): Promise<PhoneVoidOutcome> {
  const c = await phoneOwnContact(s, device, contactId, 'voided');
  if (c.voided_at) {
    if (alsoInTransaction) await writeTransaction(s, (trx) => alsoInTransaction(trx, 'already_voided'));
    return 'already_voided';
  }
  await writeTransaction(s, async (trx) => {
    await deactivateContact(trx, writerContext(s), c, { voidReason: reason });
    await s.audit.record(trx, actor, {
      action: 'contact.voided',
      entityType: 'contact',
      entityId: contactId,
      orgUnitId: c.site_id,
      orgId: c.org_id,
      details: { reason, client: c.client_id, device: device.id },
    });
    await alsoInTransaction?.(trx, 'voided');
  });
  return 'voided';
}

/**
 * A contact this phone recorded, still its to change from the field: recorded within
 * PHONE_VOID_DAYS and not since corrected in the console. Another phone's contact is answered as
 * unknown, like one that does not exist. A voided one is returned as it is (voiding twice is a no-op).
 */
async function phoneOwnContact(
  s: Services,
  device: { id: string; org_id: string },
  contactId: string,
  what: 'voided' | 'corrected',
): Promise<ContactTable> {
  let c = await s.db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
  if (!c || c.org_id !== device.org_id || c.device_id !== device.id) throw new NotFoundError('Contact');
  // Corrected since by this same phone (a correction that went in a batch the worker did not know
  // had left): the newest version is the one meant. A console correction is not followed.
  for (let hops = 0; c.superseded_by && hops < 20; hops++) {
    const next = await s.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', c.superseded_by)
      .executeTakeFirst();
    if (!next || next.device_id !== device.id) break;
    c = next;
  }
  if (c.voided_at && what === 'voided') return c;
  if (!c.active)
    throw new InputError({
      field: 'contactId',
      rule: 'inactive',
      message: c.voided_at
        ? 'This contact was taken back since; record it again instead'
        : 'This contact was corrected in the console since; ask your site manager to change it there',
    });
  if (addDays(c.created_at.slice(0, 10), PHONE_VOID_DAYS) < toIsoDate(s.now()))
    throw new InputError({
      field: 'contactId',
      rule: 'too_old',
      message: `Contacts older than ${PHONE_VOID_DAYS} days are ${what} in the console; ask your site manager`,
    });
  return c;
}

/**
 * A phone corrects a contact it recorded (within PHONE_VOID_DAYS): the new contact, with the sync
 * item's id, supersedes the old, as a correction in the console does; the history keeps both. The
 * sync item is recorded in the same transaction, so a retried push finds it done.
 */
export async function correctContactFromPhone(
  s: Services,
  actor: Actor,
  device: { id: string; org_id: string },
  item: ContactCorrectSyncItem,
  alsoInTransaction?: (trx: Kysely<Database>) => Promise<void>,
): Promise<void> {
  const old = await phoneOwnContact(s, device, item.contactId, 'corrected');
  const site = await siteFor(s, actor, item.siteCode, 'contact.write');
  if (site.org_id !== old.org_id)
    throw new InputError({
      field: 'siteCode',
      value: item.siteCode,
      rule: 'organisation',
      message: 'A correction stays in the same organisation',
    });
  const input = { date: item.date, time: item.time, placeType: item.placeType, items: item.items };
  await checkContactInput(s, site.org_id, input);
  await writeTransaction(s, async (trx) => {
    await deactivateContact(trx, writerContext(s), old, { supersededBy: item.id });
    await insertContacts(trx, writerContext(s), [
      {
        id: item.id,
        orgId: old.org_id,
        clientId: old.client_id,
        siteId: site.id,
        date: item.date,
        time: item.time ?? null,
        placeType: item.placeType,
        workerId: old.worker_id,
        workerCode: old.worker_code,
        items: item.items,
        source: 'sync',
        externalId: null,
        supersedesId: old.id,
        deviceId: device.id,
        createdBy: actor.userId,
      },
    ]);
    await s.audit.record(trx, actor, {
      action: 'contact.corrected',
      entityType: 'contact',
      entityId: item.id,
      orgUnitId: site.id,
      orgId: old.org_id,
      details: { supersedes: old.id, client: old.client_id, device: device.id },
    });
    await alsoInTransaction?.(trx);
  });
}

export async function voidContact(s: Services, actor: Actor, id: string, reason: VoidReason): Promise<void> {
  if (!(VOID_REASONS as readonly string[]).includes(reason)) {
    throw new InputError({
      field: 'reason',
      value: reason,
      rule: 'enum',
      message: `Allowed: ${VOID_REASONS.join(', ')}`,
    });
  }
  const c = await contactFor(s, actor, id);
  await writeTransaction(s, async (trx) => {
    await deactivateContact(trx, writerContext(s), c, { voidReason: reason });
    await s.audit.record(trx, actor, {
      action: 'contact.voided',
      entityType: 'contact',
      entityId: id,
      orgUnitId: c.site_id,
      orgId: c.org_id,
      details: { reason, client: c.client_id },
    });
  });
}
