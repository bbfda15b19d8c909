/**
 * First and last contact dates: each client record's own (`clients`, where the surviving record of
 * merged ones holds the whole person's — what "first-ever contact" and "new" mean) and per site
 * (`client_sites`, which also keeps the sites a client enrolled at, with no dates).
 */

import { type Kysely, sql } from 'kysely';
import { leaves, within } from '../../nested-maps.js';
import type { Database } from '../../store/schema.js';
import {
  chunkSize,
  chunks,
  greater,
  greaterText,
  lesser,
  lesserText,
  valuesTable,
} from '../../store/sql-helpers.js';
import type { Db, Projection } from './projection.js';

/** True when new first/last dates widen a row's range (or it has none yet): only then is it written. */
const datesMove = (table: string, first: string, last: string) =>
  `${table}.first_contact_date is null or ${table}.last_contact_date is null or ` +
  `${first} < ${table}.first_contact_date or ${last} > ${table}.last_contact_date`;

interface Range {
  min: string;
  max: string;
}
const widen = (r: Range, date: string) => {
  if (date < r.min) r.min = date;
  if (date > r.max) r.max = date;
};

export const contactDates: Projection = {
  tables: ['clients', 'client_sites'],

  async add({ trx, ctx: { dialect }, writes }, { contacts }) {
    const clientDates = new Map<string, Range>();
    const siteDates = new Map<
      string,
      Map<string, Range & { clientId: string; siteId: string; orgId: string }>
    >();
    for (const c of contacts) {
      const cd = clientDates.get(c.clientId);
      if (cd) widen(cd, c.date);
      else clientDates.set(c.clientId, { min: c.date, max: c.date });
      const sites = within(siteDates, c.clientId);
      const sd = sites.get(c.siteId);
      if (sd) widen(sd, c.date);
      else
        sites.set(c.siteId, {
          clientId: c.clientId,
          siteId: c.siteId,
          orgId: c.orgId,
          min: c.date,
          max: c.date,
        });
    }
    // One UPDATE … FROM (VALUES …) per chunk, not one statement per client: the importer's hot path.
    for (const chunk of chunks([...clientDates], chunkSize(3))) {
      const v = valuesTable(
        dialect,
        ['id', 'mn', 'mx'],
        chunk.map(([id, d]) => [id, d.min, d.max]),
      );
      const first = lesser(dialect, sql.ref('clients.first_contact_date'), sql.ref('v.mn'));
      const last = greater(dialect, sql.ref('clients.last_contact_date'), sql.ref('v.mx'));
      // Only clients whose dates move: a second contact on the same day changes nothing, and rewriting the
      // row anyway would still fire the field-sync trigger — every phone would download the client again.
      await writes.run(
        sql`update clients set first_contact_date = ${first}, last_contact_date = ${last} from ${v}
        where clients.id = v.id and (${sql.raw(datesMove('clients', 'v.mn', 'v.mx'))})`.compile(trx),
      );
    }
    await writes.insert(
      'client_sites',
      ['client_id', 'site_id', 'org_id', 'first_contact_date', 'last_contact_date'],
      leaves(siteDates).map((d) => [d.clientId, d.siteId, d.orgId, d.min, d.max]),
      `on conflict (client_id, site_id) do update set first_contact_date = ${lesserText(dialect, 'client_sites.first_contact_date', 'excluded.first_contact_date')}, last_contact_date = ${greaterText(dialect, 'client_sites.last_contact_date', 'excluded.last_contact_date')} where ${datesMove('client_sites', 'excluded.first_contact_date', 'excluded.last_contact_date')}`,
    );
  },

  async remove(step, { contact }) {
    await contactDates.rebuild(step, [contact.client_id]);
  },

  async rebuild({ trx }, clientIds) {
    for (const clientId of clientIds) {
      await rebuildPersonDates(trx, clientId);
      await rebuildSiteDates(trx, clientId);
    }
  },
};

/**
 * Recomputes the first and last contact dates of the person a client belongs to: each record keeps
 * its own, and the surviving record of merged ones holds the whole person's. Called after a contact
 * leaves the record, and after a merge or its undo.
 */
export async function rebuildPersonDates(trx: Kysely<Database>, clientId: string): Promise<void> {
  const self = await trx
    .selectFrom('clients')
    .select(['id', 'merged_into'])
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!self) return;
  const canonical = self.merged_into ?? self.id;
  const members = [
    canonical,
    ...(await trx.selectFrom('clients').select('id').where('merged_into', '=', canonical).execute()).map(
      (m) => m.id,
    ),
  ];
  const own = await trx
    .selectFrom('contacts')
    .select([
      'client_id',
      sql<string | null>`min(contact_date)`.as('first'),
      sql<string | null>`max(contact_date)`.as('last'),
    ])
    .where('client_id', 'in', members)
    .where('active', '=', 1)
    .groupBy('client_id')
    .execute();
  const byId = new Map(own.map((o) => [o.client_id, o]));
  let first: string | null = null;
  let last: string | null = null;
  for (const id of members) {
    const o = byId.get(id);
    if (o?.first && (first === null || o.first < first)) first = o.first;
    if (o?.last && (last === null || o.last > last)) last = o.last;
    if (id !== canonical)
      await trx
        .updateTable('clients')
        .set({ first_contact_date: o?.first ?? null, last_contact_date: o?.last ?? null })
        .where('id', '=', id)
        .execute();
  }
  await trx
    .updateTable('clients')
    .set({ first_contact_date: first, last_contact_date: last })
    .where('id', '=', canonical)
    .execute();
}

/** Recomputes a client record's first/last contact dates per site from its active contacts. */
async function rebuildSiteDates(trx: Db, clientId: string): Promise<void> {
  const perSite = await trx
    .selectFrom('contacts')
    .select([
      'site_id',
      sql<string>`min(org_id)`.as('org_id'),
      sql<string>`min(contact_date)`.as('first'),
      sql<string>`max(contact_date)`.as('last'),
    ])
    .where('client_id', '=', clientId)
    .where('active', '=', 1)
    .groupBy('site_id')
    .execute();
  // A site that only had contacts that left keeps its row (the client was there) with no dates.
  await trx
    .updateTable('client_sites')
    .set({ first_contact_date: null, last_contact_date: null })
    .where('client_id', '=', clientId)
    .execute();
  for (const p of perSite) {
    const dates = { first_contact_date: p.first, last_contact_date: p.last };
    await trx
      .updateTable('client_sites')
      .set(dates)
      .where('client_id', '=', clientId)
      .where('site_id', '=', p.site_id)
      .execute();
    // A row never lost is only updated: inserting is for a row that went missing (a rebuild's repair).
    await trx
      .insertInto('client_sites')
      .values({ client_id: clientId, site_id: p.site_id, org_id: p.org_id, ...dates })
      .onConflict((oc) => oc.columns(['client_id', 'site_id']).doNothing())
      .execute();
  }
}
