/**
 * The one path by which contacts enter or leave the record — console, API, register import and field
 * sync alike — so that everything derived from contacts (client sites and dates, clinical events,
 * referrals, OST episodes, the client × site × month rollup, stock distributed) changes in the same
 * transaction as the contact itself. Reports read only what this module keeps.
 */

import {
  addDays,
  addSummary,
  type ClinicalEvent,
  type ContactItem,
  type ContactSummary,
  clinicalEvents,
  deriveEpisodes,
  emptySummary,
  monthOf,
  type OstEvent,
  quarterOfMonth,
  referralsOf,
  STOCKED_COMMODITIES,
  summarise,
  uuidv7,
} from '@harbour/core';
import { type Kysely, sql } from 'kysely';
import { leaves, leaves3, within } from '../nested-maps.js';
import type { DialectName } from '../store/database.js';
import { type ContactTable, type Database, ROLLUP_QUANTITIES } from '../store/schema.js';
import {
  bulkInsert,
  chunkSize,
  chunks,
  greater,
  greaterText,
  insertNew,
  lesser,
  lesserText,
  valuesTable,
  Writes,
} from '../store/sql-helpers.js';

export interface NewContact {
  id: string;
  orgId: string;
  clientId: string;
  siteId: string;
  date: string;
  time: string | null;
  placeType: string;
  workerId: string | null;
  workerCode: string | null;
  items: ContactItem[];
  source: 'console' | 'api' | 'import' | 'sync' | 'demo';
  externalId: string | null;
  supersedesId: string | null;
  deviceId: string | null;
  createdBy: string | null;
}

export interface WriterContext {
  dialect: DialectName;
  now: () => Date;
  /** Referral follow-up interval per organisation (read with the caller's transaction). */
  followUpDays: (db: Kysely<Database>, orgId: string) => Promise<number>;
  /** Days without a dose that end an OST episode, per organisation (core ost.ts). */
  ostLostAfterDays: (db: Kysely<Database>, orgId: string) => Promise<number>;
}

type Db = Kysely<Database>;

/** The `contacts` columns, in the order `contactValues` gives them. */
const CONTACT_COLUMNS = [
  'id',
  'org_id',
  'client_id',
  'site_id',
  'contact_date',
  'contact_time',
  'place_type',
  'worker_id',
  'worker_code',
  'items',
  'syringes',
  'needles',
  'returned',
  'condoms',
  'naloxone',
  'reversals',
  'flags',
  'active',
  'source',
  'external_id',
  'supersedes_id',
  'superseded_by',
  'voided_at',
  'void_reason',
  'device_id',
  'created_at',
  'created_by',
] as const satisfies readonly (keyof ContactTable)[];

/** A new contact's row, as values in CONTACT_COLUMNS order (an import builds one per register row). */
function contactValues(c: NewContact, s: ContactSummary, at: string): unknown[] {
  return [
    c.id,
    c.orgId,
    c.clientId,
    c.siteId,
    c.date,
    c.time,
    c.placeType,
    c.workerId,
    c.workerCode,
    JSON.stringify(c.items),
    s.syringes,
    s.needles,
    s.returned,
    s.condoms,
    s.naloxone,
    s.reversals,
    s.flags,
    1,
    c.source,
    c.externalId,
    c.supersedesId,
    null,
    null,
    null,
    c.deviceId,
    at,
    c.createdBy,
  ];
}

/**
 * Inserts contacts that are not there yet (same id, or same external id in the organisation) and
 * applies their effects. Returns the ids actually inserted; the rest were duplicates.
 */
