/**
 * A donor who fetches every report of a year — each unit, the year, its quarters and its months — and
 * adds and subtracts them (a quarter minus two of its months, a city minus its other sites): no
 * hidden count of events may come back exactly. And the pattern is worked out on the very figures
 * the reports publish.
 */

import { EVENT_COUNTS, type PublishedSum, parsePeriod, recoveredSmallCounts } from '@harbour/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { systemActor } from '../identity/actor.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { subtreeOf, UKRAINE_TREE, UKRAINE_UNITS } from '../test-support/ukraine-tree.js';
import { eventPattern } from './event-pattern.js';
import { buildReport, newReportMemo } from './report-service.js';

const TREE = UKRAINE_TREE;
const UNITS = UKRAINE_UNITS;
/** The org-unit breakdowns under each unit (Ukraine is at level 3, its cities 4, their sites 5). */
const BY_UNIT: Record<string, string[]> = Object.fromEntries(
  UNITS.map((u) => [u, u === 'UA' ? ['orgUnit:4', 'orgUnit:5'] : u.startsWith('UA-') ? ['orgUnit:5'] : []]),
);
const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
const PERIODS: [id: string, months: number[]][] = [
  ['2026', MONTHS.map((_, m) => m)],
  ...[1, 2, 3, 4].map((q): [string, number[]] => [`2026Q${q}`, [q * 3 - 3, q * 3 - 2, q * 3 - 1]]),
  ...MONTHS.map((month, m): [string, number[]] => [`2026${month}`, [m]]),
];

const subtree = subtreeOf;
/** The finest cell: a unit's own records of one month. */
const cell = (unit: string, month: number) => UNITS.indexOf(unit) * 12 + month;

for (const dialect of DIALECTS) {
  describe(`counts of events across months, quarters and units, as a donor fetches them (${dialect})`, () => {
    let h: TestHarbour;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      h.setNow('2026-11-23T12:00:00Z');
      await createDemo(h, { clients: 60, contacts: 600 });
    });
    afterAll(() => h.dispose());

    it('gives back no hidden count from every report of the year together, and shows none by sex, age or group', async () => {
      const [me, donor] = [await actorFor(h.db, 'meofficer'), await actorFor(h.db, 'donor')];
      const exact = newReportMemo();
      const suppressed = newReportMemo();
      const pattern = await eventPattern(h, 2026, 5);
      // The truth, finest cell by finest cell: a unit's own records are its subtree less its children's.
      const subtreeValue = new Map<string, number>();
      for (const unit of UNITS)
        for (const [period, months] of PERIODS) {
          const { report } = await buildReport(h, me, { period, orgUnit: unit }, { memo: exact });
          for (const v of report.values)
            if (EVENT_COUNTS.has(v.indicator) && typeof v.value === 'number') {
              // The pattern is worked out on the figures the report publishes.
              expect(
                pattern.value(v.indicator, unit, parsePeriod(period)!),
                `${v.indicator} ${unit} ${period}`,
              ).toBe(v.value);
              if (months.length === 1) subtreeValue.set(`${v.indicator}|${unit}|${months[0]}`, v.value);
            }
        }
      const truth = new Map<string, Float64Array>();
      for (const indicator of EVENT_COUNTS) {
        const x = new Float64Array(UNITS.length * 12);
        const of = (u: string, m: number) => subtreeValue.get(`${indicator}|${u}|${m}`) ?? 0;
        for (const [unit] of TREE)
          for (let m = 0; m < 12; m++) {
            const children = TREE.filter(([, p]) => p === unit).map(([c]) => c);
            x[cell(unit, m)] = of(unit, m) - children.reduce((t, c) => t + of(c, m), 0);
          }
        truth.set(indicator, x);
      }

      // Everything the donor can fetch for those units in the year: totals, by sex, by org unit.
      const published = new Map<string, PublishedSum[]>();
      for (const unit of UNITS)
        for (const [period, months] of PERIODS)
          for (const disaggregate of [null, 'sex', ...BY_UNIT[unit]!]) {
            const ask = { period, orgUnit: unit, disaggregate };
            const { report } = await buildReport(h, donor, ask, { memo: suppressed });
            for (const v of report.values) {
              if (!EVENT_COUNTS.has(v.indicator)) continue;
              expect(Object.keys(v.disaggregation).filter((key) => key !== 'orgUnit')).toEqual([]);
              const of = subtree(v.disaggregation.orgUnit ?? unit).flatMap((u) =>
                months.map((m) => cell(u, m)),
              );
              published.set(v.indicator, [...(published.get(v.indicator) ?? []), { value: v.value, of }]);
            }
          }

      let hidden = 0;
      for (const [indicator, figures] of published) {
        hidden += figures.filter((f) => typeof f.value === 'string').length;
        const recovered = recoveredSmallCounts(truth.get(indicator)!, figures, 5);
        expect(recovered.map((r) => `${indicator}: ${r.of.join('+')}`)).toEqual([]);
      }
      expect(hidden).toBeGreaterThan(50);
    }, 120_000);

    it("gives back no count of new people across an organisation's months or across the organisations", async () => {
      // New people add up across an organisation's months (a first contact falls in one month) and
      // across organisations; the consortium HRC holds SLN and BRC.
      const orgs = ['SLN', 'BRC'];
      const pattern = await eventPattern(h, 2026, 5);
      const truth = new Array<number>(orgs.length * 12).fill(0);
      const system = systemActor('test');
      for (const unit of ['HRC', ...orgs])
        for (const [period, months] of PERIODS) {
          const { report } = await buildReport(h, system, { period, orgUnit: unit });
          const exact = report.values.find(
            (v) => v.indicator === 'reached.new' && !v.disaggregation.sex,
          )?.value;
          expect(pattern.value('reached.new', unit, parsePeriod(period)!), `${unit} ${period}`).toBe(
            exact ?? 0,
          );
          if (unit !== 'HRC' && months.length === 1)
            truth[orgs.indexOf(unit) * 12 + months[0]!] = Number(exact ?? 0);
        }
      const donor = await actorFor(h.db, 'donor');
      const memo = newReportMemo();
      const published: PublishedSum[] = [];
      for (const unit of ['HRC', ...orgs])
        for (const [period, months] of PERIODS)
          for (const disaggregate of unit === 'HRC' ? [null, 'sex', 'orgUnit:2'] : [null, 'sex']) {
            const { report } = await buildReport(h, donor, { period, orgUnit: unit, disaggregate }, { memo });
            for (const v of report.values.filter((x) => x.indicator === 'reached.new')) {
              expect(Object.keys(v.disaggregation).filter((key) => key !== 'orgUnit')).toEqual([]);
              const of = (
                v.disaggregation.orgUnit ? [v.disaggregation.orgUnit] : unit === 'HRC' ? orgs : [unit]
              ).flatMap((o) => months.map((m) => orgs.indexOf(o) * 12 + m));
              published.push({ value: v.value, of });
            }
          }
      expect(published.some((p) => typeof p.value === 'string')).toBe(true);
      expect(recoveredSmallCounts(truth, published, 5).map((r) => r.of.join('+'))).toEqual([]);
    }, 120_000);
  });
}
