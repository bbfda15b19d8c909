/**
 * A report computed once when the server starts, and thrown away. Why: a fresh process ran its first
 * report 0.07-0.1 s slower than the next ones at a tenth of national scale, on SQLite and PostgreSQL
 * alike, even with the database's pages already in memory: the engine's code not yet compiled, the
 * connections' first statements. The M&E officer who opens the console after an upgrade should not be
 * the one who pays for that.
 */

import { DEFAULT_THRESHOLD } from '@harbour/core';
import type { Harbour } from '../context.js';
import { systemActor } from '../identity/actor.js';
import { recentQuarters } from '../store/database.js';
import { buildReport } from './report-service.js';

/** The last whole quarter for the top of the org tree, by sex × age (Global Fund bands) × key population, exact and suppressed. */
export async function warmUpReports(h: Harbour): Promise<void> {
  const top = await h.db
    .selectFrom('org_units')
    .select('code')
    .orderBy('level')
    .orderBy('code')
    .executeTakeFirst();
  if (!top) return;
  const request = { period: recentQuarters(h.now())[1]!, orgUnit: top.code, disaggregate: 'sex,age:gf,kp' };
  await buildReport(h, systemActor('warm-up'), request);
  // And its copy to share outside: the suppression pattern's code compiled too (its first run was
  // ten times slower than the next), and at the usual threshold the pattern of that quarter kept.
  await buildReport(h, systemActor('warm-up'), { ...request, suppress: DEFAULT_THRESHOLD });
}
