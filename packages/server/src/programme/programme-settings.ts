/** Per-organisation programme choices: UIC scheme, aliases, referral follow-up, the KP package, extra catalogue items. */

import {
  type CatalogueItem,
  DEFAULT_OST_LOST_AFTER_DAYS,
  InputError,
  isUicPreset,
  NotFoundError,
  programmeSettingsInput,
  resolveUicScheme,
  UIC_PRESETS,
  type UicScheme,
  validatorRule,
} from '@harbour/core';
import type { Kysely } from 'kysely';
import { rederiveOstEpisodes } from '../contacts/contact-writer.js';
import type { Services } from '../context.js';
import { type Actor, can, requireCan } from '../identity/actor.js';
import { getSetting, putSetting } from '../settings/settings.js';
import type { Database } from '../store/schema.js';

export interface ProgrammeSettings {
  uicScheme: UicScheme;
  /** Store an optional alias (sealed) for each client; off unless a programme turns it on. */
  aliasEnabled: boolean;
  /**
   * A client's contacts, referrals and OST at sites outside a worker's part of the tree are shown to
   * them only when the programme shares history; off by default (docs/access.md).
   */
  historySharing: boolean;
  /** Days after a referral is issued that it is due for follow-up. */
  referralFollowUpDays: number;
  /** Days without a dose after which an OST client is listed as missing doses. */
  ostMissedAfterDays: number;
  /** Days without a dose that end an OST episode as lost to treatment (core ost.ts). */
  ostLostAfterDays: number;
  catalogueExtra: CatalogueItem[];
  /** Wrong PINs after which an outreach phone erases itself (copied to the phone at each sync). */
  pinAttemptsBeforeWipe: number;
  /** Minutes without a touch after which an outreach phone locks. */
  idleLockMinutes: number;
}

export const DEFAULT_PROGRAMME: ProgrammeSettings = {
  uicScheme: UIC_PRESETS.pasmo,
  aliasEnabled: false,
  historySharing: false,
  referralFollowUpDays: 14,
  ostMissedAfterDays: 1,
  ostLostAfterDays: DEFAULT_OST_LOST_AFTER_DAYS,
  catalogueExtra: [],
  pinAttemptsBeforeWipe: 10,
  idleLockMinutes: 3,
};

/** Settings are read often and change rarely; a short cache keeps hot paths (recording, import) off the settings table. */
const cache = new Map<string, { at: number; value: ProgrammeSettings }>();

export function clearProgrammeCache(): void {
  cache.clear();
}

export async function programmeSettings(db: Kysely<Database>, orgId: string): Promise<ProgrammeSettings> {
  const hit = cache.get(orgId);
  if (hit && Date.now() - hit.at < 5_000) return hit.value;
  const scheme = await getSetting<string | UicScheme>(db, 'uic.scheme', 'pasmo', orgId);
  const value: ProgrammeSettings = {
    uicScheme:
      typeof scheme === 'string' ? (isUicPreset(scheme) ? UIC_PRESETS[scheme] : UIC_PRESETS.pasmo) : scheme,
    aliasEnabled: await getSetting(db, 'client.aliasEnabled', DEFAULT_PROGRAMME.aliasEnabled, orgId),
    historySharing: await getSetting(db, 'client.historySharing', DEFAULT_PROGRAMME.historySharing, orgId),
    referralFollowUpDays: await getSetting(
      db,
      'referral.followUpDays',
      DEFAULT_PROGRAMME.referralFollowUpDays,
      orgId,
    ),
    ostMissedAfterDays: await getSetting(
      db,
      'ost.missedAfterDays',
      DEFAULT_PROGRAMME.ostMissedAfterDays,
      orgId,
    ),
    ostLostAfterDays: await getSetting(db, 'ost.lostAfterDays', DEFAULT_PROGRAMME.ostLostAfterDays, orgId),
    catalogueExtra: await getSetting<CatalogueItem[]>(db, 'catalogue.extra', [], orgId),
    pinAttemptsBeforeWipe: await getSetting(
      db,
      'field.pinAttemptsBeforeWipe',
      DEFAULT_PROGRAMME.pinAttemptsBeforeWipe,
      orgId,
    ),
    idleLockMinutes: await getSetting(db, 'field.idleLockMinutes', DEFAULT_PROGRAMME.idleLockMinutes, orgId),
  };
  cache.set(orgId, { at: Date.now(), value });
  return value;
}

/** What an administrator sees and sets; the scheme as a preset id when it is one. */
export interface ProgrammeSettingsView {
  organisation: string;
  uicScheme: string | UicScheme;
  aliasEnabled: boolean;
  historySharing: boolean;
  referralFollowUpDays: number;
  ostMissedAfterDays: number;
  ostLostAfterDays: number;
  catalogueExtra: { code: string; kind: string; label: string; maxQuantity?: number }[];
  pinAttemptsBeforeWipe: number;
  idleLockMinutes: number;
}

