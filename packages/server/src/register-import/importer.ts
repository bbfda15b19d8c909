/**
 * Register import (docs/formats.md §1): streams rows, checks each, keeps the good ones and reports the
 * bad ones by row, column, value and rule. Importing the same rows again adds nothing: a row's
 * identity is its `contact_id`, or else a keyed fingerprint of its normalised content.
 */

import {
  canonicalItems,
  ForbiddenError,
  formatUic,
  InputError,
  isStatement,
  type ProfileClock,
  type ProfileValues,
  type RegisterIssue,
  type RegisterRow,
  readRegisterHeader,
  registerRowChecker,
  registerStamp,
  stampKnown,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { writeProfile } from '../clients/profile-writes.js';
import { insertClients, type NewClientRow } from '../clients/registry.js';
import { insertContacts, type NewContact } from '../contacts/contact-writer.js';
import { writerContext } from '../contacts/contacts.js';
import type { StockTally } from '../contacts/projections/stock-tally.js';
import type { Services } from '../context.js';
import type { UicHasher } from '../crypto/uic-hasher.js';
import { rekeyArrivingCodes } from '../crypto/uic-rekey.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { within } from '../nested-maps.js';
import type { Database } from '../store/schema.js';
import { inScope } from '../store/scope.js';
import { type Attr, AttributeSources } from './attribute-sources.js';
import { type CommitLimits, GroupedCommits } from './grouped-commits.js';
import type { RowSource, SourceRow } from './read-rows.js';

export interface ImportOptions {
  dryRun?: boolean;
  allOrNothing?: boolean;
  batchSize?: number;
  /** When the batches written are committed (grouped-commits.ts); ignored by dry runs and all-or-nothing. */
  commitLimits?: CommitLimits;
  /** Bytes read and rows seen so far. */
  onProgress?: (bytes: number, rows: number) => void;
  /** The header, then every rejected row with its reasons (for an errors CSV). */
  onHeader?: (cells: string[]) => void;
  onRejectedRow?: (row: SourceRow, reasons: string) => void;
  /** How many errors and warnings the summary lists in full (all are counted). */
  maxListed?: number;
  /** A bulk load's tally of stock handed out (bulk-load.ts); the caller writes it once the import ends. */
  stockTally?: StockTally;
}

export interface ImportSummary {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  clientsCreated: number;
  errors: RegisterIssue[];
  warnings: { row: number | null; column: string | null; message: string }[];
  /** True when more errors or warnings exist than are listed. */
  truncated: boolean;
  dryRun: boolean;
  /** True when nothing was kept (dry run, or all-or-nothing with rejected rows). */
  rolledBack: boolean;
}

class Rollback extends Error {}

const ATTR_COLUMN: Record<Attr, string> = { sex: 'sex', birthYear: 'birth_year', kp: 'kp' };
/** How a "not stated" set at the console reads in a warning about a row that contradicts it. */
const NOT_STATED = 'not stated';

interface SiteInfo {
  id: string;
  orgId: string;
}

/** Everything the importer remembers between batches; kept small so memory stays flat. */
class ImportState {
  readonly summary: ImportSummary;
  /** Attribute sources of clients touched by this import, for "earliest row wins" and contradiction warnings. */
  readonly attrs = new AttributeSources();
  /** Staff codes by organisation: the user each names, or null for nobody. */
  readonly workers = new Map<string, Map<string, string | null>>();
  /** Staff codes by organisation already warned about as naming nobody. */
  readonly warnedWorkers = new Map<string, Set<string>>();
  constructor(
    readonly sites: Map<string, SiteInfo>,
    readonly today: string,
    readonly max: number,
    dryRun: boolean,
  ) {
    this.summary = {
      rows: 0,
      imported: 0,
      duplicates: 0,
      rejected: 0,
      clientsCreated: 0,
      errors: [],
      warnings: [],
      truncated: false,
      dryRun,
      rolledBack: false,
    };
  }
  error(issue: RegisterIssue) {
    if (this.summary.errors.length < this.max) this.summary.errors.push(issue);
    else this.summary.truncated = true;
  }
  warn(row: number | null, column: string | null, message: string) {
    if (this.summary.warnings.length < this.max) this.summary.warnings.push({ row, column, message });
    else this.summary.truncated = true;
  }
}

async function sitesFor(s: Services, actor: Actor): Promise<Map<string, SiteInfo>> {
  const scope = scopeOf(actor, 'register.import');
  if (scope.length === 0) throw new ForbiddenError();
  const rows = await s.db
    .selectFrom('org_units')
    .select(['id', 'code', 'org_id'])
    .where('org_id', 'is not', null)
    .where((eb) => inScope(eb, 'path', scope))
    .execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, orgId: r.org_id! }]));
}

