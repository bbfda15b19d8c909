/**
 * The evening's usual items — enrolments and contacts — checked before the transaction, then written
 * for one push or several together (see push-queue.ts): the contacts of every push in one insert, the
 * way an import writes them.
 */

import {
  type ContactSyncItem,
  type EnrolSyncItem,
  type ItemResult,
  parseUic,
  type SyncItem,
} from '@harbour/core';
import type { Transaction } from 'kysely';
import type { ActorEntry, AuditEntry } from '../audit/audit-log.js';
import { siteFor } from '../clients/client-access.js';
import { enrolFromPhone, type PhoneEnrolment, phoneCodeHash } from '../clients/phone-enrolment.js';
import { insertContacts, type NewContact } from '../contacts/contact-writer.js';
import { checkContactInput, writerContext } from '../contacts/contacts.js';
import type { Services } from '../context.js';
import type { ClientTable, Database, OrgUnitTable } from '../store/schema.js';
import { inSavepoint } from '../store/transactions.js';
import { type PushContext, reasonOf, remember, resolveClients } from './push-common.js';

/** An enrolment made offline, checked before the transaction that writes it. */
export interface EnrolmentPlan {
  item: EnrolSyncItem;
  enrolment: PhoneEnrolment;
  hash: string;
}

/** A contact checked before the transaction. */
export interface ContactPlan {
  item: ContactSyncItem;
  site: OrgUnitTable & { org_id: string };
  /** Who the client was before this push; undefined when the push enrols them (found in the transaction). */
  client?: ClientTable;
}

/** Where a client enrolled by a push lives: their own id, or the id of someone enrolled first. */
export type Enrolled = ReadonlyMap<string, { clientId: string; orgId: string }>;

const UNKNOWN_CLIENT = 'The client of this contact is not known on the server; sync their enrolment first.';

export async function planEnrolment(
  s: Services,
  ctx: PushContext,
  item: EnrolSyncItem,
): Promise<EnrolmentPlan | ItemResult> {
  const site = await siteFor(s, ctx.actor, item.siteCode, 'client.write');
  const parsed = parseUic(item.uic);
  if (!parsed.ok) return { id: item.id, status: 'rejected', reason: parsed.issue.message, field: 'uic' };
  return {
    item,
    hash: await phoneCodeHash(s, site.org_id, parsed.uic),
    enrolment: {
      id: item.id,
      site,
      code: parsed.uic,
      sex: item.sex,
      birthYear: item.birthYear,
      kp: item.kp,
      at: item.at,
      deviceId: ctx.device.id,
    },
  };
}

/**
 * Contacts checked one by one before the transaction: the site, the client, the checks every way of
 * recording shares. `enrolling` holds the ids the same push enrols: their clients are found later.
 */
