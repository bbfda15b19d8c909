/**
 * A donor who fetches rights trends for every unit and every standard period of a year and adds and
 * subtracts the answers (a quarter less two of its months, a city less its other sites): no hidden
 * count of cases may come back. And ranges that overlap are refused outside the programme.
 */

import { type PublishedSum, recoveredSmallCounts } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { type Client, signInAs } from '../test-support/http.js';
import { subtreeOf, UKRAINE_UNITS } from '../test-support/ukraine-tree.js';

const UNITS = UKRAINE_UNITS;
const subtree = subtreeOf;
const pad = (m: number) => String(m).padStart(2, '0');

for (const dialect of DIALECTS) {
  describe(`rights trends outside the programme, answers put together (${dialect})`, () => {
    let h: TestHarbour;
    let app: FastifyInstance;
    let donor: Client;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      h.setNow('2026-11-23T12:00:00Z');
      await createDemo(h, { clients: 30 });
      app = await buildApp(h, { webDist: '/nonexistent' });
      donor = await signInAs(app, 'donor');
    });
    afterAll(async () => {
      await app.close();
      await h.dispose();
    });

    it('refuses ranges that are not a month, a quarter or a year', async () => {
      for (const [from, to] of [
        ['2026-01', '2026-02'],
        ['2026-02', '2026-04'],
        ['2025-12', '2026-01'],
      ]) {
        const res = await donor.get(`/api/v1/rights/trends?orgUnit=UA&from=${from}&to=${to}`);
        expect(res.statusCode, `${from}..${to}`).toBe(400);
        expect(res.json().errors[0]).toMatchObject({ field: 'from', rule: 'standard_period' });
      }
      for (const [from, to] of [
        ['2026-03', '2026-03'],
        ['2026-04', '2026-06'],
        ['2026-01', '2026-12'],
      ])
        expect((await donor.get(`/api/v1/rights/trends?orgUnit=UA&from=${from}&to=${to}`)).statusCode).toBe(
          200,
        );
    });

    it('gives back no hidden count of cases from every unit and period of the year together', async () => {
      // The truth: consented live cases per recording site and month.
      const rows = await h.db
        .selectFrom('rights_cases as c')
        .innerJoin('org_units as site', 'site.id', 'c.site_id')
        .select(['c.occurred_on', 'site.code as site'])
        .where('c.withdrawn_at', 'is', null)
        .where('c.consent_advocacy', '=', 1)
        .where('c.occurred_on', '>=', '2026-01-01')
        .where('c.occurred_on', '<=', '2026-12-31')
        .execute();
      const cell = (unit: string, month: number) => UNITS.indexOf(unit) * 12 + month;
      const truth = new Array<number>(UNITS.length * 12).fill(0);
      for (const r of rows)
        if (UNITS.includes(r.site)) truth[cell(r.site, Number(r.occurred_on.slice(5, 7)) - 1)]! += 1;
      expect(truth.filter((n) => n > 0).length).toBeGreaterThan(3);

      const periods: [from: number, to: number][] = [
        [1, 12],
        ...[1, 4, 7, 10].map((m): [number, number] => [m, m + 2]),
        ...Array.from({ length: 12 }, (_, i): [number, number] => [i + 1, i + 1]),
      ];
      const published: PublishedSum[] = [];
      for (const unit of UNITS)
        for (const [from, to] of periods) {
          const res = await donor.get(
            `/api/v1/rights/trends?orgUnit=${unit}&from=2026-${pad(from)}&to=2026-${pad(to)}`,
          );
          expect(res.statusCode).toBe(200);
          const { trends } = res.json() as {
            trends: { cases: number | string; byMonth: Record<string, number | string>; byPlace: object };
          };
          expect(trends.byPlace).toEqual({});
          const months = Array.from({ length: to - from + 1 }, (_, i) => from - 1 + i);
          published.push({
            value: trends.cases,
            of: subtree(unit).flatMap((u) => months.map((m) => cell(u, m))),
          });
          for (const [month, value] of Object.entries(trends.byMonth))
            published.push({ value, of: subtree(unit).map((u) => cell(u, Number(month.slice(5, 7)) - 1)) });
        }
      expect(published.filter((p) => typeof p.value === 'string').length).toBeGreaterThan(10);
      expect(recoveredSmallCounts(truth, published, 5).map((p) => p.of.join('+'))).toEqual([]);
    }, 120_000);
  });
}