/** A row that passed the format's checks, with its code's keyed hash and its identity for re-imports. */
interface ReadRow {
  row: RegisterRow;
  source: SourceRow;
  uicHash: string;
  externalId: string;
  /** Set when the batch is written, if the importer may import for the row's site. */
  site: SiteInfo | null;
}

/**
 * Clients of a batch by organisation and code. Keyed by the code's hash itself when it has no suffix
 * (nearly always): the hash strings are shared by a client's rows, so no key is built per row.
 */
class ClientsByCode<T> {
  readonly #orgs = new Map<string, Map<string, T>>();
  #key(hash: string, suffix: number) {
    return suffix ? `${hash}/${suffix}` : hash;
  }
  get(orgId: string, hash: string, suffix: number): T | undefined {
    return this.#orgs.get(orgId)?.get(this.#key(hash, suffix));
  }
  has(orgId: string, hash: string, suffix: number): boolean {
    return this.#orgs.get(orgId)?.has(this.#key(hash, suffix)) ?? false;
  }
  set(orgId: string, hash: string, suffix: number, value: T) {
    let codes = this.#orgs.get(orgId);
    if (!codes) {
      codes = new Map();
      this.#orgs.set(orgId, codes);
    }
    codes.set(this.#key(hash, suffix), value);
  }
}

function fingerprint(s: Services, r: RegisterRow): string {
  const canonical = JSON.stringify([
    r.date,
    r.siteCode,
    formatUic(r.uic),
    r.sex,
    r.birthYear,
    r.kp,
    r.worker,
    canonicalItems(r.items),
  ]);
  return `fp:${s.uic.installation.fingerprint(canonical)}`;
}

/** Looks up the users a batch's staff codes name, once per import: rows then find them without waiting. */
async function findWorkers(trx: Kysely<Database>, state: ImportState, rows: readonly ReadRow[]) {
  for (const { row, site } of rows) {
    if (!row.worker || !site) continue;
    const codes = within(state.workers, site.orgId);
    if (codes.has(row.worker)) continue;
    const u = await trx
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', site.orgId)
      .where('staff_code', '=', row.worker)
      .executeTakeFirst();
    codes.set(row.worker, u?.id ?? null);
  }
}

function workerId(state: ImportState, orgId: string, code: string | null, row: number): string | null {
  if (!code) return null;
  const id = state.workers.get(orgId)?.get(code) ?? null;
  if (id) return id;
  let warned = state.warnedWorkers.get(orgId);
  if (!warned) {
    warned = new Set();
    state.warnedWorkers.set(orgId, warned);
  }
  if (!warned.has(code)) {
    warned.add(code);
    state.warn(
      row,
      'worker',
      `No user has staff code "${code}"; the code is kept on the contacts but linked to nobody`,
    );
  }
  return id;
}

/**
 * Applies "taken from the client's earliest row that gives them; a later row that contradicts them is
 * a warning" (formats §1) to each attribute the row gives, and adds what must change to `updates`.
 */
function trackAttributes(
  state: ImportState,
  clientId: string,
  r: RegisterRow,
  updates: Map<string, Partial<Record<Attr, string | number>>>,
): void {
  // The client is found once; three calls, not a loop over [attribute, value] pairs: this runs for
  // every row imported.
  const place = state.attrs.track(clientId);
  if (r.sex !== null) trackAttribute(state, clientId, place, 'sex', r.sex, r, updates);
  if (r.birthYear !== null) trackAttribute(state, clientId, place, 'birthYear', r.birthYear, r, updates);
  if (r.kp !== null) trackAttribute(state, clientId, place, 'kp', r.kp, r, updates);
}

/** One attribute a row gives: kept if it is the client's earliest, else a warning when it differs. */
function trackAttribute(
  state: ImportState,
  clientId: string,
  place: number,
  attr: Attr,
  value: string | number,
  r: RegisterRow,
  updates: Map<string, Partial<Record<Attr, string | number>>>,
): void {
  if (state.attrs.holdsAt(place, attr, value)) return;
  const src = state.attrs.getAt(place, attr);
  if (src && (src.row === null || r.date >= src.date)) {
    const from = src.row === null ? 'recorded before this import' : `from row ${src.row} (${src.date})`;
    state.warn(
      r.row,
      ATTR_COLUMN[attr],
      `"${value}" contradicts the client's ${ATTR_COLUMN[attr]} "${src.value}" ${from}; the earlier value is kept`,
    );
    return;
  }
  if (src)
    state.warn(
      src.row,
      ATTR_COLUMN[attr],
      `"${src.value}" contradicts the client's ${ATTR_COLUMN[attr]} "${value}" from the earlier row ${r.row} (${r.date}); the earlier value is kept`,
    );
  state.attrs.setAt(place, attr, { value, date: r.date, row: r.row });
  let changes = updates.get(clientId);
  if (!changes) {
    changes = {};
    updates.set(clientId, changes);
  }
  changes[attr] = value;
}

