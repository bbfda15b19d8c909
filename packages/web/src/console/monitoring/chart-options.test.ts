import { describe, expect, it } from 'vitest';
import {
  cascadeOption,
  coverageOption,
  LEVEL_COLOURS,
  mapOption,
  reachedOption,
  syringesOption,
} from './chart-options.js';
import { type Dashboard, formatValue, periodChoices } from './monitoring.js';

const t = (id: string, v?: Record<string, unknown>) => (v ? `${id} ${JSON.stringify(v)}` : id);

const month = (m: string, reached: number | string, reachedNew: number | string) => ({
  month: m,
  reached,
  reachedNew,
  syringes: 100,
  returned: '<5',
  naloxoneKits: 3,
  reversals: 0,
  ostActive: 10,
  ostNew: 1,
  referralsMade: 4,
  referralsCompleted: 2,
});

const dashboard: Dashboard = {
  period: { id: '2026Q3', start: '2026-07-01', end: '2026-09-30' },
  orgUnit: 'UA',
  suppression: null,
  report: {
    format: 'harbour.report/1',
    period: { id: '2026Q3', start: '2026-07-01', end: '2026-09-30' },
    orgUnit: 'UA',
    generatedAt: '2026-10-01T00:00:00Z',
    suppression: null,
    values: [
      { indicator: 'cascade.diagnosed', disaggregation: {}, value: 40 },
      { indicator: 'cascade.on_art', disaggregation: {}, value: 30 },
      { indicator: 'cascade.suppressed', disaggregation: {}, value: 25 },
      { indicator: 'cascade.on_art', disaggregation: { sex: 'male' }, value: 1 },
    ],
  },
  months: [month('2026-08', 50, 20), month('2026-09', 48, '<5')],
  levels: { nsp: [100, 200], ost: [20, 40] },
  map: { level: 4 },
  units: [
    {
      code: 'UA-KYIV',
      name: 'Kyiv',
      reached: 60,
      nspPerPwidYear: 212.4,
      nspLevel: 'high',
      ostCoverage: 0.1,
      ostLevel: 'low',
      estimatePwid: 100,
    },
    {
      code: 'UA-ODESA',
      name: 'Odesa',
      reached: 30,
      nspPerPwidYear: null,
      nspLevel: null,
      ostCoverage: null,
      ostLevel: null,
      estimatePwid: null,
    },
  ],
  dataQuality: {
    reached: 90,
    missingSex: 0,
    missingBirthYear: '<5',
    duplicatesOpen: 2,
    sitesNotReporting: [],
  },
};

const series = (o: Record<string, unknown>) => o.series as { name: string; data: unknown[] }[];

describe('dashboard charts', () => {
  it('stacks new and returning people; a suppressed month is a gap, never a zero', () => {
    const [fresh, returning] = series(reachedOption(dashboard, t, 'en'));
    expect(fresh!.data).toEqual([20, null]);
    expect(returning!.data).toEqual([30, null]);
    expect(series(syringesOption(dashboard, t, 'en'))[1]!.data).toEqual([null, null]);
  });

  it('colours coverage by WHO level and draws the bands from the settings', () => {
    const o = coverageOption(dashboard, t);
    const bars = series(o)[0] as unknown as {
      data: { value: number | null; itemStyle: { color: string } }[];
      markLine: { data: { xAxis: number }[] };
    };
    // Bottom-up: Odesa first.
    expect(bars.data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [null, LEVEL_COLOURS.none],
      [212.4, LEVEL_COLOURS.high],
    ]);
    expect(bars.markLine.data.map((d) => d.xAxis)).toEqual([100, 200]);
  });

  it('reads the cascade as shares of the diagnosed, beside 95-95-95 read the same way', () => {
    const [programme, target] = series(cascadeOption(dashboard, t));
    expect(programme!.data).toEqual([100, 75, 62.5]);
    expect(target!.data).toEqual([100, 95, 90.3]);
  });

  it('maps each unit by code, coloured by level', () => {
    const m = series(mapOption(dashboard, 'm', t, 'en'))[0] as unknown as {
      nameProperty: string;
      data: { name: string; itemStyle: { areaColor: string } }[];
    };
    expect(m.nameProperty).toBe('code');
    expect(m.data.map((d) => [d.name, d.itemStyle.areaColor])).toEqual([
      ['UA-KYIV', LEVEL_COLOURS.high],
      ['UA-ODESA', LEVEL_COLOURS.none],
    ]);
  });
});

describe('monitoring helpers', () => {
  it('formats counts, shares, suppressed and missing values', () => {
    expect(formatValue(1234, 'reached', 'en')).toBe('1,234');
    expect(formatValue(0.4567, 'ost.coverage', 'en')).toBe('45.7%');
    expect(formatValue('<5', 'reached', 'en')).toBe('<5');
    expect(formatValue(null, 'reached', 'en')).toBe('—');
  });

  it('offers recent months, quarters across a year boundary, and years', () => {
    const ids = periodChoices(new Date('2026-02-10T00:00:00Z')).map((p) => p.id);
    expect(ids.slice(0, 3)).toEqual(['202602', '202601', '202512']);
    expect(ids.slice(12, 15)).toEqual(['2026Q1', '2025Q4', '2025Q3']);
    expect(ids.slice(-3)).toEqual(['2026', '2025', '2024']);
  });
});
