/**
 * Overdose events: the one write path (console, API and phones) and the list a site sees. Access is
 * decided here: recorded at a site where the user may record contacts; read and voided only from a
 * subtree that holds the event's site (anything else answers as unknown).
 */

import {
  EARLIEST_CONTACT_DATE,
  futureDayIssue,
  InputError,
  NotFoundError,
  type OverdoseInput,
  type OverdoseOutcome,
  type OverdosePlace,
  type OverdoseView,
  overdoseInput,
  parseInput,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { clientToServe, siteFor, siteIdsInScope, unitInScope } from '../clients/client-access.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import type { Database, OverdoseEventTable } from '../store/schema.js';
import { writeTransaction } from '../store/transactions.js';

export const OVERDOSE_VOID_REASONS = ['entered_in_error', 'duplicate_entry', 'test_record'] as const;

export interface RecordOptions {
  /** Made by the device or the caller (the same id twice records once). */
  id?: string;
  source: 'console' | 'field' | 'api';
  deviceId?: string;
  /** Writes the phone's sync item in the same transaction (no crash window). */
  alsoInTransaction?: (trx: Kysely<Database>, duplicate: boolean) => Promise<void>;
}

function checkDate(s: Services, date: string): void {
  const today = toIsoDate(s.now());
  const ahead = futureDayIssue('date', date, today);
  if (ahead) throw new InputError(ahead);
  if (date < EARLIEST_CONTACT_DATE)
    throw new InputError({
      field: 'date',
      value: date,
      rule: 'min',
      message: `The date is before ${EARLIEST_CONTACT_DATE}`,
    });
}

export async function recordOverdose(
  s: Services,
  actor: Actor,
  raw: unknown,
  opts: RecordOptions,
): Promise<{ id: string; duplicate: boolean }> {
  const input: OverdoseInput = parseInput(overdoseInput, raw);
  const site = await siteFor(s, actor, input.siteCode, 'contact.write');
  checkDate(s, input.date);
  // A client of the site's organisation (a merged record answers as the person it was merged into).
  const client = input.clientId ? await clientToServe(s, input.clientId, site) : null;
  const id = opts.id ?? uuidv7();
  const now = s.now().toISOString();
  return writeTransaction(s, async (trx) => {
    const inserted = await trx
      .insertInto('overdose_events')
      .values({
        id,
        org_id: site.org_id,
        site_id: site.id,
        client_id: client ? (client.merged_into ?? client.id) : null,
        occurred_on: input.date,
        occurred_time: input.time,
        place: input.place,
        ambulance: input.ambulance ? 1 : 0,
        doses: input.doses,
        outcome: input.outcome,
        source: opts.source,
        device_id: opts.deviceId ?? null,
        recorded_by: actor.userId,
        recorded_at: now,
        voided_at: null,
        void_reason: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    const duplicate = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0;
    if (!duplicate)
      await s.audit.record(trx, actor, {
        action: 'overdose.recorded',
        entityType: 'overdose',
        entityId: id,
        orgUnitId: site.id,
        orgId: site.org_id,
        details: {
          outcome: input.outcome,
          doses: input.doses,
          ...(client ? { client: client.merged_into ?? client.id } : {}),
          ...(opts.deviceId ? { device: opts.deviceId } : {}),
        },
      });
    await opts.alsoInTransaction?.(trx, duplicate);
    return { id, duplicate };
  });
}

function view(r: OverdoseEventTable & { site_code: string }): OverdoseView {
  return {
    id: r.id,
    site: r.site_code,
    date: r.occurred_on,
    time: r.occurred_time,
    place: r.place as OverdosePlace,
    ambulance: r.ambulance === 1,
    doses: Number(r.doses),
    outcome: r.outcome as OverdoseOutcome,
    client: r.client_id !== null,
    source: r.source,
    voided: r.voided_at !== null,
  };
}

/** Events at the sites in the user's subtrees, newest first (at most `limit`). */
export async function listOverdoses(
  s: Services,
  actor: Actor,
  q: { from?: string; to?: string; limit?: number },
): Promise<OverdoseView[]> {
  const sites = await siteIdsInScope(s.db, actor, 'contact.write');
  if (sites !== 'all' && sites.length === 0) return [];
  let query = s.db
    .selectFrom('overdose_events as o')
    .innerJoin('org_units as u', 'u.id', 'o.site_id')
    .selectAll('o')
    .select('u.code as site_code');
  if (sites !== 'all') query = query.where('o.site_id', 'in', sites);
  if (q.from) query = query.where('o.occurred_on', '>=', q.from);
  if (q.to) query = query.where('o.occurred_on', '<=', q.to);
  const rows = await query
    .orderBy('o.occurred_on', 'desc')
    .orderBy('o.occurred_time', 'desc')
    .orderBy('o.id', 'desc')
    .limit(Math.min(q.limit ?? 200, 1000))
    .execute();
  return rows.map(view);
}

export async function voidOverdose(s: Services, actor: Actor, id: string, reason: string): Promise<void> {
  if (!(OVERDOSE_VOID_REASONS as readonly string[]).includes(reason))
    throw new InputError({
      field: 'reason',
      value: reason,
      rule: 'enum',
      message: `Allowed: ${OVERDOSE_VOID_REASONS.join(', ')}`,
    });
  const e = await s.db.selectFrom('overdose_events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e || !(await unitInScope(s.db, actor, e.site_id, 'contact.correct')))
    throw new NotFoundError('Overdose');
  if (e.voided_at)
    throw new InputError({ field: 'id', rule: 'inactive', message: 'This overdose was voided already' });
  await writeTransaction(s, async (trx) => {
    await trx
      .updateTable('overdose_events')
      .set({ voided_at: s.now().toISOString(), void_reason: reason })
      .where('id', '=', id)
      .execute();
    await s.audit.record(trx, actor, {
      action: 'overdose.voided',
      entityType: 'overdose',
      entityId: id,
      orgUnitId: e.site_id,
      orgId: e.org_id,
      details: { reason },
    });
  });
}
