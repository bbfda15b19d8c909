/**
 * Sync pull: what changed for the device's site since the phone's cursor — the site's caseload with
 * each client's dates and open referrals. The cursor is the change sequence kept by triggers, so a
 * change made by any path (console, import, another phone) reaches the phone exactly when it commits.
 */

import type { PulledClient, PullResult } from '@harbour/core';
import { sql } from 'kysely';
import type { Services } from '../context.js';
import type { DeviceTable } from '../store/schema.js';
import { chunks } from '../store/sql-helpers.js';

export const PULL_PAGE = 2000;

export async function pullChanges(s: Services, device: DeviceTable, cursor: string): Promise<PullResult> {
  const since = /^\d{1,18}$/.test(cursor) ? cursor : '0';
  // Clients of this site (enrolled or seen here), changed after the cursor, in sequence order.
  const changed = await s.db
    .selectFrom('sync_changes as ch')
    .innerJoin('client_sites as cs', (j) =>
      j.onRef('cs.client_id', '=', 'ch.client_id').on('cs.site_id', '=', device.site_id),
    )
    .select(['ch.client_id', 'ch.seq'])
    .where('ch.org_id', '=', device.org_id)
    .where('ch.seq', '>', sql<number>`${since}`)
    .orderBy('ch.seq')
    .limit(PULL_PAGE + 1)
    .execute();
  const more = changed.length > PULL_PAGE;
  const page = changed.slice(0, PULL_PAGE);
  const clients: PulledClient[] = [];
  for (const chunk of chunks(
    page.map((p) => p.client_id),
    500,
  )) {
    const rows = await s.db.selectFrom('clients').selectAll().where('id', 'in', chunk).execute();
    const refs = await s.db
      .selectFrom('referrals')
      .select(['id', 'client_id', 'service', 'issued_date', 'due_date', 'status'])
      .where('client_id', 'in', chunk)
      .where('status', '=', 'issued')
      .execute();
    const byClient = new Map<string, PulledClient['referrals']>();
    for (const r of refs)
      byClient.set(r.client_id, [
        ...(byClient.get(r.client_id) ?? []),
        { id: r.id, service: r.service, issuedDate: r.issued_date, dueDate: r.due_date, status: r.status },
      ]);
    for (const c of rows)
      clients.push({
        id: c.id,
        uicHash: c.uic_hash,
        suffix: c.uic_suffix,
        sex: c.sex,
        birthYear: c.birth_year,
        kp: c.kp,
        profileClock: JSON.parse(c.profile_clock) as Record<string, string>,
        firstContactDate: c.first_contact_date,
        lastContactDate: c.last_contact_date,
        mergedInto: c.merged_into,
        referrals: byClient.get(c.id) ?? [],
      });
  }
  await s.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('devices')
      .set({ last_sync_at: s.now().toISOString() })
      .where('id', '=', device.id)
      .execute();
    if (clients.length)
      await s.audit.append(trx, {
        actorId: device.user_id,
        actor: `device:${device.name}`,
        action: 'sync.pulled',
        entityType: 'device',
        entityId: device.id,
        orgId: device.org_id,
        orgUnitId: device.site_id,
        details: { clients: clients.length, cursor: since },
      });
  });
  return {
    cursor: page.length ? String(page[page.length - 1]!.seq) : since,
    more,
    serverTime: s.now().toISOString(),
    clients,
  };
}
