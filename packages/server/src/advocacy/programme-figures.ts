/**
 * Harbour's own contribution to a country's profile: syringes recorded in Harbour in the year at
 * sites under the org units carrying the country's code. Computed by the report engine, so the
 * numbers equal the programme's reports and follow the same rules: exact for those who read exact
 * reports, suppressed for advocates and donors, absent for units outside the reader's part of the tree.
 */

import { ForbiddenError, type ProgrammeSyringes } from '@harbour/core';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { buildReport } from '../reports/report-service.js';
import { unitsOfCountry } from './figure-repository.js';

export async function programmeSyringes(
  s: Services,
  actor: Actor,
  country: string,
  year: number,
): Promise<ProgrammeSyringes> {
  const units = await unitsOfCountry(s.db, country);
  if (units.length === 0) return { value: null, reason: 'No org unit carries this country code' };
  const reportScope = [...scopeOf(actor, 'report.read'), ...scopeOf(actor, 'report.read.suppressed')];
  // A unit below another of the same country would be counted twice.
  const tops = units.filter((u) => !units.some((o) => o !== u && u.path.startsWith(o.path)));
  const mine = tops.filter((u) => reportScope.some((p) => u.path.startsWith(p) || p.startsWith(u.path)));
  if (mine.length === 0)
    return {
      value: null,
      reason: "Harbour's own figures for this country are outside your part of the tree",
    };
  let total = 0;
  for (const u of mine) {
    try {
      const { report } = await buildReport(s, actor, { period: String(year), orgUnit: u.code });
      const v = report.values.find(
        (x) => x.indicator === 'nsp.syringes' && Object.keys(x.disaggregation).length === 0,
      )?.value;
      if (typeof v === 'string') return { value: null, suppressed: true };
      total += typeof v === 'number' ? v : 0;
    } catch (e) {
      if (e instanceof ForbiddenError) continue;
      throw e;
    }
  }
  return { value: total };
}
