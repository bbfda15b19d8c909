/**
 * The one path by which contacts enter or leave the record — console, API, register import and field
 * sync alike — so that everything derived from contacts (the projections in `projections/`: client
 * dates, clinical events, referrals, rollups, HIV milestones, OST episodes, stock handed out) changes
 * in the same transaction as the contact itself. Reports read only what the projections keep.
 */

import { type ContactSummary, clinicalEvents, summarise } from '@harbour/core';
import { CONTACT_QUANTITIES, type ContactTable } from '../store/schema.js';
import { chunks, insertNew, Writes } from '../store/sql-helpers.js';
import { contactDates } from './projections/dates.js';
import { clinicalEventsProjection } from './projections/events.js';
import { hivMilestones } from './projections/hiv.js';
import { ostEpisodes } from './projections/ost.js';
import type { Db, NewContact, Projection, WriterContext } from './projections/projection.js';
import { issuedReferrals } from './projections/referrals.js';
import { rollups } from './projections/rollups.js';
import { stockDistributed } from './projections/stock.js';

export { rebuildPersonDates } from './projections/dates.js';
export { rederiveOstEpisodes } from './projections/ost.js';
export type { NewContact, WriterContext } from './projections/projection.js';
export { repointPersonRollups } from './projections/rollups.js';

/**
 * Every projection, in the order they change: clinical events before what is read from them (HIV
 * milestones, OST episodes); stock last (see stock.ts).
 */
export const PROJECTIONS: readonly Projection[] = [
  contactDates,
  clinicalEventsProjection,
  issuedReferrals,
  rollups,
  hivMilestones,
  ostEpisodes,
  stockDistributed,
];

/** The `contacts` columns, in the order `contactValues` gives them. */
const CONTACT_COLUMNS = [
  'id',
  'org_id',
  'client_id',
  'site_id',
  'contact_date',
  'contact_time',
  'place_type',
  'worker_id',
  'worker_code',
  'items',
  ...CONTACT_QUANTITIES,
  'flags',
  'active',
  'source',
  'external_id',
  'supersedes_id',
  'superseded_by',
  'voided_at',
  'void_reason',
  'device_id',
  'created_at',
  'created_by',
] as const satisfies readonly (keyof ContactTable)[];

/** A new contact's row, as values in CONTACT_COLUMNS order (an import builds one per register row). */
function contactValues(c: NewContact, s: ContactSummary, at: string): unknown[] {
  return [
    c.id,
    c.orgId,
    c.clientId,
    c.siteId,
    c.date,
    c.time,
    c.placeType,
    c.workerId,
    c.workerCode,
    JSON.stringify(c.items),
    ...CONTACT_QUANTITIES.map((q) => s[q]),
    s.flags,
    1,
    c.source,
    c.externalId,
    c.supersedesId,
    null,
    null,
    null,
    c.deviceId,
    at,
    c.createdBy,
  ];
}

/**
 * Inserts contacts that are not there yet (same id, or same external id in the organisation) and
 * applies their effects. Returns the ids actually inserted; the rest were duplicates.
 */
export async function insertContacts(
  trx: Db,
  ctx: WriterContext,
  input: readonly NewContact[],
): Promise<Set<string>> {
  if (input.length === 0) return new Set();
  // A contact always joins the person: a record merged into another answers as the survivor.
  const merged = new Map<string, string>();
  const ids = [...new Set(input.map((c) => c.clientId))];
  for (const chunk of chunks(ids, 500)) {
    for (const r of await trx
      .selectFrom('clients')
      .select(['id', 'merged_into'])
      .where('id', 'in', chunk)
      .where('merged_into', 'is not', null)
      .execute())
      merged.set(r.id, r.merged_into!);
  }
  const contacts = merged.size
    ? input.map((c) => (merged.has(c.clientId) ? { ...c, clientId: merged.get(c.clientId)! } : c))
    : input;
  const at = ctx.now().toISOString();
  const summaries = contacts.map((c) => summarise(c.items));
  const inserted = (await insertNew(
    trx,
    ctx.dialect,
    'contacts',
    CONTACT_COLUMNS,
    contacts.map((c, i) => contactValues(c, summaries[i]!, at)),
    'on conflict do nothing',
  )) as Set<string>;
  const fresh: NewContact[] = [];
  const freshSummaries: ContactSummary[] = [];
  contacts.forEach((c, i) => {
    if (!inserted.has(c.id)) return;
    fresh.push(c);
    freshSummaries.push(summaries[i]!);
  });
  if (fresh.length) {
    // Nothing one projection adds is read by another before it flushes (OST episodes, which read the
    // events, flush first): on PostgreSQL the batch's writes travel as one statement.
    const step = { trx, ctx, writes: new Writes(trx, ctx.dialect) };
    const batch = {
      contacts: fresh,
      summaries: freshSummaries,
      events: fresh.map((c) => clinicalEvents(c.items)),
      at,
    };
    for (const p of PROJECTIONS) await p.add(step, batch);
    await step.writes.flush();
  }
  return inserted;
}

/**
 * Takes a contact out of the record (void, or superseded by a correction): the row stays, marked,
 * and every projection takes it out.
 */
export async function deactivateContact(
  trx: Db,
  ctx: WriterContext,
  contact: ContactTable,
  change: { voidReason: string } | { supersededBy: string },
): Promise<void> {
  const at = ctx.now().toISOString();
  await trx
    .updateTable('contacts')
    .set(
      'voidReason' in change
        ? { active: 0, voided_at: at, void_reason: change.voidReason }
        : { active: 0, superseded_by: change.supersededBy },
    )
    .where('id', '=', contact.id)
    .execute();
  const kinds = new Set(
    (await trx.selectFrom('client_events').select('kind').where('contact_id', '=', contact.id).execute()).map(
      (e) => e.kind,
    ),
  );
  const step = { trx, ctx, writes: new Writes(trx, ctx.dialect) };
  for (const p of PROJECTIONS) await p.remove(step, { contact, kinds });
}
