/**
 * OST episodes (`ost_episodes`): derived from a client's OST events by core `deriveEpisodes`. A client
 * has few, so every change rebuilds the client's episodes — always right, and cheap.
 */

import { deriveEpisodes, type OstEvent, uuidv7 } from '@harbour/core';
import type { DialectName } from '../../store/database.js';
import { bulkInsert, chunkSize, chunks } from '../../store/sql-helpers.js';
import type { Db, Projection } from './projection.js';

const OST_EPISODE_COLUMNS = [
  'id',
  'org_id',
  'client_id',
  'site_id',
  'start_date',
  'stop_date',
  'stop_reason',
  'medicine',
  'last_dose_date',
  'last_dose_mg',
] as const;

export const ostEpisodes: Projection = {
  tables: ['ost_episodes'],

  async add({ trx, ctx, writes }, { contacts, events }) {
    const clients = new Set(
      contacts.filter((_, i) => events[i]!.some((e) => e.kind === 'ost')).map((c) => c.clientId),
    );
    if (!clients.size) return;
    // The episodes read the events just added.
    await writes.flush();
    await rebuildOstEpisodes(trx, ctx.dialect, [...clients], (orgId) => ctx.ostLostAfterDays(trx, orgId));
  },

  async remove(step, { contact, kinds }) {
    if (kinds.has('ost')) await ostEpisodes.rebuild(step, [contact.client_id]);
  },

  async rebuild({ trx, ctx }, clientIds) {
    await rebuildOstEpisodes(trx, ctx.dialect, clientIds, (orgId) => ctx.ostLostAfterDays(trx, orgId));
  },
};

/** Rebuilds clients' OST episodes from their OST events, in chunks: a synced batch touches hundreds. */
async function rebuildOstEpisodes(
  trx: Db,
  dialect: DialectName,
  clientIds: readonly string[],
  lostAfterDays: (orgId: string) => Promise<number>,
): Promise<void> {
  const limits = new Map<string, number>();
  for (const ids of chunks(clientIds, chunkSize(1))) {
    const rows = await trx
      .selectFrom('client_events')
      .select(['client_id', 'org_id', 'contact_id', 'site_id', 'event_date', 'value', 'detail', 'num'])
      .where('client_id', 'in', ids)
      .where('kind', '=', 'ost')
      // Recorded order (ids are time-ordered), for events deriveEpisodes cannot tell apart.
      .orderBy('client_id')
      .orderBy('id')
      .execute();
    await trx.deleteFrom('ost_episodes').where('client_id', 'in', ids).execute();
    const byClient = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byClient.get(r.client_id);
      if (list) list.push(r);
      else byClient.set(r.client_id, [r]);
    }
    const episodes: unknown[][] = [];
    for (const [clientId, events] of byClient) {
      const siteOf = new Map(events.map((r) => [r.contact_id, r.site_id]));
      const orgId = events[0]!.org_id;
      if (!limits.has(orgId)) limits.set(orgId, await lostAfterDays(orgId));
      const derived = deriveEpisodes(
        events.map((r) => ({
          date: r.event_date,
          event: r.value as OstEvent['event'],
          // A stop's detail is its reason, a start's or dose's the medicine (contact-items.ts).
          ...(r.value === 'stop' ? { reason: r.detail } : { medicine: r.detail }),
          mg: r.num,
          contactId: r.contact_id,
        })),
        limits.get(orgId),
      );
      for (const ep of derived)
        episodes.push([
          uuidv7(),
          orgId,
          clientId,
          siteOf.get(ep.startContactId ?? '') ?? events[0]!.site_id,
          ep.startDate,
          ep.stopDate,
          ep.stopReason,
          ep.medicine,
          ep.lastDoseDate,
          ep.lastDoseMg,
        ]);
    }
    if (episodes.length) await bulkInsert(trx, dialect, 'ost_episodes', OST_EPISODE_COLUMNS, episodes);
  }
}

/**
 * Re-derives every OST episode of an organisation with a new lost-to-treatment limit (a programme
 * setting). Only clients with OST events are touched: a small share of any caseload.
 */
export async function rederiveOstEpisodes(
  trx: Db,
  dialect: DialectName,
  orgId: string,
  lostAfterDays: number,
): Promise<void> {
  const ids = (
    await trx
      .selectFrom('client_events')
      .select('client_id')
      .distinct()
      .where('org_id', '=', orgId)
      .where('kind', '=', 'ost')
      .execute()
  ).map((r) => r.client_id);
  await rebuildOstEpisodes(trx, dialect, ids, async () => lostAfterDays);
}
