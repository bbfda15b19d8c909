/**
 * OST episodes as the server reads them: re-derived under the lost-to-treatment rule for every
 * organisation (after an upgrade), the episode in force on a day, and the guard that keeps a dose
 * from silently opening an episode.
 */

import { type ContactItem, episodeEnd, InputError } from '@harbour/core';
import type { Kysely } from 'kysely';
import { rederiveOstEpisodes } from '../contacts/contact-writer.js';
import { programmeSettings } from '../programme/programme-settings.js';
import type { DialectName } from '../store/database.js';
import type { Database } from '../store/schema.js';

export async function rederiveAllOstEpisodes(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const orgs = await db
    .selectFrom('client_events')
    .select('org_id')
    .distinct()
    .where('kind', '=', 'ost')
    .execute();
  for (const { org_id } of orgs) {
    const { ostLostAfterDays } = await programmeSettings(db, org_id);
    await db.transaction().execute((trx) => rederiveOstEpisodes(trx, dialect, org_id, ostLostAfterDays));
  }
}

/**
 * The client's episode in force on `day`, as far as `day` knows (a recorded stop, or lost to
 * treatment by the organisation's limit), over the client's record and any merged into it.
 */
export async function episodeOn(
  db: Kysely<Database>,
  client: { id: string; org_id: string },
  day: string,
): Promise<{
  id: string;
  start_date: string;
  medicine: string | null;
  last_dose_date: string | null;
} | null> {
  const { ostLostAfterDays } = await programmeSettings(db, client.org_id);
  const rows = await db
    .selectFrom('ost_episodes as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .select(['e.id', 'e.start_date', 'e.stop_date', 'e.stop_reason', 'e.medicine', 'e.last_dose_date'])
    .where((eb) => eb.or([eb('c.id', '=', client.id), eb('c.merged_into', '=', client.id)]))
    .where('e.start_date', '<=', day)
    .execute();
  for (const r of rows) {
    const end = episodeEnd(
      { startDate: r.start_date, stopDate: r.stop_date, lastDoseDate: r.last_dose_date },
      day,
      ostLostAfterDays,
    );
    if (end.stopDate === null || end.stopDate > day) return r;
  }
  return null;
}

/** Refuses an OST dose for someone not on OST unless the same contact starts an episode. */
export async function requireEpisodeForDose(
  db: Kysely<Database>,
  client: { id: string; org_id: string },
  date: string,
  items: readonly ContactItem[],
): Promise<void> {
  const dose = items.findIndex((i) => i.code === 'ost' && i.event === 'dose');
  if (dose < 0 || items.some((i) => i.code === 'ost' && i.event === 'start')) return;
  if (await episodeOn(db, client, date)) return;
  throw new InputError(
    {
      field: `items.${dose}.event`,
      value: 'dose',
      rule: 'not_on_ost',
      message: 'This client is not on OST on that day: record a start with the dose to open a new episode',
    },
    409,
  );
}
