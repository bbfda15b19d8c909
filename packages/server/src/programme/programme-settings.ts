/** Per-organisation programme choices: UIC scheme, aliases, referral follow-up, the KP package, extra catalogue items. */

import { type CatalogueItem, isUicPreset, UIC_PRESETS, type UicScheme } from '@harbour/core';
import type { Kysely } from 'kysely';
import { getSetting } from '../settings/settings.js';
import type { Database } from '../store/schema.js';

export interface ProgrammeSettings {
  uicScheme: UicScheme;
  /** Store an optional alias (sealed) for each client; off unless a programme turns it on. */
  aliasEnabled: boolean;
  /** Days after a referral is issued that it is due for follow-up. */
  referralFollowUpDays: number;
  /** Days without a dose after which an OST client is listed as missing doses. */
  ostMissedAfterDays: number;
  catalogueExtra: CatalogueItem[];
}

export const DEFAULT_PROGRAMME: ProgrammeSettings = {
  uicScheme: UIC_PRESETS.pasmo,
  aliasEnabled: false,
  referralFollowUpDays: 14,
  ostMissedAfterDays: 1,
  catalogueExtra: [],
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
    catalogueExtra: await getSetting<CatalogueItem[]>(db, 'catalogue.extra', [], orgId),
  };
  cache.set(orgId, { at: Date.now(), value });
  return value;
}