async function processBatch(
  s: Services,
  actor: Actor,
  trx: Kysely<Database>,
  state: ImportState,
  batch: ReadRow[],
  opts: ImportOptions,
): Promise<void> {
  const reject = (item: ReadRow, issue: RegisterIssue) => {
    state.summary.rejected++;
    state.error(issue);
    opts.onRejectedRow?.(item.source, `${issue.column}: ${issue.message}`);
  };
  const placed: (ReadRow & { site: SiteInfo })[] = [];
  for (const item of batch) {
    item.site = state.sites.get(item.row.siteCode) ?? null;
    if (!item.site)
      reject(item, {
        row: item.row.row,
        column: 'site',
        value: item.row.siteCode,
        message: `No site has code "${item.row.siteCode}" in the part of the organisation you import for`,
      });
    else placed.push(item as ReadRow & { site: SiteInfo });
  }
  if (placed.length === 0) return;
  await findWorkers(trx, state, placed);

  // Clients: live ones by code; a merged client's code leads to the person it was merged into.
  const orgs = [...new Set(placed.map((p) => p.site.orgId))];
  // An organisation moving to its own key: the batch's codes re-keyed first, so they are found.
  for (const org of orgs)
    await rekeyArrivingCodes(
      s,
      trx,
      actor,
      org,
      placed.filter((p) => p.site.orgId === org).map((p) => p.row.uic),
    );
  const uniqueHashes = [...new Set(placed.map((p) => p.uicHash))];
  // What the database already knows of each (surviving) client, for "earliest row wins".
  const known = new Map<
    string,
    { sex: string; birth_year: number | null; kp: string | null; profile_clock: string }
  >();
  const found = new ClientsByCode<{
    id: string;
    sex: string;
    birth_year: number | null;
    kp: string | null;
  }>();
  for (let i = 0; i < uniqueHashes.length; i += 500) {
    const rows = await trx
      .selectFrom('clients')
      .select([
        'id',
        'org_id',
        'uic_hash',
        'uic_suffix',
        'merged_into',
        'sex',
        'birth_year',
        'kp',
        'profile_clock',
      ])
      .where('org_id', 'in', orgs)
      .where('uic_hash', 'in', uniqueHashes.slice(i, i + 500))
      .execute();
    for (const c of rows.sort((a, b) => Number(a.merged_into !== null) - Number(b.merged_into !== null))) {
      if (found.has(c.org_id, c.uic_hash, c.uic_suffix)) continue;
      const client = { id: c.merged_into ?? c.id, sex: c.sex, birth_year: c.birth_year, kp: c.kp };
      found.set(c.org_id, c.uic_hash, c.uic_suffix, client);
      known.set(client.id, { ...client, profile_clock: c.profile_clock });
    }
  }
  const newClients = new Map<string, { row: NewClientRow; code: RegisterRow['uic'] }>();
  const contacts: NewContact[] = [];
  // What each contact came from, by its place in `contacts`.
  const contactRows: { row: RegisterRow; source: SourceRow; clientId: string; existing: boolean }[] = [];
  const at = s.now().toISOString();
  // Earliest-dated rows first, so a new client's enrolment site and attributes come from its first contact.
  placed.sort((a, b) => (a.row.date < b.row.date ? -1 : a.row.date > b.row.date ? 1 : a.row.row - b.row.row));
  for (const p of placed) {
    let client = found.get(p.site.orgId, p.uicHash, p.row.uic.suffix);
    let existing = true;
    if (!client) {
      if (p.row.uic.suffix) {
        reject(p, {
          row: p.row.row,
          column: 'uic',
          value: '(hidden)',
          message: `No client has this code with suffix /${p.row.uic.suffix}; suffixes are given when a reviewer separates two people`,
        });
        continue;
      }
      const id = uuidv7();
      client = { id, sex: p.row.sex ?? 'unknown', birth_year: p.row.birthYear, kp: p.row.kp };
      found.set(p.site.orgId, p.uicHash, 0, client);
      newClients.set(id, {
        row: {
          id,
          org_id: p.site.orgId,
          uic_hash: p.uicHash,
          uic_suffix: 0,
          sex: p.row.sex ?? 'unknown',
          birth_year: p.row.birthYear,
          kp: p.row.kp,
          enrol_site_id: p.site.id,
          alias: null,
          created_at: at,
          created_by: actor.userId,
          // What the earliest row says is as new as that row's day (clients/profile-writes.ts).
          profile_clock: JSON.stringify(
            stampKnown(
              { sex: p.row.sex ?? undefined, birthYear: p.row.birthYear, kp: p.row.kp },
              registerStamp(p.row.date),
            ),
          ),
        },
        code: p.row.uic,
      });
      existing = false;
    } else if (!newClients.has(client.id)) existing = true;
    else existing = false;
    const id = uuidv7();
    contacts.push({
      id,
      orgId: p.site.orgId,
      clientId: client.id,
      siteId: p.site.id,
      date: p.row.date,
      time: null,
      placeType: 'fixed_site',
      workerId: workerId(state, p.site.orgId, p.row.worker, p.row.row),
      workerCode: p.row.worker,
      items: p.row.items,
      source: 'import',
      externalId: p.externalId,
      supersedesId: null,
      deviceId: null,
      createdBy: actor.userId,
    });
    contactRows.push({ row: p.row, source: p.source, clientId: client.id, existing });
  }
  await insertClients(s, trx, [...newClients.values()]);
  const inserted = await insertContacts(trx, { ...writerContext(s), stockTally: opts.stockTally }, contacts);

  // Attributes: seed what the database already knew, then apply rows oldest first.
  const updates = new Map<string, Partial<Record<Attr, string | number>>>();
  const createdUsed = new Set<string>();
  for (let i = 0; i < contacts.length; i++) {
    const c = contacts[i]!;
    const info = contactRows[i]!;
    if (!inserted.has(c.id)) {
      state.summary.duplicates++;
      continue;
    }
    state.summary.imported++;
    if (!info.existing) createdUsed.add(info.clientId);
    if (info.existing && !state.attrs.has(info.clientId)) {
      const db = known.get(info.clientId)!;
      const before = { date: '0000-00-00', row: null };
      const clock = JSON.parse(db.profile_clock) as ProfileClock;
      state.attrs.track(info.clientId);
      // What is recorded stands, "not stated" set at the console included (a statement, not a gap).
      if (isStatement('sex', db.sex, clock.sex))
        state.attrs.set(info.clientId, 'sex', { value: db.sex, ...before });
      if (isStatement('birthYear', db.birth_year, clock.birthYear))
        state.attrs.set(info.clientId, 'birthYear', { value: db.birth_year ?? NOT_STATED, ...before });
      if (isStatement('kp', db.kp, clock.kp))
        state.attrs.set(info.clientId, 'kp', { value: db.kp ?? NOT_STATED, ...before });
    }
    trackAttributes(state, info.clientId, info.row, updates);
  }
  state.summary.clientsCreated += createdUsed.size;
  for (const [id, ch] of updates) {
    const created = newClients.get(id)?.row;
    // A new client was inserted with its earliest row's values already; skip writes that change nothing.
    if (
      created &&
      (ch.sex ?? created.sex) === created.sex &&
      (ch.birthYear ?? created.birth_year) === created.birth_year &&
      (ch.kp ?? created.kp) === created.kp
    )
      continue;
    // Each value set is stamped with the day of the row it came from; the other fields keep theirs.
    const clock = JSON.parse(created?.profile_clock ?? known.get(id)?.profile_clock ?? '{}') as ProfileClock;
    for (const attr of Object.keys(ch) as Attr[]) {
      const day = state.attrs.get(id, attr)?.date;
      if (day) clock[attr] = registerStamp(day);
    }
    await writeProfile(trx, id, { changes: ch as ProfileValues, clock }, at);
  }
  const byOrg = new Map<string, number>();
  for (const c of contacts) if (inserted.has(c.id)) byOrg.set(c.orgId, (byOrg.get(c.orgId) ?? 0) + 1);
  for (const [orgId, n] of byOrg) {
    await s.audit.record(trx, actor, {
      action: 'register.imported',
      entityType: 'contact',
      orgId,
      details: {
        contacts: n,
        clientsCreated: [...newClients.values()].filter(
          (c) => c.row.org_id === orgId && createdUsed.has(c.row.id),
        ).length,
      },
    });
  }
}

