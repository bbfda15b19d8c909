/**
 * The client × site × month and × quarter rollups (`client_month`, `client_quarter`): contacts and
 * quantities add up, flags are OR-ed. Reports add a person's rows up by `person_id` (the surviving
 * record of merged ones), which a merge or its undo repoints.
 */

import { addSummary, type ContactSummary, emptySummary, monthOf, quarterOfMonth } from '@harbour/core';
import { leaves3, within } from '../../nested-maps.js';
import { CONTACT_QUANTITIES, ROLLUP_QUANTITIES } from '../../store/schema.js';
import { chunks, type Writes } from '../../store/sql-helpers.js';
import type { Db, Projection } from './projection.js';

/** A contact's summary columns, which its rollup rows add up. */
const SUMMARY_COLUMNS = [...CONTACT_QUANTITIES, 'flags'] as const;

interface Row extends ContactSummary {
  client_id: string;
  site_id: string;
  period: string;
  person_id: string;
  org_id: string;
  contacts: number;
}

/** Rollup rows by client, site and period: no key string built per contact. */
type Rollup = Map<string, Map<string, Map<string, Row>>>;

interface Owner {
  clientId: string;
  siteId: string;
  orgId: string;
}

/** Adds one contact to its row of a rollup. */
function addTo(rollup: Rollup, o: Owner, personId: string, period: string, summary: ContactSummary): void {
  const periods = within(within(rollup, o.clientId), o.siteId);
  let r = periods.get(period);
  if (!r) {
    r = {
      client_id: o.clientId,
      site_id: o.siteId,
      period,
      person_id: personId,
      org_id: o.orgId,
      contacts: 0,
      ...emptySummary(),
    };
    periods.set(period, r);
  }
  r.contacts++;
  addSummary(r, summary);
}

/** Writes rollup rows; with `add`, onto what is there (quantities add up, flags are OR-ed). */
async function write(
  writes: Writes,
  table: 'client_month' | 'client_quarter',
  rows: readonly Row[],
  add: boolean,
): Promise<void> {
  const period = table === 'client_month' ? 'month' : 'quarter';
  const columns = ['client_id', 'site_id', period, 'person_id', 'org_id', ...ROLLUP_QUANTITIES, 'flags'];
  const sums = ROLLUP_QUANTITIES.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
  await writes.insert(
    table,
    columns,
    rows.map((r) => [
      r.client_id,
      r.site_id,
      r.period,
      r.person_id,
      r.org_id,
      ...ROLLUP_QUANTITIES.map((c) => r[c]),
      r.flags,
    ]),
    add
      ? `on conflict (client_id, site_id, ${period}) do update set ${sums}, flags = ${table}.flags | excluded.flags`
      : '',
  );
}

export const rollups: Projection = {
  tables: ['client_month', 'client_quarter'],

  async add({ writes }, { contacts, summaries }) {
    const months: Rollup = new Map();
    const quarters: Rollup = new Map();
    contacts.forEach((c, i) => {
      const month = monthOf(c.date);
      // Contacts are written to the surviving record of merged clients, so the client is the person.
      addTo(months, c, c.clientId, month, summaries[i]!);
      addTo(quarters, c, c.clientId, quarterOfMonth(month), summaries[i]!);
    });
    await write(writes, 'client_month', leaves3(months), true);
    await write(writes, 'client_quarter', leaves3(quarters), true);
  },

  /** Only the month (and its quarter) the contact was in changes. */
  async remove({ trx }, { contact }) {
    await rebuildMonth(trx, contact.client_id, contact.site_id, monthOf(contact.contact_date));
  },

  async rebuild({ trx, writes }, clientIds) {
    for (const ids of chunks(clientIds, 500)) {
      await trx.deleteFrom('client_month').where('client_id', 'in', ids).execute();
      await trx.deleteFrom('client_quarter').where('client_id', 'in', ids).execute();
      const person = new Map(
        (await trx.selectFrom('clients').select(['id', 'merged_into']).where('id', 'in', ids).execute()).map(
          (c) => [c.id, c.merged_into ?? c.id],
        ),
      );
      const months: Rollup = new Map();
      const quarters: Rollup = new Map();
      for (const r of await trx
        .selectFrom('contacts')
        .select(['client_id', 'site_id', 'org_id', 'contact_date', ...SUMMARY_COLUMNS])
        .where('client_id', 'in', ids)
        .where('active', '=', 1)
        .execute()) {
        const month = monthOf(r.contact_date);
        const owner = { clientId: r.client_id, siteId: r.site_id, orgId: r.org_id };
        const personId = person.get(r.client_id)!;
        addTo(months, owner, personId, month, r);
        addTo(quarters, owner, personId, quarterOfMonth(month), r);
      }
      await write(writes, 'client_month', leaves3(months), false);
      await write(writes, 'client_quarter', leaves3(quarters), false);
      await writes.flush();
    }
  },
};

