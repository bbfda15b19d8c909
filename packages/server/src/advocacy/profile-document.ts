/** A country profile in the format asked for — the API and the command line both render through here. */

import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { countryProfile, type ProfileRequest } from './advocacy-service.js';
import { briefLocale } from './brief-words.js';
import { countryBriefPdf } from './country-brief.js';
import { keeperFor } from './evidence-access.js';
import { profileCsv, profileXlsx } from './profile-exports.js';

export const PROFILE_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

const TYPES: Record<ProfileFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export async function profileDocument(
  s: Services,
  actor: Actor,
  req: ProfileRequest,
  format: ProfileFormat,
  locale?: string | null,
): Promise<{ body: string | Buffer; contentType: string; filename: string }> {
  const profile = await countryProfile(s, actor, req);
  const filename = `harbour-${profile.country}-${profile.year}.${format === 'pdf' ? 'brief.pdf' : format}`;
  let body: string | Buffer;
  if (format === 'json') body = `${JSON.stringify(profile, null, 2)}\n`;
  else if (format === 'csv') body = profileCsv(profile);
  else if (format === 'xlsx') body = await profileXlsx(profile);
  else {
    const keeper = await keeperFor(s.db, actor, 'read', req.keeper);
    body = await countryBriefPdf(profile, {
      locale: briefLocale(locale),
      keeperName: keeper.name,
      generatedAt: s.now(),
    });
  }
  return { body, contentType: TYPES[format], filename };
}
