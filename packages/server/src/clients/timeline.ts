/** A client's history in one list: contacts (with corrections and voids marked), referrals, OST episodes. */

import { type ContactItem, pathInScope, type Timeline } from '@harbour/core';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { programmeSettings } from '../programme/programme-settings.js';
import { readAuditTransaction } from '../store/transactions.js';
import { clientFor } from './client-access.js';

/** Every record of the person: this client and any client merged into them. */
async function personIds(s: Services, id: string): Promise<string[]> {
  const merged = await s.db.selectFrom('clients').select('id').where('merged_into', '=', id).execute();
  return [id, ...merged.map((m) => m.id)];
}

export async function clientTimeline(
  s: Services,
  actor: Actor,
  id: string,
  options: { limit?: number } = {},
): Promise<Timeline> {
  const client = await clientFor(s, actor, id);
  const ids = await personIds(s, client.merged_into ?? client.id);
  const { historySharing } = await programmeSettings(s.db, client.org_id);
  const scope = scopeOf(actor, 'client.read');
  const visible = (path: string) => historySharing || pathInScope(path, scope);
  const allContacts = await s.db
    .selectFrom('contacts as c')
    .innerJoin('org_units as u', 'u.id', 'c.site_id')
    .select([
      'c.id',
      'c.contact_date',
      'c.contact_time',
      'c.place_type',
      'c.worker_code',
      'c.items',
      'c.active',
      'c.voided_at',
      'c.void_reason',
      'c.supersedes_id',
      'c.source',
      'u.code',
      'u.name',
      'u.path',
    ])
    .where('c.client_id', 'in', ids)
    .orderBy('c.contact_date', 'desc')
    .orderBy('c.created_at', 'desc')
    .limit(options.limit ?? 500)
    .execute();
  const allReferrals = await s.db
    .selectFrom('referrals as r')
    .innerJoin('org_units as u', 'u.id', 'r.site_id')
    .select([
      'r.id',
      'r.service',
      'r.issued_date',
      'r.due_date',
      'r.status',
      'r.completed_date',
      'u.code',
      'u.path',
    ])
    .where('r.client_id', 'in', ids)
    .where('r.status', '!=', 'void')
    .orderBy('r.issued_date', 'desc')
    .execute();
  const allEpisodes = await s.db
    .selectFrom('ost_episodes as e')
    .innerJoin('org_units as u', 'u.id', 'e.site_id')
    .select([
      'e.start_date',
      'e.stop_date',
      'e.medicine',
      'e.last_dose_date',
      'e.last_dose_mg',
      'u.code',
      'u.path',
    ])
    .where('e.client_id', 'in', ids)
    .orderBy('e.start_date', 'desc')
    .execute();
  const contacts = allContacts.filter((c) => visible(c.path));
  const referrals = allReferrals.filter((r) => visible(r.path));
  const episodes = allEpisodes.filter((e) => visible(e.path));
  await readAuditTransaction(s, (trx) =>
    s.audit.record(trx, actor, {
      action: 'client.timeline_read',
      entityType: 'client',
      entityId: client.id,
      orgId: client.org_id,
      details: { contacts: contacts.length },
    }),
  );
  return {
    contacts: contacts.map((c) => ({
      id: c.id,
      date: c.contact_date,
      time: c.contact_time,
      site: { code: c.code, name: c.name },
      placeType: c.place_type,
      worker: c.worker_code,
      items: JSON.parse(c.items) as ContactItem[],
      status: c.active ? 'active' : c.voided_at ? 'voided' : 'superseded',
      voidReason: c.void_reason,
      supersedesId: c.supersedes_id,
      source: c.source,
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      service: r.service,
      issuedDate: r.issued_date,
      dueDate: r.due_date,
      status: r.status,
      completedDate: r.completed_date,
      siteCode: r.code,
    })),
    ostEpisodes: episodes.map((e) => ({
      startDate: e.start_date,
      stopDate: e.stop_date,
      medicine: e.medicine,
      lastDoseDate: e.last_dose_date,
      lastDoseMg: e.last_dose_mg,
      siteCode: e.code,
    })),
    elsewhere: {
      contacts: allContacts.length - contacts.length,
      referrals: allReferrals.length - referrals.length,
      ostEpisodes: allEpisodes.length - episodes.length,
    },
  };
}
