/**
 * The micro-planning view a site manager works from: how many contacts each outreach worker made per
 * week, and how many of the site's clients are due a follow-up or lost to follow-up. Counts only.
 */

import { addDays, type CaseloadView, daysBetween, toIsoDate } from '@harbour/core';
import { siteFor } from '../clients/client-access.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { readAuditTransaction } from '../store/transactions.js';

/** Not seen for this many days: due a follow-up. */
export const DUE_AFTER_DAYS = 30;
/** Not seen for this many days: lost to follow-up (the programme's usual definition). */
export const LOST_AFTER_DAYS = 90;

function mondayOf(iso: string): string {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return addDays(iso, -((day + 6) % 7));
}

export async function caseloadView(
  s: Services,
  actor: Actor,
  siteCode: string,
  weeks: number,
): Promise<CaseloadView> {
  const site = await siteFor(s, actor, siteCode, 'caseload.read', 'site');
  const today = toIsoDate(s.now());
  const firstWeek = addDays(mondayOf(today), -7 * (weeks - 1));
  const weekList = Array.from({ length: weeks }, (_, i) => addDays(firstWeek, 7 * i));
  const rows = await s.db
    .selectFrom('contacts as c')
    .leftJoin('users as u', 'u.id', 'c.worker_id')
    .select(['c.contact_date', 'c.client_id', 'c.worker_code', 'u.username'])
    .where('c.site_id', '=', site.id)
    .where('c.active', '=', 1)
    .where('c.contact_date', '>=', firstWeek)
    .execute();
  const byWorker = new Map<string, { perWeek: number[]; clients: Set<string>; last: string | null }>();
  for (const r of rows) {
    const who = r.username ?? r.worker_code ?? '—';
    const w = byWorker.get(who) ?? { perWeek: weekList.map(() => 0), clients: new Set(), last: null };
    const i = Math.floor(daysBetween(firstWeek, r.contact_date) / 7);
    if (i >= 0 && i < weeks) w.perWeek[i]!++;
    w.clients.add(r.client_id);
    if (!w.last || r.contact_date > w.last) w.last = r.contact_date;
    byWorker.set(who, w);
  }
  const seen = await s.db
    .selectFrom('client_sites as cs')
    .innerJoin('clients as c', 'c.id', 'cs.client_id')
    .select(['cs.last_contact_date'])
    .where('cs.site_id', '=', site.id)
    .where('c.merged_into', 'is', null)
    .execute();
  const clients = { active: 0, due: 0, lost: 0 };
  for (const c of seen) {
    if (!c.last_contact_date) continue;
    const gap = daysBetween(c.last_contact_date, today);
    if (gap > LOST_AFTER_DAYS) clients.lost++;
    else if (gap > DUE_AFTER_DAYS) clients.due++;
    else clients.active++;
  }
  const overdue = await s.db
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site_id', '=', site.id)
    .where('status', '=', 'issued')
    .where('due_date', '<', today)
    .executeTakeFirstOrThrow();
  await readAuditTransaction(s, (trx) =>
    s.audit.record(trx, actor, {
      action: 'caseload.viewed',
      entityType: 'org_unit',
      entityId: site.id,
      orgId: site.org_id,
      orgUnitId: site.id,
    }),
  );
  return {
    site: { code: site.code, name: site.name },
    weeks: weekList,
    workers: [...byWorker]
      .map(([worker, w]) => ({
        worker,
        contactsPerWeek: w.perWeek,
        clients: w.clients.size,
        lastContact: w.last,
      }))
      .sort((a, b) => a.worker.localeCompare(b.worker)),
    clients,
    referralsOverdue: Number(overdue.n),
  };
}
