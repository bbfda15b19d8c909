/** Referrals issued at contacts, followed to completion; overdue ones are listed for follow-up. */

import { InputError, isIsoDate, NotFoundError, toIsoDate } from '@harbour/core';
import { orgAllowed, orgsFor, siteIdsInScope, unitInScope } from '../clients/client-access.js';
import { clientRef } from '../clients/registry.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { writeTransaction } from '../store/transactions.js';

export const REFERRAL_STATUSES = ['issued', 'completed', 'declined', 'lost'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export interface ReferralView {
  id: string;
  clientId: string;
  clientRef: string;
  service: string;
  siteCode: string;
  issuedDate: string;
  dueDate: string;
  status: string;
  completedDate: string | null;
  overdueDays: number;
}

export async function listReferrals(
  s: Services,
  actor: Actor,
  filter: { status?: ReferralStatus | 'overdue'; siteCode?: string; limit?: number },
): Promise<ReferralView[]> {
  const sites = await siteIdsInScope(s.db, actor, 'referral.manage');
  if (sites !== 'all' && sites.length === 0) return [];
  const today = toIsoDate(s.now());
  let q = s.db
    .selectFrom('referrals as r')
    .innerJoin('org_units as u', 'u.id', 'r.site_id')
    .select([
      'r.id',
      'r.client_id',
      'r.service',
      'u.code',
      'r.issued_date',
      'r.due_date',
      'r.status',
      'r.completed_date',
    ])
    .where('r.status', '!=', 'void');
  if (sites !== 'all') q = q.where('r.site_id', 'in', sites);
  if (filter.siteCode) q = q.where('u.code', '=', filter.siteCode);
  if (filter.status === 'overdue') q = q.where('r.status', '=', 'issued').where('r.due_date', '<', today);
  else if (filter.status) q = q.where('r.status', '=', filter.status);
  const rows = await q
    .orderBy('r.due_date')
    .limit(Math.min(filter.limit ?? 200, 1000))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientRef: clientRef(r.client_id),
    service: r.service,
    siteCode: r.code,
    issuedDate: r.issued_date,
    dueDate: r.due_date,
    status: r.status,
    completedDate: r.completed_date,
    overdueDays:
      r.status === 'issued' && r.due_date < today
        ? Math.round((Date.parse(today) - Date.parse(r.due_date)) / 86_400_000)
        : 0,
  }));
}

/** Records the outcome of a follow-up: completed (on a date), declined by the client, or lost. */
export async function updateReferral(
  s: Services,
  actor: Actor,
  id: string,
  change: { status: ReferralStatus; completedDate?: string | null },
): Promise<void> {
  const r = await s.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
  if (
    !r ||
    r.status === 'void' ||
    !orgAllowed(await orgsFor(s.db, actor, 'referral.manage'), r.org_id) ||
    !(await unitInScope(s.db, actor, r.site_id, 'referral.manage'))
  )
    throw new NotFoundError('Referral');
  let completed: string | null = null;
  if (change.status === 'completed') {
    completed = change.completedDate ?? toIsoDate(s.now());
    if (!isIsoDate(completed))
      throw new InputError({
        field: 'completedDate',
        value: completed,
        rule: 'format',
        message: 'Give the date as YYYY-MM-DD',
      });
    if (completed < r.issued_date)
      throw new InputError({
        field: 'completedDate',
        value: completed,
        rule: 'min',
        message: `A referral cannot be completed before it was issued (${r.issued_date})`,
      });
    if (completed > toIsoDate(s.now()))
      throw new InputError({
        field: 'completedDate',
        value: completed,
        rule: 'future',
        message: 'The completion date is in the future',
      });
  }
  await writeTransaction(s, async (trx) => {
    await trx
      .updateTable('referrals')
      .set({
        status: change.status,
        completed_date: completed,
        updated_at: s.now().toISOString(),
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .execute();
    await s.audit.append(trx, {
      actorId: actor.userId,
      actor: actor.label,
      action: 'referral.updated',
      entityType: 'referral',
      entityId: id,
      orgUnitId: r.site_id,
      orgId: r.org_id,
      details: { status: change.status, service: r.service },
    });
  });
}