export async function insertContacts(
  trx: Db,
  ctx: WriterContext,
  input: readonly NewContact[],
): Promise<Set<string>> {
  if (input.length === 0) return new Set();
  // A contact always joins the person: a record merged into another answers as the survivor.
  const merged = new Map<string, string>();
  const ids = [...new Set(input.map((c) => c.clientId))];
  for (const chunk of chunks(ids, 500)) {
    for (const r of await trx
      .selectFrom('clients')
      .select(['id', 'merged_into'])
      .where('id', 'in', chunk)
      .where('merged_into', 'is not', null)
      .execute())
      merged.set(r.id, r.merged_into!);
  }
  const contacts = merged.size
    ? input.map((c) => (merged.has(c.clientId) ? { ...c, clientId: merged.get(c.clientId)! } : c))
    : input;
  const at = ctx.now().toISOString();
  const summaries = contacts.map((c) => summarise(c.items));
  const inserted = (await insertNew(
    trx,
    ctx.dialect,
    'contacts',
    CONTACT_COLUMNS,
    contacts.map((c, i) => contactValues(c, summaries[i]!, at)),
    'on conflict do nothing',
  )) as Set<string>;
  const fresh: NewContact[] = [];
  const freshSummaries: ContactSummary[] = [];
  contacts.forEach((c, i) => {
    if (!inserted.has(c.id)) return;
    fresh.push(c);
    freshSummaries.push(summaries[i]!);
  });
  if (fresh.length) await applyEffects(trx, ctx, fresh, freshSummaries);
  return inserted;
}

const earlier = lesserText;
const later = greaterText;
/** True when new first/last dates widen a row's range (or it has none yet): only then is it written. */
const datesMove = (table: string, first: string, last: string) =>
  `${table}.first_contact_date is null or ${table}.last_contact_date is null or ` +
  `${first} < ${table}.first_contact_date or ${last} > ${table}.last_contact_date`;

const EVENT_COLUMNS = [
  'id',
  'org_id',
  'client_id',
  'contact_id',
  'site_id',
  'event_date',
  'kind',
  'value',
  'detail',
  'num',
] as const;

type RollupRow = {
  client_id: string;
  site_id: string;
  period: string;
  person_id: string;
  org_id: string;
  contacts: number;
} & ContactSummary;

/** A batch's rollup rows by client, site and period. */
type Rollup = Map<string, Map<string, Map<string, RollupRow>>>;

/** Adds one contact to its row of a rollup (client × site × month, or × quarter). */
function addToRollup(rollup: Rollup, c: NewContact, period: string, summary: ContactSummary): void {
  const periods = within(within(rollup, c.clientId), c.siteId);
  let r = periods.get(period);
  if (!r) {
    r = {
      client_id: c.clientId,
      site_id: c.siteId,
      period,
      // Contacts are written to the surviving record of merged clients, so the client is the person.
      person_id: c.clientId,
      org_id: c.orgId,
      contacts: 0,
      ...emptySummary(),
    };
    periods.set(period, r);
  }
  r.contacts++;
  addSummary(r, summary);
}

/** Adds contacts into a rollup (client × site × month, or × quarter): quantities add up, flags are OR-ed. */
async function upsertRollup(
  writes: Writes,
  table: 'client_month' | 'client_quarter',
  rows: readonly RollupRow[],
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
    `on conflict (client_id, site_id, ${period}) do update set ${sums}, flags = ${table}.flags | excluded.flags`,
  );
}

