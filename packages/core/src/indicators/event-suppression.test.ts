/**
 * Counts of events against an attacker who adds and subtracts across months, quarters, the year and
 * the org tree: for random programmes, no hidden small count may be a linear combination of every
 * figure of the year published for every unit.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../periods.js';
import type { ReportValue } from './engine.js';
import {
  EVENT_COUNTS,
  type EventFigure,
  eventSuppression,
  PERIOD_DIM,
  publishedWhenSuppressed,
  unitDimension,
  withEventPattern,
} from './event-suppression.js';
import { type PublishedSum, recoveredSmallCounts } from './linear-attacker.js';

const K = 5;
// A root with records of its own, two cities, each with two sites (one city with records of its own).
const TREE = [
  { code: 'UA', parent: null },
  { code: 'KYIV', parent: 'UA' },
  { code: 'ODESA', parent: 'UA' },
  { code: 'KYIV-DIC', parent: 'KYIV' },
  { code: 'KYIV-VAN', parent: 'KYIV' },
  { code: 'ODESA-DIC', parent: 'ODESA' },
  { code: 'ODESA-PORT', parent: 'ODESA' },
];
const MONTHS = PERIOD_DIM.base;
const SIZE = TREE.length * 12;
const UNIT_DIM = unitDimension(TREE);
/** Every period a suppressed report may be for: the year, its quarters, its months. */
const PERIODS = ['2026', '2026Q1', '2026Q2', '2026Q3', '2026Q4', ...MONTHS.map((m) => `2026${m}`)].map(
  (id) => parsePeriod(id)!,
);
const monthsOf = (id: string) =>
  id.length === 4
    ? MONTHS.map((_, m) => m)
    : id[4] === 'Q'
      ? [0, 1, 2].map((i) => (Number(id[5]) - 1) * 3 + i)
      : [Number(id.slice(4)) - 1];

const figures = (x: readonly number[]): EventFigure[] =>
  x.map((value, i) => ({
    series: 'contacts',
    unit: TREE[Math.floor(i / 12)]!.code,
    month: MONTHS[i % 12]!,
    value,
  }));

/** Every figure a reader outside the programme can fetch in the year: each unit's subtree, each period. */
function published(
  x: readonly number[],
  hidden: (unit: string, period: (typeof PERIODS)[number]) => boolean,
) {
  const out: PublishedSum[] = [];
  for (const unit of TREE)
    for (const period of PERIODS) {
      const of = UNIT_DIM.options[UNIT_DIM.optionOf.get(unit.code)!]!.members.flatMap((v) =>
        monthsOf(period.id).map((m) => v * 12 + m),
      );
      const value = of.reduce((t, i) => t + x[i]!, 0);
      out.push({ value: hidden(unit.code, period) ? `<${K}` : value, of });
    }
  return out;
}

const programme = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 2, arbitrary: fc.integer({ min: 5, max: 60 }) },
  ),
  { minLength: SIZE, maxLength: SIZE },
);

describe('suppression of counts of events across periods and the org tree', () => {
  it('recovers a month from its quarter when each unit and period is suppressed on its own (the attacker works)', () => {
    const x = new Array<number>(SIZE).fill(0);
    const dic = TREE.findIndex((u) => u.code === 'KYIV-DIC');
    [10, 10, 3].forEach((v, m) => {
      x[dic * 12 + m] = v;
    });
    const alone = published(x, () => false).map((p) => {
      const sum = p.of.reduce((t, i) => t + x[i]!, 0);
      return { ...p, value: sum > 0 && sum < K ? `<${K}` : sum };
    });
    expect(recoveredSmallCounts(x, alone, K).length).toBeGreaterThan(0);
    const pattern = eventSuppression(figures(x), TREE, K);
    expect(
      recoveredSmallCounts(
        x,
        published(x, (u, p) => pattern.hidden('contacts', u, p)!),
        K,
      ),
    ).toEqual([]);
  });

  it('lets no hidden small count be worked out from every unit and period of the year together', () => {
    let hiddenSeen = 0;
    fc.assert(
      fc.property(programme, (x) => {
        const pattern = eventSuppression(figures(x), TREE, K);
        const all = published(x, (u, p) => pattern.hidden('contacts', u, p)!);
        hiddenSeen += all.filter((p) => typeof p.value === 'string').length;
        expect(recoveredSmallCounts(x, all, K).map((p) => p.of.join('+'))).toEqual([]);
        // And the figures the pattern was worked out on are those published.
        for (const p of all.filter((f) => typeof f.value === 'number').slice(0, 20))
          expect(p.value).toBe(p.of.reduce((t, i) => t + x[i]!, 0));
      }),
      { numRuns: 60, seed: 20261207 },
    );
    expect(hiddenSeen).toBeGreaterThan(1000);
  });

  it('answers a report from the year pattern: the unit asked or each unit of the breakdown, and never by sex, age or group', () => {
    const x = new Array<number>(SIZE).fill(0);
    const van = TREE.findIndex((u) => u.code === 'KYIV-VAN');
    const dic = TREE.findIndex((u) => u.code === 'KYIV-DIC');
    for (let m = 0; m < 12; m++) x[dic * 12 + m] = 40;
    x[van * 12 + 2] = 2;
    const pattern = eventSuppression(figures(x), TREE, K);
    const march = parsePeriod('202603')!;
    const q1 = parsePeriod('2026Q1')!;
    expect(pattern.hidden('contacts', 'KYIV-VAN', march)).toBe(true);
    expect(pattern.hidden('contacts', 'KYIV-VAN', q1)).toBe(true);
    expect(pattern.value('contacts', 'KYIV', q1)).toBe(122);
    expect(pattern.hidden('reached', 'KYIV', q1)).toBeUndefined();
    const lookup = withEventPattern(() => false, pattern, 'KYIV', q1);
    expect(lookup('contacts', { orgUnit: 'KYIV-VAN' })).toBe(true);
    expect(lookup('contacts', { sex: 'male' })).toBe(true);
    expect(lookup('reached', { sex: 'male' })).toBe(false);
    const row = (indicator: string, disaggregation: Record<string, string>): ReportValue => ({
      indicator,
      disaggregation,
      value: 1,
    });
    expect(publishedWhenSuppressed(row('contacts', {}))).toBe(true);
    expect(publishedWhenSuppressed(row('nsp.syringes', { orgUnit: 'KYIV' }))).toBe(true);
    expect(publishedWhenSuppressed(row('contacts', { orgUnit: 'KYIV', sex: 'male' }))).toBe(false);
    expect(publishedWhenSuppressed(row('reached', { sex: 'male' }))).toBe(true);
    expect(EVENT_COUNTS.has('reached')).toBe(false);
  });
});