/** Recomputes one client × site × month rollup row from the active contacts it covers, then its quarter's. */
async function rebuildMonth(trx: Db, clientId: string, siteId: string, month: string): Promise<void> {
  const rows = await trx
    .selectFrom('contacts')
    .select(['org_id', ...SUMMARY_COLUMNS])
    .where('client_id', '=', clientId)
    .where('site_id', '=', siteId)
    .where('active', '=', 1)
    .where('contact_date', '>=', `${month}-01`)
    .where('contact_date', '<=', `${month}-31`)
    .execute();
  await trx
    .deleteFrom('client_month')
    .where('client_id', '=', clientId)
    .where('site_id', '=', siteId)
    .where('month', '=', month)
    .execute();
  const client = await trx
    .selectFrom('clients')
    .select(['id', 'merged_into'])
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow();
  const personId = client.merged_into ?? client.id;
  if (rows.length > 0) {
    const total = emptySummary();
    for (const r of rows) addSummary(total, r);
    await trx
      .insertInto('client_month')
      .values({
        client_id: clientId,
        site_id: siteId,
        month,
        person_id: personId,
        org_id: rows[0]!.org_id,
        contacts: rows.length,
        ...total,
      })
      .execute();
  }
  await rebuildQuarter(trx, clientId, siteId, quarterOfMonth(month), personId);
}

/** Recomputes one client × site × quarter rollup row from its three months. */
async function rebuildQuarter(
  trx: Db,
  clientId: string,
  siteId: string,
  quarter: string,
  personId: string,
): Promise<void> {
  const first = (Number(quarter.slice(5)) - 1) * 3 + 1;
  const months = [first, first + 1, first + 2].map(
    (m) => `${quarter.slice(0, 4)}-${String(m).padStart(2, '0')}`,
  );
  const rows = await trx
    .selectFrom('client_month')
    .select(['org_id', ...ROLLUP_QUANTITIES, 'flags'])
    .where('client_id', '=', clientId)
    .where('site_id', '=', siteId)
    .where('month', 'in', months)
    .execute();
  await trx
    .deleteFrom('client_quarter')
    .where('client_id', '=', clientId)
    .where('site_id', '=', siteId)
    .where('quarter', '=', quarter)
    .execute();
  if (rows.length === 0) return;
  const total = emptySummary();
  let contacts = 0;
  for (const r of rows) {
    addSummary(total, r);
    contacts += Number(r.contacts);
  }
  await trx
    .insertInto('client_quarter')
    .values({
      client_id: clientId,
      site_id: siteId,
      quarter,
      person_id: personId,
      org_id: rows[0]!.org_id,
      contacts,
      ...total,
    })
    .execute();
}

/**
 * Points the rollup rows of these client records at the person each now belongs to, after a merge
 * or its undo (reports add a person's rows up by person_id).
 */
export async function repointPersonRollups(trx: Db, clientIds: readonly string[]): Promise<void> {
  for (const chunk of chunks([...clientIds], 500)) {
    const clients = await trx
      .selectFrom('clients')
      .select(['id', 'merged_into'])
      .where('id', 'in', chunk)
      .execute();
    for (const c of clients)
      for (const table of ['client_month', 'client_quarter'] as const)
        await trx
          .updateTable(table)
          .set({ person_id: c.merged_into ?? c.id })
          .where('client_id', '=', c.id)
          .execute();
  }
}