async function applyEffects(
  trx: Db,
  ctx: WriterContext,
  contacts: readonly NewContact[],
  /** Each contact's summary (its row's quantities and flags), in the same order. */
  summaries: readonly ContactSummary[],
): Promise<void> {
  const { dialect } = ctx;
  // Nothing below reads what another statement here writes (OST episodes, which read the events, are
  // rebuilt after): on PostgreSQL they travel as one statement.
  const writes = new Writes(trx, dialect);

  // Client and client-site first/last dates.
  const clientDates = new Map<string, { min: string; max: string }>();
  const siteDates = new Map<
    string,
    Map<string, { clientId: string; siteId: string; orgId: string; min: string; max: string }>
  >();
  for (const c of contacts) {
    const cd = clientDates.get(c.clientId);
    if (!cd) clientDates.set(c.clientId, { min: c.date, max: c.date });
    else {
      if (c.date < cd.min) cd.min = c.date;
      if (c.date > cd.max) cd.max = c.date;
    }
    const sites = within(siteDates, c.clientId);
    const sd = sites.get(c.siteId);
    if (!sd)
      sites.set(c.siteId, {
        clientId: c.clientId,
        siteId: c.siteId,
        orgId: c.orgId,
        min: c.date,
        max: c.date,
      });
    else {
      if (c.date < sd.min) sd.min = c.date;
      if (c.date > sd.max) sd.max = c.date;
    }
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
    `on conflict (client_id, site_id) do update set first_contact_date = ${earlier(dialect, 'client_sites.first_contact_date', 'excluded.first_contact_date')}, last_contact_date = ${later(dialect, 'client_sites.last_contact_date', 'excluded.last_contact_date')} where ${datesMove('client_sites', 'excluded.first_contact_date', 'excluded.last_contact_date')}`,
  );

  // Clinical events, referrals.
  const events: unknown[][] = [];
  const referrals: unknown[][] = [];
  const ostClients = new Set<string>();
  const followUp = new Map<string, number>();
  const at = ctx.now().toISOString();
  // Each contact's clinical events, by its place in `contacts` (the HIV milestones read them too).
  const contactEvents = contacts.map((c) => clinicalEvents(c.items));
  contacts.forEach((c, i) => {
    for (const e of contactEvents[i]!) {
      events.push([uuidv7(), c.orgId, c.clientId, c.id, c.siteId, c.date, e.kind, e.value, e.detail, e.num]);
      if (e.kind === 'ost') ostClients.add(c.clientId);
    }
  });
  for (const c of contacts) {
    const services = referralsOf(c.items);
    if (services.length) {
      if (!followUp.has(c.orgId)) followUp.set(c.orgId, await ctx.followUpDays(trx, c.orgId));
      const due = addDays(c.date, followUp.get(c.orgId)!);
      for (const { service, provider } of services) {
        referrals.push([
          uuidv7(),
          c.orgId,
          c.clientId,
          c.id,
          c.siteId,
          service,
          provider,
          c.date,
          due,
          'issued',
          null,
          at,
          c.createdBy,
        ]);
      }
    }
  }
  await writes.insert('client_events', EVENT_COLUMNS, events);
  await writes.insert(
    'referrals',
    [
      'id',
      'org_id',
      'client_id',
      'contact_id',
      'site_id',
      'service',
      'provider',
      'issued_date',
      'due_date',
      'status',
      'completed_date',
      'updated_at',
      'updated_by',
    ],
    referrals,
    'on conflict do nothing',
  );

  // The client × site × month and × quarter rollups.
  // Client → site → period → row: no key string built per contact.
  const months: Rollup = new Map();
  const quarters: Rollup = new Map();
  contacts.forEach((c, i) => {
    const month = monthOf(c.date);
    addToRollup(months, c, month, summaries[i]!);
    addToRollup(quarters, c, quarterOfMonth(month), summaries[i]!);
  });
  await upsertRollup(writes, 'client_month', leaves3(months));
  await upsertRollup(writes, 'client_quarter', leaves3(quarters));

  await addHivMilestones(writes, dialect, contacts, contactEvents);
  if (ostClients.size) {
    await writes.flush();
    await rebuildOstEpisodes(trx, dialect, [...ostClients], (orgId) => ctx.ostLostAfterDays(trx, orgId));
  }
  // Last: every contact at a site that day adds to the same stock rows, locked until commit on
  // PostgreSQL, so the less that follows them, the less the site's other contacts wait (there they
  // go in the one statement with the writes above, so only the audit entry and the commit follow).
  await addDistributed(writes, contacts, 1);
  await writes.flush();
}