export async function checkContacts(
  s: Services,
  ctx: PushContext,
  items: ContactSyncItem[],
  enrolling: ReadonlySet<string>,
): Promise<{ rejected: ItemResult[]; plans: ContactPlan[] }> {
  const rejected: ItemResult[] = [];
  const plans: ContactPlan[] = [];
  if (items.length === 0) return { rejected, plans };
  const clients = await resolveClients(
    s,
    ctx.actor,
    items.map((i) => i.clientId).filter((id) => !enrolling.has(id)),
  );
  const sites = new Map<string, Awaited<ReturnType<typeof siteFor>> | Error>();
  for (const item of items) {
    try {
      let site = sites.get(item.siteCode);
      if (!site) {
        site = await siteFor(s, ctx.actor, item.siteCode, 'contact.write').catch((e: Error) => e);
        sites.set(item.siteCode, site);
      }
      if (site instanceof Error) {
        rejected.push({
          id: item.id,
          status: 'rejected',
          field: 'siteCode',
          reason: `You may no longer record at site ${item.siteCode}. Ask your site manager to give you access again, then sync.`,
        });
        continue;
      }
      const client = clients.get(item.clientId);
      if (!enrolling.has(item.clientId) && (!client || client.org_id !== site.org_id)) {
        rejected.push({ id: item.id, status: 'rejected', field: 'clientId', reason: UNKNOWN_CLIENT });
        continue;
      }
      await checkContactInput(s, site.org_id, item);
      plans.push({ item, site, client });
    } catch (e) {
      rejected.push({ id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  return { rejected, plans };
}

/** A push's enrolments, each undone alone if it fails; answers where each enrolled client lives. */
export async function writeEnrolments(
  s: Services,
  trx: Transaction<Database>,
  ctx: PushContext,
  plans: readonly EnrolmentPlan[],
): Promise<{ results: ItemResult[]; enrolled: Enrolled; audit: AuditEntry[] }> {
  const results: ItemResult[] = [];
  const audit: AuditEntry[] = [];
  const enrolled = new Map<string, { clientId: string; orgId: string }>();
  const done: { item: SyncItem; result: ItemResult }[] = [];
  for (const { item, enrolment, hash } of plans) {
    try {
      const { clientId, audit: entry } = await inSavepoint(trx, () =>
        enrolFromPhone(s, trx, ctx.actor, enrolment, hash),
      );
      audit.push(asActor(ctx, entry));
      const result: ItemResult = { id: item.id, status: 'accepted', clientId };
      enrolled.set(item.id, { clientId, orgId: enrolment.site.org_id });
      done.push({ item, result });
      results.push(result);
    } catch (e) {
      results.push({ id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  if (done.length) await remember(trx, s.dialect, ctx, s.now().toISOString(), done);
  return { results, enrolled, audit };
}

/** One push's contacts, made ready to write: who each client now is, or why not. */
export interface PushContacts {
  ctx: PushContext;
  rejected: ItemResult[];
  ready: { item: ContactSyncItem; contact: NewContact }[];
}

export function contactsToWrite(
  ctx: PushContext,
  plans: readonly ContactPlan[],
  enrolled: Enrolled,
  staff: string | null,
): PushContacts {
  const rejected: ItemResult[] = [];
  const ready: PushContacts['ready'] = [];
  for (const { item, site, client } of plans) {
    // A client this push enrolled (or converged with someone enrolled first) is known only now.
    const fresh = client ? undefined : enrolled.get(item.clientId);
    const clientId = client ? (client.merged_into ?? client.id) : fresh?.clientId;
    if (!clientId || (fresh && fresh.orgId !== site.org_id)) {
      rejected.push({ id: item.id, status: 'rejected', field: 'clientId', reason: UNKNOWN_CLIENT });
      continue;
    }
    ready.push({
      item,
      contact: {
        id: item.id,
        orgId: site.org_id,
        clientId,
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
  }
  return { ctx, rejected, ready };
}

/**
 * The contacts of one or more pushes in one insert; each push's items are then remembered as its own.
 * Answers each push's results, in the order given, and its audit entry (one per push names every
 * contact it wrote: the chain stays short at thousands a second) for the caller to append last.
 */
export async function writeContacts(
  s: Services,
  trx: Transaction<Database>,
  pushes: readonly PushContacts[],
): Promise<{ results: ItemResult[][]; audit: AuditEntry[] }> {
  // An id twice in one transaction (two phones sending one contact) is written once; the second
  // is a duplicate, as it would be a moment later.
  const seen = new Set<string>();
  const toWrite: NewContact[] = [];
  const repeated = new Set<{ item: ContactSyncItem }>();
  for (const p of pushes)
    for (const r of p.ready) {
      if (seen.has(r.item.id)) repeated.add(r);
      else {
        seen.add(r.item.id);
        toWrite.push(r.contact);
      }
    }
  const inserted = await insertContacts(trx, writerContext(s), toWrite);
  const at = s.now().toISOString();
  const answers: ItemResult[][] = [];
  const audit: AuditEntry[] = [];
  for (const p of pushes) {
    const accepted = p.ready.map((r) => ({
      item: r.item,
      result: {
        id: r.item.id,
        status: inserted.has(r.item.id) && !repeated.has(r) ? 'accepted' : 'duplicate',
        clientId: r.contact.clientId,
      } satisfies ItemResult,
    }));
    if (accepted.length) {
      await remember(trx, s.dialect, p.ctx, at, accepted);
      const mine = accepted.filter((a) => a.result.status === 'accepted').map((a) => a.item.id);
      audit.push(
        asActor(p.ctx, {
          action: 'contact.synced',
          entityType: 'device',
          entityId: p.ctx.device.id,
          orgId: p.ctx.device.org_id,
          orgUnitId: p.ctx.device.site_id,
          details: { contacts: mine.join(','), count: mine.length },
        }),
      );
    }
    answers.push([...p.rejected, ...accepted.map((a) => a.result)]);
  }
  return { results: answers, audit };
}

function asActor(ctx: PushContext, entry: ActorEntry): AuditEntry {
  return { actorId: ctx.actor.userId, actor: ctx.actor.label, ...entry };
}
