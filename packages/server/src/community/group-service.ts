/**
 * The directory of drug-user groups and networks: adding, changing and removing an entry (the
 * keeper's `network.manage`), listing it as each reader may see it (group-access.ts), the country
 * summary the map is drawn from, and a CSV for those who work with it. The contact a group shares
 * and the notes about it are sealed with the keeper's key, and a list that shows contacts is audited.
 */

import {
  type CommunityGroup,
  type CountrySummary,
  communityGroupInput,
  InputError,
  NotFoundError,
  parseInput,
  summariseByCountry,
  uuidv7,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import type { CommunityGroupTable } from '../store/schema.js';
import { groupView, mayManageGroup } from './group-access.js';

const contactAad = (id: string) => `community-group-contact:${id}`;
const notesAad = (id: string) => `community-group-notes:${id}`;

export interface GroupFilter {
  country?: string;
  kind?: string;
  /** Groups with a voting seat (member or alternate) in this body. */
  seat?: 'national' | 'ccm';
}

async function keeperFor(s: Services, actor: Actor, code: string) {
  const unit = await s.db
    .selectFrom('org_units')
    .select(['id', 'path', 'org_id'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!unit || !mayManageGroup(actor, unit.path))
    throw new InputError({
      field: 'keeper',
      value: code,
      rule: 'exists',
      message: `No org unit "${code}" where you may keep the directory`,
    });
  return unit;
}

async function rowFor(s: Services, actor: Actor, id: string) {
  const row = await s.db
    .selectFrom('community_groups as g')
    .innerJoin('org_units as u', 'u.id', 'g.keeper_id')
    .selectAll('g')
    .select(['u.path', 'u.code as keeper_code'])
    .where('g.id', '=', id)
    .executeTakeFirst();
  // An entry the actor may not change is answered like one that does not exist.
  if (!row || !mayManageGroup(actor, row.path)) throw new NotFoundError(`Group "${id}"`);
  return row;
}

/** Adds an entry, or replaces one (`id`); returns it as its keeper sees it. */
export async function saveGroup(
  s: Services,
  actor: Actor,
  raw: unknown,
  id?: string,
): Promise<CommunityGroup> {
  const input = parseInput(communityGroupInput, raw);
  const existing = id ? await rowFor(s, actor, id) : null;
  const keeper = await keeperFor(s, actor, input.keeper);
  const groupId = existing?.id ?? uuidv7();
  const owner = keeper.org_id ?? keeper.id;
  const at = s.now().toISOString();
  // Sealed before the transaction (SQLite has one connection).
  const contact = input.contact ? await s.dataKeys.encrypt(owner, input.contact, contactAad(groupId)) : null;
  const notes = input.notes ? await s.dataKeys.encrypt(owner, input.notes, notesAad(groupId)) : null;
  const row: CommunityGroupTable = {
    id: groupId,
    keeper_id: keeper.id,
    org_id: owner,
    name: input.name,
    country: input.country,
    region: input.region || null,
    kind: input.kind,
    status: input.status,
    founded: input.founded ?? null,
    membership: input.membership ?? null,
    languages: JSON.stringify(input.languages),
    contact,
    listed_publicly: input.listedPublicly ? 1 : 0,
    national_seat: input.nationalSeat,
    ccm_seat: input.ccmSeat,
    small_grant: input.smallGrant ? 1 : 0,
    // Linked by a grants officer from the grant's side; changing the entry keeps the link.
    grant_application_id: existing?.grant_application_id ?? null,
    notes,
    created_at: existing?.created_at ?? at,
    updated_at: at,
  };
  await s.db.transaction().execute(async (trx) => {
    if (existing) {
      const { id: _id, created_at: _c, ...rest } = row;
      await trx.updateTable('community_groups').set(rest).where('id', '=', groupId).execute();
    } else await trx.insertInto('community_groups').values(row).execute();
    await s.audit.record(trx, actor, {
      action: existing ? 'community.group_updated' : 'community.group_added',
      entityType: 'community',
      entityId: groupId,
      orgUnitId: keeper.id,
      orgId: keeper.org_id,
      details: { country: input.country, kind: input.kind, listedPublicly: input.listedPublicly },
    });
  });
  return view(s, { ...row, keeper_code: input.keeper }, 'full');
}

/** Removes an entry: a group may ask to leave the directory, and then nothing of it stays. */
export async function removeGroup(s: Services, actor: Actor, id: string): Promise<void> {
  const row = await rowFor(s, actor, id);
  await s.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('community_groups').where('id', '=', id).execute();
    await s.audit.record(trx, actor, {
      action: 'community.group_removed',
      entityType: 'community',
      entityId: id,
      orgUnitId: row.keeper_id,
      orgId: row.org_id,
      details: { country: row.country },
    });
  });
}

