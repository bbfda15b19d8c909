/**
 * Each client's HIV milestones for the cascade (`client_hiv`): first HIV result, first positive,
 * first ART start — the earliest date wins. Read from the clinical events, so it changes after them.
 */

import { lesserText } from '../../store/sql-helpers.js';
import type { Db, Projection } from './projection.js';

const isResult = (e: { kind: string; value: string | null }) =>
  e.kind === 'hiv_result' && (e.value === 'negative' || e.value === 'positive');
const MILESTONES = ['first_result_date', 'first_positive_date', 'first_art_date'] as const;

export const hivMilestones: Projection = {
  tables: ['client_hiv'],

  async add({ ctx: { dialect }, writes }, { contacts, events }) {
    const rows = new Map<string, [string, string, string | null, string | null, string | null]>();
    const min = (a: string | null, b: string) => (a === null || b < a ? b : a);
    contacts.forEach((c, i) => {
      for (const e of events[i]!) {
        const result = isResult(e);
        if (!result && e.kind !== 'art_start') continue;
        const r = rows.get(c.clientId) ?? [c.clientId, c.orgId, null, null, null];
        if (result) r[2] = min(r[2], c.date);
        if (result && e.value === 'positive') r[3] = min(r[3], c.date);
        if (e.kind === 'art_start') r[4] = min(r[4], c.date);
        rows.set(c.clientId, r);
      }
    });
    const set = MILESTONES.map(
      (c) => `${c} = ${lesserText(dialect, `client_hiv.${c}`, `excluded.${c}`)}`,
    ).join(', ');
    await writes.insert(
      'client_hiv',
      ['client_id', 'org_id', ...MILESTONES],
      [...rows.values()],
      `on conflict (client_id) do update set ${set}`,
    );
  },

  async remove(step, { contact, kinds }) {
    if (kinds.has('hiv_result') || kinds.has('art_start'))
      await hivMilestones.rebuild(step, [contact.client_id]);
  },

  async rebuild({ trx }, clientIds) {
    for (const clientId of clientIds) await rebuildOne(trx, clientId);
  },
};

/** Recomputes a client's HIV milestones from their clinical events. */
async function rebuildOne(trx: Db, clientId: string): Promise<void> {
  const events = await trx
    .selectFrom('client_events')
    .select(['org_id', 'kind', 'value', 'event_date'])
    .where('client_id', '=', clientId)
    .where('kind', 'in', ['hiv_result', 'art_start'])
    .execute();
  await trx.deleteFrom('client_hiv').where('client_id', '=', clientId).execute();
  const earliest = (xs: { event_date: string }[]) =>
    xs.length ? xs.map((x) => x.event_date).sort()[0]! : null;
  const results = events.filter(isResult);
  const row = {
    client_id: clientId,
    org_id: events[0]?.org_id ?? '',
    first_result_date: earliest(results),
    first_positive_date: earliest(results.filter((e) => e.value === 'positive')),
    first_art_date: earliest(events.filter((e) => e.kind === 'art_start')),
  };
  if (row.first_result_date || row.first_art_date) await trx.insertInto('client_hiv').values(row).execute();
}
