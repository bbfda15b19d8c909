/**
 * The report built from rollups equals the report recomputed by brute force from raw contacts, for
 * random programmes with corrections, voids, merges, unmerges and referral follow-ups — on SQLite
 * and PostgreSQL, for many periods and disaggregations.
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../identity/actor.js';
import { DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import {
  harbourForProgrammes,
  type PlayState,
  playProgramme,
  randomProgramme,
} from '../test-support/random-programme.js';
import { rawFacts } from './raw-facts.js';
import { buildReport } from './report-service.js';

const PERIODS = [
  '2025Q4',
  '2026Q1',
  '202602',
  '2026-01-10/2026-03-05',
  '2026W3',
  '2026S1',
  '2025-10-01/2026-06-30',
];
const DIMS = ['', 'sex,age:gf', 'kp,age:fine', 'orgUnit:4', 'orgUnit:5,sex', 'age:gam,sex,kp'];

for (const dialect of DIALECTS) {
  describe(`rollup report = brute-force report on ${dialect}`, () => {
    let h: TestHarbour;
    const cli: Actor = systemActor();
    const state: PlayState = { codes: 0, merges: [] };
    beforeAll(async () => {
      h = await harbourForProgrammes(dialect);
    });
    afterAll(async () => h.dispose());

    it('agrees on every indicator for random programmes with corrections, voids and merges', async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(randomProgramme, async (prog) => {
          runs++;
          await playProgramme(h, cli, prog, state);
          for (const period of PERIODS) {
            for (const disaggregate of DIMS) {
              const req = {
                period,
                orgUnit: disaggregate.startsWith('orgUnit:5') ? 'UA' : 'SLN',
                disaggregate,
              };
              const fromRollups = (await buildReport(h, cli, req)).report.values;
              const fromRaw = (
                await buildReport(h, cli, req, { facts: (scope, p) => rawFacts(h.db, scope, p) })
              ).report.values;
              expect(fromRollups, `${period} ${disaggregate}`).toEqual(fromRaw);
            }
          }
        }),
        { numRuns: dialect === 'sqlite' ? 12 : 8, seed: 42 },
      );
      expect(runs).toBeGreaterThanOrEqual(8);
      // And the reports are not trivially empty.
      const total = (await buildReport(h, cli, { period: '2025-10-01/2026-06-30', orgUnit: 'SLN' })).report
        .values;
      expect(total.find((v) => v.indicator === 'contacts')!.value).toBeGreaterThan(50);
      expect(total.find((v) => v.indicator === 'ost.active')!.value).not.toBeNull();
    }, 600_000);
  });
}