/** Adds (sign 1) or takes back (sign −1) the stocked commodities the contacts handed out. */
async function addDistributed(
  writes: Writes,
  contacts: readonly Pick<NewContact, 'orgId' | 'siteId' | 'date' | 'items'>[],
  sign: 1 | -1,
): Promise<void> {
  // Site → day → commodity → [site, commodity, day, org, quantity].
  const totals = new Map<string, Map<string, Map<string, unknown[]>>>();
  for (const c of contacts) {
    for (const i of c.items) {
      if (!i.qty || !STOCKED_COMMODITIES.includes(i.code)) continue;
      const day = within(within(totals, c.siteId), c.date);
      const t = day.get(i.code);
      if (t) t[4] = (t[4] as number) + sign * i.qty;
      else day.set(i.code, [c.siteId, i.code, c.date, c.orgId, sign * i.qty]);
    }
  }
  await writes.insert(
    'stock_distributed',
    ['site_id', 'commodity', 'day', 'org_id', 'quantity'],
    leaves3(totals),
    'on conflict (site_id, commodity, day) do update set quantity = stock_distributed.quantity + excluded.quantity',
  );
}

/** First HIV result, first positive, first ART start per client, for the cascade (earliest date wins). */
async function addHivMilestones(
  writes: Writes,
  dialect: DialectName,
  contacts: readonly NewContact[],
  /** Each contact's clinical events, in the same order. */
  contactEvents: readonly (readonly ClinicalEvent[])[],
): Promise<void> {
  const rows = new Map<string, [string, string, string | null, string | null, string | null]>();
  for (let i = 0; i < contacts.length; i++) {
    const c = contacts[i]!;
    for (const e of contactEvents[i]!) {
      const result = e.kind === 'hiv_result' && (e.value === 'negative' || e.value === 'positive');
      if (!result && e.kind !== 'art_start') continue;
      const r = rows.get(c.clientId) ?? [c.clientId, c.orgId, null, null, null];
      const min = (a: string | null, b: string) => (a === null || b < a ? b : a);
      if (result) r[2] = min(r[2], c.date);
      if (result && e.value === 'positive') r[3] = min(r[3], c.date);
      if (e.kind === 'art_start') r[4] = min(r[4], c.date);
      rows.set(c.clientId, r);
    }
  }
  const set = ['first_result_date', 'first_positive_date', 'first_art_date']
    .map((c) => `${c} = ${earlier(dialect, `client_hiv.${c}`, `excluded.${c}`)}`)
    .join(', ');
  await writes.insert(
    'client_hiv',
    ['client_id', 'org_id', 'first_result_date', 'first_positive_date', 'first_art_date'],
    [...rows.values()],
    `on conflict (client_id) do update set ${set}`,
  );
}

/** Recomputes a client's HIV milestones from their active clinical events. */
async function rebuildHivMilestones(trx: Db, clientId: string): Promise<void> {
  const events = await trx
    .selectFrom('client_events')
    .select(['org_id', 'kind', 'value', 'event_date'])
    .where('client_id', '=', clientId)
    .where('kind', 'in', ['hiv_result', 'art_start'])
    .execute();
  await trx.deleteFrom('client_hiv').where('client_id', '=', clientId).execute();
  const min = (xs: string[]) => (xs.length ? xs.sort()[0]! : null);
  const results = events.filter(
    (e) => e.kind === 'hiv_result' && (e.value === 'negative' || e.value === 'positive'),
  );
  const row = {
    client_id: clientId,
    org_id: events[0]?.org_id ?? '',
    first_result_date: min(results.map((e) => e.event_date)),
    first_positive_date: min(results.filter((e) => e.value === 'positive').map((e) => e.event_date)),
    first_art_date: min(events.filter((e) => e.kind === 'art_start').map((e) => e.event_date)),
  };
  if (row.first_result_date || row.first_art_date) await trx.insertInto('client_hiv').values(row).execute();
}

/**
 * Rebuilds clients' OST episodes from their active OST events (few per client, so a rebuild is cheap
 * and always right). Clients go in chunks: a batch of imported or synced contacts touches hundreds.
 */
