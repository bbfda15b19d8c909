/**
 * Sync push: a device sends a batch of items it made offline. Each item is applied exactly once (by its
 * own id), answered on its own (accepted, duplicate or rejected with a reason the worker can act on),
 * and one bad item never costs the rest of the batch.
 *
 * A push goes in three steps, so that the server can write several phones' pushes in one transaction
 * when they arrive together (push-queue.ts): `preparePush` checks it (reads only), `writePushes`
 * writes the enrolments and contacts of one or more prepared pushes with their devices' tallies in one
 * transaction, and `finishPush` applies the rarer kinds one by one and answers.
 */

import type { ContactSyncItem, ItemResult, SyncItem } from '@harbour/core';
import { syncItem } from '@harbour/core';
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../audit/audit-log.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import type { Database } from '../store/schema.js';
import { chunks } from '../store/sql-helpers.js';
import { writeTransaction } from '../store/transactions.js';
import {
  type ContactPlan,
  checkContacts,
  contactsToWrite,
  type EnrolmentPlan,
  type PushContacts,
  planEnrolment,
  writeContacts,
  writeEnrolments,
} from './push-batched.js';
import { type PushContext, type PushInput, reasonOf } from './push-common.js';
import {
  applyCorrection,
  applyOverdose,
  applyProfile,
  applyRightsCase,
  applyVoid,
} from './push-one-by-one.js';
import { PushQueue } from './push-queue.js';

export type { PushContext, PushInput } from './push-common.js';

export interface PushAnswer {
  results: ItemResult[];
  serverTime: string;
}

