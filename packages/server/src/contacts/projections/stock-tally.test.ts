import { STOCKED_COMMODITIES } from '@harbour/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StockTally, type TalliedContact } from './stock-tally.js';

/** The same totals the slow, obvious way (site|commodity|day → quantity). */
function naive(contacts: readonly TalliedContact[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of contacts)
    for (const i of c.items) {
      if (!i.qty || !STOCKED_COMMODITIES.includes(i.code)) continue;
      const key = `${c.siteId}|${i.code}|${c.date}`;
      out.set(key, (out.get(key) ?? 0) + i.qty);
    }
  return out;
}

const contact = fc.record({
  orgId: fc.constant('org'),
  siteId: fc.constantFrom('site-b', 'site-a', 'site-c', 'site-10', 'site-2'),
  // Dates either side of a month and a year apart, in any order: the range grows both ways.
  date: fc
    .integer({ min: 0, max: 800 })
    .map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
  items: fc.array(
    fc.record({
      code: fc.constantFrom(...STOCKED_COMMODITIES, 'hiv_test', 'information'),
      qty: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
});

describe('the tally of stock handed out during a bulk load', () => {
  it('adds up what any contacts, in any order, hand out, and gives it in the key order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(contact, { maxLength: 30 }), { maxLength: 6 }), (batches) => {
        const tally = new StockTally();
        for (const b of batches) tally.add(b);
        const rows = [...tally.rows()];
        expect(new Map(rows.map(([site, code, day, , q]) => [`${site}|${code}|${day}`, q]))).toEqual(
          naive(batches.flat()),
        );
        const keys = rows.map(([site, code, day]) => [site, code, day].join('\u0000'));
        expect(keys).toEqual([...keys].sort());
        expect(rows.every(([, , , org]) => org === 'org')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('says it is full past its cells, and keeps totals a cell cannot hold', () => {
    const at = (siteId: string, date: string, qty = 5): TalliedContact => ({
      orgId: 'org',
      siteId,
      date,
      items: [{ code: 'syringes', qty }],
    });
    // One site-year is 7 commodities × 366 days: room for one, not two.
    const small = new StockTally(3000);
    small.add([at('a', '2025-01-01'), at('a', '2025-12-31')]);
    expect(small.full).toBe(false);
    small.add([at('a', '2028-02-29')]);
    expect(small.full).toBe(true);
    expect([...small.rows()].map((r) => r[2])).toEqual(['2025-01-01', '2025-12-31', '2028-02-29']);
    small.clear();
    expect(small.full).toBe(false);
    expect([...small.rows()]).toEqual([]);

    // A busy site-day beyond what a cell holds (65,535), and a year below 100.
    const busy = new StockTally();
    busy.add(Array.from({ length: 21_000 }, () => at('a', '2025-06-30', 100_000)));
    busy.add([at('a', '2025-06-30', 7), at('b', '0099-03-01', 2)]);
    expect([...busy.rows()]).toEqual([
      ['a', 'syringes', '2025-06-30', 'org', 2_100_000_007],
      ['b', 'syringes', '0099-03-01', 'org', 2],
    ]);
  });
});