export async function rebuildOstEpisodes(
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
          events[0]!.org_id,
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

/** Recomputes one client × site × month rollup row from the active contacts it covers, then its quarter's. */
async function rebuildMonth(trx: Db, clientId: string, siteId: string, month: string): Promise<void> {
  const rows = await trx
    .selectFrom('contacts')
    .select(['org_id', 'syringes', 'needles', 'returned', 'condoms', 'naloxone', 'reversals', 'flags'])
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
 * Points the monthly rollup rows of these client records at the person each now belongs to, after a
 * merge or its undo (reports add a person's rows up by person_id).
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

/**
 * Recomputes the first and last contact dates of the person a client belongs to: each record keeps
 * its own, and the surviving record of merged ones holds the whole person's (what "first-ever
 * contact" and "new" mean). Called after a contact leaves the record, and after a merge or its undo.
 */
export async function rebuildPersonDates(trx: Db, clientId: string): Promise<void> {
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

/** Recomputes a client's first/last contact dates (overall and per site) after a contact left the record. */
async function rebuildClientDates(trx: Db, clientId: string): Promise<void> {
  await rebuildPersonDates(trx, clientId);
  const perSite = await trx
    .selectFrom('contacts')
    .select([
      'site_id',
      sql<string>`min(contact_date)`.as('first'),
      sql<string>`max(contact_date)`.as('last'),
    ])
    .where('client_id', '=', clientId)
    .where('active', '=', 1)
    .groupBy('site_id')
    .execute();
  const seen = new Set(perSite.map((p) => p.site_id));
  for (const p of perSite) {
    await trx
      .updateTable('client_sites')
      .set({ first_contact_date: p.first, last_contact_date: p.last })
      .where('client_id', '=', clientId)
      .where('site_id', '=', p.site_id)
      .execute();
  }
  // A site that only had the removed contact keeps its row (the client was there) with no dates.
  const rows = await trx
    .selectFrom('client_sites')
    .select('site_id')
    .where('client_id', '=', clientId)
    .execute();
  for (const r of rows) {
    if (!seen.has(r.site_id))
      await trx
        .updateTable('client_sites')
        .set({ first_contact_date: null, last_contact_date: null })
        .where('client_id', '=', clientId)
        .where('site_id', '=', r.site_id)
        .execute();
  }
}

/**
 * Takes a contact out of the record (void, or superseded by a correction): the row stays, marked,
 * and everything derived from it is recomputed.
 */
export async function deactivateContact(
  trx: Db,
  ctx: WriterContext,
  contact: ContactTable,
  change: { voidReason: string } | { supersededBy: string },
): Promise<void> {
  const at = ctx.now().toISOString();
  await trx
    .updateTable('contacts')
    .set(
      'voidReason' in change
        ? { active: 0, voided_at: at, void_reason: change.voidReason }
        : { active: 0, superseded_by: change.supersededBy },
    )
    .where('id', '=', contact.id)
    .execute();
  const kinds = new Set(
    (await trx.selectFrom('client_events').select('kind').where('contact_id', '=', contact.id).execute()).map(
      (e) => e.kind,
    ),
  );
  const hadOst = kinds.has('ost');
  await trx.deleteFrom('client_events').where('contact_id', '=', contact.id).execute();
  await trx
    .updateTable('referrals')
    .set({ status: 'void', updated_at: at })
    .where('contact_id', '=', contact.id)
    .execute();
  if (hadOst)
    await rebuildOstEpisodes(trx, ctx.dialect, [contact.client_id], (orgId) =>
      ctx.ostLostAfterDays(trx, orgId),
    );
  if (kinds.has('hiv_result') || kinds.has('art_start')) await rebuildHivMilestones(trx, contact.client_id);
  await rebuildMonth(trx, contact.client_id, contact.site_id, monthOf(contact.contact_date));
  const writes = new Writes(trx, ctx.dialect);
  await addDistributed(
    writes,
    [
      {
        orgId: contact.org_id,
        siteId: contact.site_id,
        date: contact.contact_date,
        items: JSON.parse(contact.items) as ContactItem[],
      },
    ],
    -1,
  );
  await writes.flush();
  await rebuildClientDates(trx, contact.client_id);
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
