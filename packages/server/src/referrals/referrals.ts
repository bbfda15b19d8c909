/**
 * Referrals issued at contacts, followed to an outcome (completed, declined or lost, each on a date,
 * and undone by setting `issued` again); overdue ones are listed most urgent first (core referrals.ts).
 */

import {
  byChaseUrgency,
  futureDayIssue,
  InputError,
  isIsoDate,
  NotFoundError,
  toIsoDate,
} from '@harbour/core';
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
  provider: string | null;
  siteCode: string;
  issuedDate: string;
  dueDate: string;
  status: string;
  /** The date of the outcome (completed, declined or lost). */
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
      'r.provider',
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
  const limit = Math.min(filter.limit ?? 200, 1000);
  // The overdue list is ordered by urgency, which SQL cannot say: all of it is read, then cut.
  const rows =
    filter.status === 'overdue'
      ? await q.execute()
      : await q
          .orderBy('r.due_date', filter.status === 'issued' ? 'asc' : 'desc')
          .orderBy('r.id')
          .limit(limit)
          .execute();
  const views = rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientRef: clientRef(r.client_id),
    service: r.service,
    provider: r.provider,
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
  return filter.status === 'overdue' ? views.sort(byChaseUrgency).slice(0, limit) : views;
}

/**
 * Records the outcome of a follow-up — completed, declined by the client, or lost — on the date it
 * happened (today when not given), or undoes it (`issued` again, the date cleared). The provider
 * (where to) may be said or corrected at any time.
 */
export async function updateReferral(
  s: Services,
  actor: Actor,
  id: string,
  change: {
    status: ReferralStatus;
    date?: string | null;
    completedDate?: string | null;
    provider?: string | null;
  },
): Promise<void> {
  const r = await s.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
  if (
    !r ||
    r.status === 'void' ||
    !orgAllowed(await orgsFor(s.db, actor, 'referral.manage'), r.org_id) ||
    !(await unitInScope(s.db, actor, r.site_id, 'referral.manage'))
  )
    throw new NotFoundError('Referral');
  let outcomeDate: string | null = null;
  if (change.status !== 'issued') {
    // `completedDate` is the older name of `date`, kept for callers written before outcomes had dates.
    const field = change.date !== undefined ? 'date' : 'completedDate';
    outcomeDate = change.date ?? change.completedDate ?? toIsoDate(s.now());
    if (!isIsoDate(outcomeDate))
      throw new InputError({
        field,
        value: outcomeDate,
        rule: 'format',
        message: 'Give the date as YYYY-MM-DD',
      });
    if (outcomeDate < r.issued_date)
      throw new InputError({
        field,
        value: outcomeDate,
        rule: 'min',
        message: `The outcome cannot come before the referral was issued (${r.issued_date})`,
      });
    const ahead = futureDayIssue(field, outcomeDate, toIsoDate(s.now()));
    if (ahead) throw new InputError(ahead);
  }
  const provider = change.provider === undefined ? r.provider : change.provider?.trim() || null;
  await writeTransaction(s, async (trx) => {
    await trx
      .updateTable('referrals')
      .set({
        status: change.status,
        completed_date: outcomeDate,
        provider,
        updated_at: s.now().toISOString(),
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .execute();
    await s.audit.record(trx, actor, {
      action: change.status === 'issued' && r.status !== 'issued' ? 'referral.reopened' : 'referral.updated',
      entityType: 'referral',
      entityId: id,
      orgUnitId: r.site_id,
      orgId: r.org_id,
      details: { status: change.status, service: r.service, ...(outcomeDate ? { date: outcomeDate } : {}) },
    });
  });
}