/** A push checked and ready to write. */
export interface PreparedPush {
  ctx: PushContext;
  input: PushInput;
  /** The items' ids in the order sent: the answers come back in it. */
  order: string[];
  results: Map<string, ItemResult>;
  enrolments: EnrolmentPlan[];
  contacts: ContactPlan[];
  staff: string | null;
  /** The rarer kinds, applied after the write one by one. */
  later: SyncItem[];
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

async function staffCodeOf(s: Services, actor: Actor): Promise<string | null> {
  if (!actor.userId) return null;
  return (
    (await s.db.selectFrom('users').select('staff_code').where('id', '=', actor.userId).executeTakeFirst())
      ?.staff_code ?? null
  );
}

/** The device's last sync and running tallies; `accepted` counts duplicates too (the item is applied). */
async function tallyDevice(
  db: Kysely<Database>,
  s: Services,
  ctx: PushContext,
  input: PushInput,
  results: readonly ItemResult[],
): Promise<void> {
  const accepted = results.filter((r) => r.status !== 'rejected').length;
  await db
    .updateTable('devices')
    .set((eb) => ({
      last_sync_at: s.now().toISOString(),
      app_version: input.appVersion,
      pending: input.pending,
      accepted: eb('accepted', '+', accepted),
      rejected: eb('rejected', '+', results.length - accepted),
    }))
    .where('id', '=', ctx.device.id)
    .execute();
}

export async function preparePush(s: Services, ctx: PushContext, input: PushInput): Promise<PreparedPush> {
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

  const enrolments: EnrolmentPlan[] = [];
  for (const item of fresh) {
    if (item.kind !== 'client.enrol') continue;
    try {
      const plan = await planEnrolment(s, ctx, item);
      if ('hash' in plan) enrolments.push(plan);
      else results.set(item.id, plan);
    } catch (e) {
      results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
    }
  }
  const contacts = await checkContacts(
    s,
    ctx,
    fresh.filter((i): i is ContactSyncItem => i.kind === 'contact.record'),
    new Set(enrolments.map((e) => e.item.id)),
  );
  for (const r of contacts.rejected) results.set(r.id, r);
  return {
    ctx,
    input,
    order,
    results,
    enrolments,
    contacts: contacts.plans,
    staff: contacts.plans.length ? await staffCodeOf(s, ctx.actor) : null,
    later: fresh.filter((i) => i.kind !== 'client.enrol' && i.kind !== 'contact.record'),
  };
}

/**
 * Writes prepared pushes in one transaction: each push's enrolments (before the contacts that name
 * them), every push's contacts in one insert, each device's tallies. One commit for them all — the
 * end-of-day storm is hundreds of pushes queued for the database's one writer.
 */
export async function writePushes(s: Services, pushes: readonly PreparedPush[]): Promise<void> {
  await writeTransaction(s, async (trx) => {
    const contacts: PushContacts[] = [];
    const audit: AuditEntry[] = [];
    for (const p of pushes) {
      const enrolled = await writeEnrolments(s, trx, p.ctx, p.enrolments);
      for (const r of enrolled.results) p.results.set(r.id, r);
      audit.push(...enrolled.audit);
      contacts.push(contactsToWrite(p.ctx, p.contacts, enrolled.enrolled, p.staff));
    }
    const written = await writeContacts(s, trx, contacts);
    audit.push(...written.audit);
    for (const [i, p] of pushes.entries()) {
      for (const r of written.results[i]!) p.results.set(r.id, r);
      const laterIds = new Set(p.later.map((item) => item.id));
      await tallyDevice(
        trx,
        s,
        p.ctx,
        p.input,
        p.order.filter((id) => !laterIds.has(id)).map((id) => p.results.get(id)!),
      );
    }
    // Last, once for the group: the chain's head is then locked for the shortest time, and after
    // every row the transaction changes, as console writes take them.
    await s.audit.append(trx, audit);
  });
}

/**
 * The rarer kinds, one by one in their own transactions after the write: profile edits, rights cases,
 * overdoses; then corrections and take-backs (a contact recorded, or corrected, and taken back in one
 * batch is written, then voided).
 */
export async function finishPush(s: Services, p: PreparedPush): Promise<PushAnswer> {
  const answer = () => ({
    results: p.order.map((id) => p.results.get(id)!),
    serverTime: s.now().toISOString(),
  });
  if (p.later.length === 0) return answer();
  const { ctx } = p;
  const steps: { [K in SyncItem['kind']]?: (item: Extract<SyncItem, { kind: K }>) => Promise<ItemResult> } = {
    'client.update': (item) => applyProfile(s, ctx, item),
    'rights.case': (item) => applyRightsCase(s, ctx, item),
    'overdose.record': (item) => applyOverdose(s, ctx, item),
    'contact.correct': (item) => applyCorrection(s, ctx, item),
    'contact.void': (item) => applyVoid(s, ctx, item),
  };
  for (const kind of Object.keys(steps) as SyncItem['kind'][]) {
    const apply = steps[kind] as (item: SyncItem) => Promise<ItemResult>;
    for (const item of p.later) {
      if (item.kind !== kind) continue;
      try {
        p.results.set(item.id, await apply(item));
      } catch (e) {
        p.results.set(item.id, { id: item.id, status: 'rejected', ...reasonOf(e) });
      }
    }
  }
  await writeTransaction(s, (trx) =>
    tallyDevice(
      trx,
      s,
      ctx,
      p.input,
      p.later.map((i) => p.results.get(i.id)!),
    ),
  );
  return answer();
}

/** One push on its own (the queue writes several together when they arrive at once). */
export async function pushItems(s: Services, ctx: PushContext, input: PushInput): Promise<PushAnswer> {
  const p = await preparePush(s, ctx, input);
  await writePushes(s, [p]);
  return finishPush(s, p);
}

export type PushQueueOf = PushQueue<{ ctx: PushContext; input: PushInput }, PreparedPush, PushAnswer>;

/** The server's queue of pushes, writing up to `atOnce` groups at a time (0: each push alone, at once). */
export function pushQueueFor(s: Services, atOnce: number): PushQueueOf {
  return new PushQueue(
    {
      key: ({ ctx }) => ctx.device.id,
      size: ({ input }) => input.items.length,
      prepare: ({ ctx, input }) => preparePush(s, ctx, input),
      write: (group) => writePushes(s, group),
      finish: (prepared) => finishPush(s, prepared),
    },
    atOnce,
  );
}
