/** The anonymous client registry: find by code, enrol without a name, edit the profile — every read and write audited. */

import {
  type AuditAction,
  buildUic,
  ConflictError,
  checkBirthYear,
  type FieldIssue,
  InputError,
  KEY_POPULATIONS,
  type KeyPopulation,
  type ParsedUic,
  PROFILE_FIELDS,
  type ProfileClock,
  type ProfileValues,
  parseUic,
  SEXES,
  type Sex,
  serverStamp,
  shortRef,
  stampKnown,
  type UicAnswers,
  uuidv7,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import type { Services } from '../context.js';
import { rekeyArrivingCodes, rekeyBeforeLookup } from '../crypto/uic-rekey.js';
import type { Actor } from '../identity/actor.js';
import { programmeSettings } from '../programme/programme-settings.js';
import { prepared } from '../store/prepared.js';
import type { ClientTable, Database } from '../store/schema.js';
import { bulkInsert, chunkSize, chunks } from '../store/sql-helpers.js';
import { readAuditTransaction, writeTransaction } from '../store/transactions.js';
import { clientFor, clientInSubtree, orgAllowed, orgsFor, siteFor } from './client-access.js';
import { writeProfile } from './profile-writes.js';

export interface ClientView {
  id: string;
  /** A short reference for lists (the code itself is never stored). */
  ref: string;
  suffix: number;
  sex: Sex;
  birthYear: number | null;
  kp: KeyPopulation | null;
  enrolSite: { id: string; code: string; name: string };
  firstContactDate: string | null;
  lastContactDate: string | null;
  alias: string | null;
  mergedInto: string | null;
  /**
   * `full`: the client belongs to a site in the user's subtrees. `serve`: found by code elsewhere in
   * the organisation — enough to serve them (profile, last contact), not their alias or history.
   */
  access: 'full' | 'serve';
}

/** How people refer to a client in the console and on the phone (core `shortRef`). */
export const clientRef = shortRef;

type EnrolSite = ClientView['enrolSite'];

async function toView(
  s: Services,
  c: ClientTable,
  enrolSite?: EnrolSite,
  access: ClientView['access'] = 'full',
): Promise<ClientView> {
  const site =
    enrolSite ??
    (await s.db
      .selectFrom('org_units')
      .select(['id', 'code', 'name'])
      .where('id', '=', c.enrol_site_id)
      .executeTakeFirstOrThrow());
  return {
    id: c.id,
    ref: clientRef(c.id),
    suffix: c.uic_suffix,
    sex: c.sex as Sex,
    birthYear: c.birth_year,
    kp: c.kp as KeyPopulation | null,
    enrolSite: site,
    firstContactDate: access === 'full' ? c.first_contact_date : null,
    lastContactDate: c.last_contact_date,
    alias: access === 'full' && c.alias ? await s.dataKeys.decrypt(c.alias, `alias:${c.id}`) : null,
    mergedInto: c.merged_into,
    access,
  };
}

function audit(
  s: Services,
  db: Kysely<Database>,
  actor: Actor,
  action: AuditAction,
  client: Pick<ClientTable, 'id' | 'org_id'>,
  details: Record<string, string | number | boolean | null> = {},
) {
  return s.audit.record(db, actor, {
    action,
    entityType: 'client',
    entityId: client.id,
    orgId: client.org_id,
    details,
  });
}

// The request staff make all day; with each client's enrolment site, one round trip fewer.
const clientsByCode = prepared((db, orgId: string, uicHash: string) =>
  db
    .selectFrom('clients')
    .innerJoin('org_units as enrol', 'enrol.id', 'clients.enrol_site_id')
    .selectAll('clients')
    .select(['enrol.code as enrol_code', 'enrol.name as enrol_name'])
    .where('clients.org_id', '=', orgId)
    .where('clients.uic_hash', '=', uicHash)
    .where('clients.merged_into', 'is', null)
    .orderBy('clients.uic_suffix'),
);

/** The code from what was typed, or from the scheme's questions (the answers are used and forgotten). */
export async function codeFrom(
  s: Services,
  orgId: string,
  input: { uic?: string | null; answers?: UicAnswers | null },
): Promise<ParsedUic> {
  if (input.uic) {
    const p = parseUic(input.uic);
    if (!p.ok) throw new InputError(p.issue);
    return p.uic;
  }
  if (input.answers) {
    const { uicScheme } = await programmeSettings(s.db, orgId);
    const built = buildUic(uicScheme, input.answers);
    if (!built.ok) throw new InputError(built.issues.map((i) => ({ ...i, field: `answers.${i.field}` })));
    return { base: built.code, suffix: 0 };
  }
  throw new InputError({
    field: 'uic',
    rule: 'required',
    message: 'Type the UIC, or answer the questions that build it',
  });
}

export interface LookupResult {
  /** Live clients with this code in the organisation (more than one only when suffixes tell people apart). */
  matches: ClientView[];
}

/** Finds clients by code in the organisation of the site the user works at. */
export async function lookupClient(
  s: Services,
  actor: Actor,
  input: { siteCode: string; uic?: string | null; answers?: UicAnswers | null },
): Promise<LookupResult> {
  const site = await siteFor(s, actor, input.siteCode, 'client.read');
  const code = await codeFrom(s, site.org_id, input);
  await rekeyBeforeLookup(s, actor, site.org_id, [code]);
  const rows = await clientsByCode(s.db, site.org_id, (await s.uic.forOrg(site.org_id)).hash(code));
  const matches = code.suffix ? rows.filter((r) => r.uic_suffix === code.suffix) : rows;
  await readAuditTransaction(s, async (trx) => {
    if (matches.length === 0) {
      await s.audit.record(trx, actor, {
        action: 'client.lookup_missed',
        entityType: 'client',
        orgId: site.org_id,
        orgUnitId: site.id,
      });
    }
    for (const m of matches) await audit(s, trx, actor, 'client.looked_up', m, { site: site.code });
  });
  return {
    matches: await Promise.all(
      matches.map(async ({ enrol_code, enrol_name, ...m }) =>
        toView(
          s,
          m,
          { id: m.enrol_site_id, code: enrol_code, name: enrol_name },
          (await clientInSubtree(s.db, actor, m, 'client.read')) ? 'full' : 'serve',
        ),
      ),
    ),
  };
}

export interface EnrolInput {
  /** A client-made id (field app, importer); the server makes one otherwise. */
  id?: string;
  siteCode: string;
  uic?: string | null;
  answers?: UicAnswers | null;
  sex: Sex;
  birthYear?: number | null;
  kp?: KeyPopulation | null;
  alias?: string | null;
  /**
   * The code belongs to someone else already (the profile does not match): enrol this person under
   * the same code with the next suffix, e.g. PUM3181/2, to be written on their card.
   */
  differentPersonSameCode?: boolean;
}

function checkProfile(input: { sex?: string; birthYear?: number | null; kp?: string | null }, today: Date) {
  const issues: FieldIssue[] = [];
  if (input.sex !== undefined && !(SEXES as readonly string[]).includes(input.sex)) {
    issues.push({ field: 'sex', value: input.sex, rule: 'enum', message: `Allowed: ${SEXES.join(', ')}` });
  }
  if (
    input.kp !== undefined &&
    input.kp !== null &&
    !(KEY_POPULATIONS as readonly string[]).includes(input.kp)
  ) {
    issues.push({
      field: 'kp',
      value: input.kp,
      rule: 'enum',
      message: `Allowed: ${KEY_POPULATIONS.join(', ')}`,
    });
  }
  if (input.birthYear !== undefined && input.birthYear !== null) {
    const rule = checkBirthYear(input.birthYear, today);
    if (rule)
      issues.push({
        field: 'birthYear',
        value: String(input.birthYear),
        rule: 'range',
        message: `Give ${rule}`,
      });
  }
  if (issues.length) throw new InputError(issues);
}

export type NewClientRow = Omit<
  ClientTable,
  'profile_clock' | 'updated_at' | 'first_contact_date' | 'last_contact_date' | 'merged_into'
> & { profile_clock?: string };

/**
 * Inserts clients with their enrolment site and partial-code hashes, and flags probable duplicates
 * (a live client whose code differs in exactly one part) for review. Enrolment, import and sync all
 * create clients here, in batches.
 */
export async function insertClients(
  s: Services,
  trx: Kysely<Database>,
  clients: readonly { row: NewClientRow; code: ParsedUic }[],
): Promise<void> {
  if (clients.length === 0) return;
  const columns = [
    'id',
    'org_id',
    'uic_hash',
    'uic_suffix',
    'sex',
    'birth_year',
    'kp',
    'enrol_site_id',
    'alias',
    'created_at',
    'created_by',
    'profile_clock',
    'first_contact_date',
    'last_contact_date',
    'merged_into',
    'updated_at',
  ] as const;
  await bulkInsert(
    trx,
    s.dialect,
    'clients',
    columns,
    clients.map(({ row }) => {
      const full = {
        ...row,
        profile_clock: row.profile_clock ?? '{}',
        first_contact_date: null,
        last_contact_date: null,
        merged_into: null,
        updated_at: row.created_at,
      };
      return columns.map((c) => full[c]);
    }),
  );
  await bulkInsert(
    trx,
    s.dialect,
    'client_sites',
    ['client_id', 'site_id', 'org_id', 'first_contact_date', 'last_contact_date'],
    clients.map(({ row }) => [row.id, row.enrol_site_id, row.org_id, null, null]),
    'on conflict do nothing',
  );
  const partialRows: { client_id: string; org_id: string; part: number; hash: string }[] = [];
  for (const { row, code } of clients) {
    const hasher = await s.uic.forOrg(row.org_id);
    for (const [part, hash] of hasher.partials(code.base).entries())
      partialRows.push({ client_id: row.id, org_id: row.org_id, part, hash });
  }
  if (partialRows.length === 0) return;
  // Before the new partial codes are written: the query then finds only clients recorded earlier.
  await flagProbableDuplicates(
    trx,
    clients.map((c) => c.row),
    partialRows,
  );
  await bulkInsert(
    trx,
    s.dialect,
    'client_uic_partials',
    ['client_id', 'org_id', 'part', 'hash'],
    partialRows.map((p) => [p.client_id, p.org_id, p.part, p.hash]),
  );
}

/**
 * Pairs a new client with a live client whose code differs in one character, when a reviewer would
 * plausibly call them one person: they share a site, and their recorded sex and birth year do not
 * contradict each other. Everything else is noise that would bury the real slips.
 */
async function flagProbableDuplicates(
  trx: Kysely<Database>,
  created: readonly NewClientRow[],
  partialRows: readonly { client_id: string; org_id: string; part: number; hash: string }[],
): Promise<void> {
  const byId = new Map(created.map((c) => [c.id, c]));
  const pairs = new Map<
    string,
    {
      id: string;
      org_id: string;
      client_a: string;
      client_b: string;
      reason: string;
      status: string;
      created_at: string;
      resolved_at: null;
      resolved_by: null;
    }
  >();
  // The new clients are compared with each other here rather than found by the query (their partial
  // codes are written afterwards, so the query returns only earlier clients, not every new client's
  // own codes): a new client's only site yet is the one it enrolled at.
  type Candidate = Pick<ClientTable, 'id' | 'uic_hash' | 'sex' | 'birth_year' | 'org_id'> & {
    part: number;
    hash: string;
  };
  const sitesOf = new Map<string, Set<string>>(created.map((c) => [c.id, new Set([c.enrol_site_id])]));
  const ownByHash = new Map<string, Candidate[]>();
  for (const p of partialRows) {
    const c = byId.get(p.client_id)!;
    const own = ownByHash.get(p.hash) ?? [];
    own.push({
      id: c.id,
      uic_hash: c.uic_hash,
      sex: c.sex,
      birth_year: c.birth_year,
      org_id: p.org_id,
      part: p.part,
      hash: p.hash,
    });
    ownByHash.set(p.hash, own);
  }
  // Large chunks: while an import fills the table its statistics lag, and PostgreSQL then scans the
  // whole table once per query rather than probing the index, so fewer queries cost less.
  for (const chunk of chunks(partialRows, chunkSize(1))) {
    const similar = await trx
      .selectFrom('client_uic_partials as p')
      .innerJoin('clients as c', 'c.id', 'p.client_id')
      .select(['c.id', 'c.uic_hash', 'c.sex', 'c.birth_year', 'p.part', 'p.hash', 'p.org_id'])
      .where('p.org_id', 'in', [...new Set(chunk.map((p) => p.org_id))])
      .where(
        'p.hash',
        'in',
        chunk.map((p) => p.hash),
      )
      .where('c.merged_into', 'is', null)
      .execute();
    const siteRows = [];
    for (const ids of chunks([...new Set(similar.map((x) => x.id))], chunkSize(1)))
      siteRows.push(
        ...(await trx
          .selectFrom('client_sites')
          .select(['client_id', 'site_id'])
          .where('client_id', 'in', ids)
          .execute()),
      );
    for (const r of siteRows)
      sitesOf.set(r.client_id, (sitesOf.get(r.client_id) ?? new Set()).add(r.site_id));
    const byHash = new Map<string, typeof similar>();
    for (const m of similar) byHash.set(m.hash, [...(byHash.get(m.hash) ?? []), m]);
    for (const mine of chunk) {
      const self = byId.get(mine.client_id)!;
      for (const other of [...(byHash.get(mine.hash) ?? []), ...(ownByHash.get(mine.hash) ?? [])]) {
        if (other.id === self.id || other.org_id !== self.org_id || other.uic_hash === self.uic_hash)
          continue;
        if (!sitesOf.get(other.id)?.has(self.enrol_site_id)) continue;
        if (self.sex !== 'unknown' && other.sex !== 'unknown' && self.sex !== other.sex) continue;
        if (
          self.birth_year !== null &&
          other.birth_year !== null &&
          Math.abs(self.birth_year - other.birth_year) > 1
        )
          continue;
        const [a, b] = [other.id, self.id].sort() as [string, string];
        pairs.set(`${a}|${b}`, {
          id: uuidv7(),
          org_id: self.org_id,
          client_a: a,
          client_b: b,
          reason: `char:${mine.part + 1}`,
          status: 'open',
          created_at: self.created_at,
          resolved_at: null,
          resolved_by: null,
        });
      }
    }
  }
  for (const chunk of chunks([...pairs.values()], chunkSize(9)))
    await trx
      .insertInto('duplicate_pairs')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

export async function enrolClient(s: Services, actor: Actor, input: EnrolInput): Promise<ClientView> {
  const site = await siteFor(s, actor, input.siteCode, 'client.write');
  checkProfile(input, s.now());
  const code = await codeFrom(s, site.org_id, input);
  if (code.suffix) {
    throw new InputError({
      field: 'uic',
      rule: 'suffix',
      message:
        'A new client is enrolled without a suffix; suffixes are given when a reviewer separates two people who share a code',
    });
  }
  const settings = await programmeSettings(s.db, site.org_id);
  if (input.alias && !settings.aliasEnabled) {
    throw new InputError({
      field: 'alias',
      rule: 'disabled',
      message: 'This programme does not keep aliases; leave it empty',
    });
  }
  const hash = (await s.uic.forOrg(site.org_id)).hash(code);
  const id = input.id ?? uuidv7();
  const at = s.now().toISOString();
  // Sealed before the transaction: on SQLite a write transaction holds the only connection.
  const alias = input.alias ? await s.dataKeys.encrypt(site.org_id, input.alias, `alias:${id}`) : null;
  let suffix = 0;
  await writeTransaction(s, async (trx) => {
    await rekeyArrivingCodes(s, trx, actor, site.org_id, [code]);
    const existing = await trx
      .selectFrom('clients')
      .select(['id'])
      .where('org_id', '=', site.org_id)
      .where('uic_hash', '=', hash)
      .where('uic_suffix', '=', 0)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    if (existing && !input.differentPersonSameCode) {
      throw new ConflictError({
        field: 'uic',
        rule: 'unique',
        message: `A client with this code is already enrolled (reference ${clientRef(existing.id)}); open their record instead, or enrol a different person with the same code`,
      });
    }
    if (existing) {
      const max = await trx
        .selectFrom('clients')
        .select((eb) => eb.fn.max('uic_suffix').as('m'))
        .where('org_id', '=', site.org_id)
        .where('uic_hash', '=', hash)
        .executeTakeFirstOrThrow();
      suffix = Math.max(2, Number(max.m ?? 0) + 1);
    }
    await insertClients(s, trx, [
      {
        row: {
          id,
          org_id: site.org_id,
          uic_hash: hash,
          uic_suffix: suffix,
          sex: input.sex,
          birth_year: input.birthYear ?? null,
          kp: input.kp ?? null,
          enrol_site_id: site.id,
          alias,
          created_at: at,
          created_by: actor.userId,
          // What the enrolling person said is as new as now: an older phone edit does not undo it.
          profile_clock: JSON.stringify(
            stampKnown({ sex: input.sex, birthYear: input.birthYear, kp: input.kp }, serverStamp(at)),
          ),
        },
        code,
      },
    ]);
    await audit(
      s,
      trx,
      actor,
      'client.enrolled',
      { id, org_id: site.org_id },
      { site: site.code, alias: Boolean(input.alias), suffix },
    );
  });
  return toView(
    s,
    await s.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
}

export async function getClient(s: Services, actor: Actor, id: string): Promise<ClientView> {
  const c = await clientFor(s, actor, id);
  await readAuditTransaction(s, (trx) => audit(s, trx, actor, 'client.read', c));
  return toView(s, c);
}

export interface ProfilePatch {
  sex?: Sex;
  birthYear?: number | null;
  kp?: KeyPopulation | null;
  alias?: string | null;
}

export async function updateClient(
  s: Services,
  actor: Actor,
  id: string,
  patch: ProfilePatch,
): Promise<ClientView> {
  const c = await clientFor(s, actor, id, 'client.write');
  checkProfile(patch, s.now());
  const settings = await programmeSettings(s.db, c.org_id);
  if (patch.alias && !settings.aliasEnabled)
    throw new InputError({
      field: 'alias',
      rule: 'disabled',
      message: 'This programme does not keep aliases',
    });
  const at = s.now().toISOString();
  // A person's correction at the console wins over every earlier statement: each field given is
  // set as given (even "unknown") and stamped now.
  const changes: ProfileValues = {};
  const clock = JSON.parse(c.profile_clock) as ProfileClock;
  for (const f of PROFILE_FIELDS)
    if (patch[f] !== undefined) {
      (changes as Record<string, unknown>)[f] = patch[f];
      clock[f] = serverStamp(at);
    }
  // Sealed before the transaction opens (SQLite has one connection).
  const alias =
    patch.alias === undefined
      ? {}
      : { alias: patch.alias ? await s.dataKeys.encrypt(c.org_id, patch.alias, `alias:${c.id}`) : null };
  await writeTransaction(s, async (trx) => {
    await writeProfile(trx, id, { changes, clock }, at, alias);
    await audit(s, trx, actor, 'client.updated', c, { fields: Object.keys(patch).join(',') });
  });
  return toView(s, {
    ...c,
    ...(changes.sex !== undefined ? { sex: changes.sex } : {}),
    ...(changes.birthYear !== undefined ? { birth_year: changes.birthYear } : {}),
    ...(changes.kp !== undefined ? { kp: changes.kp } : {}),
    ...alias,
    profile_clock: JSON.stringify(clock),
    updated_at: at,
  });
}

export { orgAllowed, orgsFor };