/** Runs an import. File-level problems (no register header, not UTF-8, not a spreadsheet) throw; row problems are reported. */
export async function importRegister(
  s: Services,
  actor: Actor,
  source: RowSource,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const state = new ImportState(
    await sitesFor(s, actor),
    toIsoDate(s.now()),
    opts.maxListed ?? 1000,
    opts.dryRun ?? false,
  );
  const batchSize = opts.batchSize ?? 4000;
  let bytes = 0;
  const chunks = source.rows((n) => {
    bytes = n;
  });

  const first = await chunks.next();
  const headerRow = first.done ? undefined : first.value[0];
  if (!headerRow)
    throw new InputError({
      field: 'file',
      rule: 'empty',
      message: 'The file has no rows; the first row must be the header',
    });
  const { header, problem, warnings } = readRegisterHeader(headerRow.cells.map((c) => String(c ?? '')));
  if (problem)
    throw new InputError({ field: 'header', row: headerRow.row, rule: 'columns', message: problem });
  for (const w of warnings) state.warn(headerRow.row, null, w);
  opts.onHeader?.(headerRow.cells.map((c) => String(c ?? '')));
  const check = registerRowChecker(header, state.today);
  const firstRows = first.value!.slice(1);
  // Codes are hashed with their organisation's key: each site's, found once.
  const hasherOfSite = new Map<string, UicHasher>();
  for (const [code, site] of state.sites) hasherOfSite.set(code, await s.uic.forOrg(site.orgId));

  const run = async (db: Kysely<Database>, single: boolean) => {
    let batch: ReadRow[] = [];
    // Each code's hash once per batch and organisation (regulars come back many times).
    let hashes = new Map<UicHasher, Map<string, string>>();
    // The batch being written. The next one is read and checked meanwhile: on PostgreSQL this thread
    // would otherwise sit idle while the database works. Batches are still written one at a time.
    let writing: Promise<void> = Promise.resolve();
    // Batches are committed a few at a time (grouped-commits.ts), or all at once in `single` mode.
    const commits = new GroupedCommits(db, opts.commitLimits);
    const write = (current: ReadRow[]) =>
      single
        ? processBatch(s, actor, db, state, current, opts)
        : commits.write(current.length, (trx) => processBatch(s, actor, trx, state, current, opts));
    const flush = async () => {
      await writing;
      if (batch.length === 0) return;
      const current = batch;
      batch = [];
      hashes = new Map();
      writing = write(current).then(() => opts.onProgress?.(bytes, state.summary.rows));
      // A failure is thrown by the next flush; until then it must not count as unhandled.
      writing.catch(() => {});
    };
    /** Checks a row and adds it to the batch; true when the batch is full. */
    const read = (src: SourceRow): boolean => {
      state.summary.rows++;
      const parsed = check(src.cells, src.row);
      if (!parsed.ok) {
        state.summary.rejected++;
        for (const i of parsed.issues) state.error(i);
        opts.onRejectedRow?.(src, parsed.issues.map((i) => `${i.column}: ${i.message}`).join('; '));
        return false;
      }
      const row = parsed.row;
      // A site outside the importer's reach is rejected when the batch is written; its hash is unused.
      const hasher = hasherOfSite.get(row.siteCode) ?? s.uic.installation;
      let ofOrg = hashes.get(hasher);
      if (!ofOrg) {
        ofOrg = new Map();
        hashes.set(hasher, ofOrg);
      }
      let uicHash = ofOrg.get(row.uic.base);
      if (!uicHash) {
        uicHash = hasher.hash(row.uic);
        ofOrg.set(row.uic.base, uicHash);
      }
      const externalId = row.contactId ? `id:${row.contactId}` : fingerprint(s, row);
      batch.push({ row, source: src, uicHash, externalId, site: null });
      return batch.length >= batchSize;
    };
    try {
      for (const src of firstRows) if (read(src)) await flush();
      for await (const chunk of chunks) for (const src of chunk) if (read(src)) await flush();
      await flush();
      await writing;
    } finally {
      // A file that turns out unreadable midway: let the batch in flight finish, and keep the batches
      // written, before giving up. (A batch that failed to write has rolled its transaction back.)
      await writing.catch(() => {});
      await commits.commit();
    }
    opts.onProgress?.(bytes, state.summary.rows);
  };

  if (opts.dryRun || opts.allOrNothing) {
    try {
      await s.db.transaction().execute(async (trx) => {
        await run(trx, true);
        if (opts.dryRun || state.summary.rejected > 0) throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      state.summary.rolledBack = true;
    }
  } else {
    await run(s.db, false);
  }
  state.summary.errors.sort((a, b) => a.row - b.row);
  if (state.summary.rolledBack && !opts.dryRun) {
    // All or nothing: report what would have been imported, but nothing was.
    state.warn(
      null,
      null,
      `Nothing was imported because ${state.summary.rejected} row(s) were rejected (--all-or-nothing)`,
    );
  }
  return state.summary;
}