async function organisationOf(s: Services, actor: Actor, orgCode: string) {
  const unit = await s.db.selectFrom('org_units').selectAll().where('code', '=', orgCode).executeTakeFirst();
  if (!unit || !can(actor, 'org.read', unit.path)) throw new NotFoundError(`Org unit "${orgCode}"`);
  requireCan(actor, 'settings.manage', unit.path);
  if (!unit.org_id)
    throw new InputError({
      field: 'orgUnit',
      value: orgCode,
      rule: 'level',
      message: 'Programme settings belong to an organisation; choose an organisation or a unit inside one',
    });
  const org = await s.db
    .selectFrom('org_units')
    .select(['id', 'code', 'path'])
    .where('id', '=', unit.org_id)
    .executeTakeFirstOrThrow();
  return org;
}

export async function getProgrammeSettings(
  s: Services,
  actor: Actor,
  orgCode: string,
): Promise<ProgrammeSettingsView> {
  const org = await organisationOf(s, actor, orgCode);
  const p = await programmeSettings(s.db, org.id);
  return {
    organisation: org.code,
    uicScheme:
      isUicPreset(p.uicScheme.id) && UIC_PRESETS[p.uicScheme.id] === p.uicScheme
        ? p.uicScheme.id
        : p.uicScheme,
    aliasEnabled: p.aliasEnabled,
    historySharing: p.historySharing,
    referralFollowUpDays: p.referralFollowUpDays,
    ostMissedAfterDays: p.ostMissedAfterDays,
    ostLostAfterDays: p.ostLostAfterDays,
    catalogueExtra: p.catalogueExtra.map((i) => ({
      code: i.code,
      kind: i.kind,
      label: i.label,
      ...(i.maxQuantity ? { maxQuantity: i.maxQuantity } : {}),
    })),
    pinAttemptsBeforeWipe: p.pinAttemptsBeforeWipe,
    idleLockMinutes: p.idleLockMinutes,
  };
}

/**
 * Changes an organisation's programme settings (only the ones given). A new UIC scheme applies to
 * codes entered from now on; codes already stored stay as they are (they are only keyed hashes).
 */
export async function putProgrammeSettings(
  s: Services,
  actor: Actor,
  orgCode: string,
  raw: unknown,
): Promise<ProgrammeSettingsView> {
  const parsed = programmeSettingsInput.safeParse(raw);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((i) => ({
        field: i.path.join('.') || 'settings',
        rule: validatorRule(i.code),
        message: i.message,
      })),
    );
  const input = parsed.data;
  const org = await organisationOf(s, actor, orgCode);
  const at = s.now();
  const changes: [string, unknown][] = [];
  if (input.uicScheme !== undefined) changes.push(['uic.scheme', input.uicScheme]);
  if (input.aliasEnabled !== undefined) changes.push(['client.aliasEnabled', input.aliasEnabled]);
  if (input.historySharing !== undefined) changes.push(['client.historySharing', input.historySharing]);
  if (input.referralFollowUpDays !== undefined)
    changes.push(['referral.followUpDays', input.referralFollowUpDays]);
  if (input.ostMissedAfterDays !== undefined) changes.push(['ost.missedAfterDays', input.ostMissedAfterDays]);
  if (input.ostLostAfterDays !== undefined) changes.push(['ost.lostAfterDays', input.ostLostAfterDays]);
  if (input.pinAttemptsBeforeWipe !== undefined)
    changes.push(['field.pinAttemptsBeforeWipe', input.pinAttemptsBeforeWipe]);
  if (input.idleLockMinutes !== undefined) changes.push(['field.idleLockMinutes', input.idleLockMinutes]);
  if (input.catalogueExtra !== undefined)
    changes.push(['catalogue.extra', input.catalogueExtra.map((i): CatalogueItem => ({ ...i, feeds: [] }))]);
  const before = await programmeSettings(s.db, org.id);
  await s.db.transaction().execute(async (trx) => {
    for (const [key, value] of changes) await putSetting(trx, key, value, at, org.id);
    // Episodes are derived with the limit: a new limit re-derives the organisation's (few) OST clients.
    if (input.ostLostAfterDays !== undefined && input.ostLostAfterDays !== before.ostLostAfterDays)
      await rederiveOstEpisodes(trx, s.dialect, org.id, input.ostLostAfterDays);
    await s.audit.record(trx, actor, {
      action: 'programme.settings_changed',
      entityType: 'settings',
      orgUnitId: org.id,
      orgId: org.id,
      details: {
        keys: changes.map(([k]) => k),
        uicScheme: input.uicScheme === undefined ? null : resolveUicScheme(input.uicScheme).id,
      },
    });
  });
  clearProgrammeCache();
  return getProgrammeSettings(s, actor, orgCode);
}