/** The small grant a directory entry is linked to: the call's title, the amount awarded, the grant's status. */
async function grantOf(s: Services, applicationId: string): Promise<CommunityGroup['grant']> {
  const row = await s.db
    .selectFrom('grant_applications as a')
    .innerJoin('grant_calls as c', 'c.id', 'a.call_id')
    .select(['a.call_id', 'a.awarded_amount', 'a.grant_status', 'c.definition'])
    .where('a.id', '=', applicationId)
    .executeTakeFirst();
  if (!row) return null;
  const def = JSON.parse(row.definition) as { title: Record<string, string>; currency: string };
  return {
    callId: row.call_id,
    call: def.title.en ?? Object.values(def.title)[0] ?? '',
    amount: row.awarded_amount,
    currency: def.currency,
    status: row.grant_status,
  };
}

async function view(
  s: Services,
  r: CommunityGroupTable & { keeper_code: string },
  how: 'full' | 'listing',
): Promise<CommunityGroup> {
  const full = how === 'full';
  return {
    id: r.id,
    keeper: r.keeper_code,
    name: r.name,
    country: r.country,
    region: r.region,
    kind: r.kind,
    status: r.status,
    founded: r.founded,
    membership: r.membership,
    languages: JSON.parse(r.languages) as string[],
    contact: full && r.contact ? await s.dataKeys.decrypt(r.contact, contactAad(r.id)) : null,
    listedPublicly: r.listed_publicly === 1,
    nationalSeat: r.national_seat,
    ccmSeat: r.ccm_seat,
    // A grant linked from the grants side counts, whatever the entry's own flag says.
    smallGrant: r.small_grant === 1 || r.grant_application_id !== null,
    grant: full && r.grant_application_id ? await grantOf(s, r.grant_application_id) : null,
    notes: full && r.notes ? await s.dataKeys.decrypt(r.notes, notesAad(r.id)) : null,
    updatedAt: r.updated_at,
    view: how,
  };
}

/** The entries the actor sees, filtered, each as they may see it; a list showing contacts is audited. */
export async function listGroups(
  s: Services,
  actor: Actor,
  filter: GroupFilter = {},
): Promise<CommunityGroup[]> {
  let q = s.db
    .selectFrom('community_groups as g')
    .innerJoin('org_units as u', 'u.id', 'g.keeper_id')
    .selectAll('g')
    .select(['u.path', 'u.code as keeper_code'])
    .orderBy('g.country')
    .orderBy('g.name');
  if (filter.country) q = q.where('g.country', '=', filter.country.toUpperCase());
  if (filter.kind) q = q.where('g.kind', '=', filter.kind as CommunityGroupTable['kind']);
  if (filter.seat === 'national') q = q.where('g.national_seat', 'in', ['member', 'alternate']);
  if (filter.seat === 'ccm') q = q.where('g.ccm_seat', 'in', ['member', 'alternate']);
  const rows = await q.execute();
  const out: CommunityGroup[] = [];
  let contacts = 0;
  for (const r of rows) {
    const how = groupView(actor, r.path, r.listed_publicly === 1);
    if (!how) continue;
    const g = await view(s, r, how);
    if (g.contact) contacts++;
    out.push(g);
  }
  if (contacts > 0)
    await s.db.transaction().execute((trx) =>
      s.audit.record(trx, actor, {
        action: 'community.contacts_read',
        entityType: 'community',
        details: { contacts, ...filter },
      }),
    );
  return out;
}

/** Per country, over the entries the actor sees: the map's figures. */
export async function groupCountries(s: Services, actor: Actor): Promise<CountrySummary[]> {
  const rows = await s.db
    .selectFrom('community_groups as g')
    .innerJoin('org_units as u', 'u.id', 'g.keeper_id')
    .select([
      'g.country',
      'g.kind',
      'g.national_seat',
      'g.ccm_seat',
      'g.small_grant',
      'g.grant_application_id',
      'g.listed_publicly',
      'u.path',
    ])
    .execute();
  return summariseByCountry(
    rows
      .filter((r) => groupView(actor, r.path, r.listed_publicly === 1))
      .map((r) => ({
        country: r.country,
        kind: r.kind,
        nationalSeat: r.national_seat,
        ccmSeat: r.ccm_seat,
        smallGrant: r.small_grant === 1 || r.grant_application_id !== null,
      })),
  );
}

const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
  // A leading =, +, - or @ would be a formula in a spreadsheet: quoted with an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The list as CSV, with the columns the reader may see. */
export function groupsToCsv(groups: readonly CommunityGroup[]): string {
  const columns: (keyof CommunityGroup)[] = [
    'name',
    'country',
    'region',
    'kind',
    'status',
    'founded',
    'membership',
    'languages',
    'nationalSeat',
    'ccmSeat',
    'smallGrant',
    'listedPublicly',
    'contact',
    'keeper',
  ];
  return `${[columns.join(','), ...groups.map((g) => columns.map((c) => csvCell(g[c])).join(','))].join('\n')}\n`;
}
