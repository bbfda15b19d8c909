import { describe, expect, it } from 'vitest';
import type { CountryFigure } from './figure-row.js';
import { buildProfile, type DerivedFigure } from './profile.js';

function fig(year: number, measure: string, value: string, unit: string | null = null): CountryFigure {
  return {
    country: 'UA',
    year,
    measure,
    value,
    unit,
    source: `test ${year}`,
    asOf: null,
    lower: null,
    upper: null,
    url: null,
    notes: null,
  };
}

/** Hand-computed: rates chosen so each conversion is exact on paper (see the comments). */
const UA: CountryFigure[] = [
  fig(2024, 'pwid', '350000'),
  fig(2023, 'pwud_opioid', '250000'),
  fig(2025, 'nsp.syringes', '28000000'),
  fig(2025, 'ost.clients', '20000'),
  fig(2024, 'fx.usd', '40', 'UAH'),
  fig(2025, 'fx.usd', '50', 'UAH'),
  fig(2025, 'funding.domestic', '100000000', 'UAH'), // 2,000,000 USD at 2025's 50
  fig(2025, 'funding.international', '3000000', 'USD'),
  fig(2024, 'cost.nsp_per_person_year', '2000', 'UAH'), // 50 USD at 2024's 40, not 2025's 50
  fig(2025, 'cost.ost_per_person_year', '25000', 'UAH'), // 500 USD
  fig(2025, 'social.unemployment_benefit_year', '30000', 'UAH'), // 600 USD
  fig(2025, 'prison.cost_per_day', '800', 'UAH'), // 292,000 UAH a year = 5,840 USD
  fig(2025, 'prison.drug_use_prisoners', '10000'),
  // Later years must not reach a 2025 profile.
  fig(2026, 'pwid', '999999'),
  fig(2026, 'fx.usd', '60', 'UAH'),
  fig(2026, 'enforcement.drug_use_cases', '5000'),
];

const d = (p: { derived: DerivedFigure[] }, m: string) =>
  p.derived.find((x) => x.measure === m) as DerivedFigure;

describe('country profile (docs/advocacy.md §2–§3, hand-computed)', () => {
  const p = buildProfile({ country: 'UA', year: 2025, figures: UA, programme: { value: 700000 } });

  it('uses the year asked or the latest earlier year, never a later one', () => {
    const pwid = p.measures.find((m) => m.measure === 'pwid');
    expect(pwid).toMatchObject({ value: 350000, year: 2024 });
    expect(p.measures.find((m) => m.measure === 'enforcement.drug_use_cases')).toBeUndefined();
    expect(p.measures.find((m) => m.measure === 'fx.usd')).toMatchObject({
      value: 50,
      year: 2025,
      unit: 'UAH',
    });
  });

  it('coverage against the WHO levels', () => {
    expect(d(p, 'nsp.syringes_per_pwid')).toMatchObject({ value: 80, value_usd: 80, missing: [] });
    expect(d(p, 'nsp.level').value).toBe('low');
    expect(d(p, 'ost.coverage').value).toBe(0.08);
    expect(d(p, 'ost.level').value).toBe('low');
    expect(d(p, 'programme.nsp.syringes').value).toBe(700000);
    expect(d(p, 'programme.nsp.syringes_per_pwid').value).toBe(2);
  });

  it('funding: each money value at the rate of its own year; local only when one currency', () => {
    expect(d(p, 'funding.total')).toMatchObject({ value: null, unit: null, value_usd: 5000000, missing: [] });
    // 350000 × 2000 + 250000 × 0.4 × 25000 UAH; 350000 × 50 + 100000 × 500 USD
    expect(d(p, 'funding.need')).toMatchObject({ value: 3200000000, unit: 'UAH', value_usd: 67500000 });
    expect(d(p, 'funding.gap')).toMatchObject({ value: null, value_usd: 62500000 });
    expect(d(p, 'funding.share_of_need').value).toBe(2 / 27);
  });

  it('the cost of criminalisation, a lower bound without enforcement costs', () => {
    expect(d(p, 'criminalisation.prison_per_person_year')).toMatchObject({
      value: 292000,
      unit: 'UAH',
      value_usd: 5840,
    });
    expect(d(p, 'criminalisation.services_per_person_year')).toMatchObject({ value: 57000, value_usd: 1150 });
    expect(d(p, 'criminalisation.ratio').value).toBe(5840 / 1150);
    expect(d(p, 'criminalisation.prison_total_year')).toMatchObject({
      value: 2920000000,
      value_usd: 58400000,
    });
    expect(d(p, 'criminalisation.enforcement_total_year')).toMatchObject({
      value: null,
      missing: [
        'enforcement.drug_use_cases',
        'enforcement.police_cost_per_case',
        'enforcement.court_cost_per_case',
      ],
    });
    expect(d(p, 'criminalisation.total_year')).toMatchObject({ value_usd: 58400000, lower_bound: true });
    // ⌊58,400,000 / 1,150⌋
    expect(d(p, 'criminalisation.people_served_instead')).toMatchObject({
      value: 50782,
      value_usd: 50782,
      lower_bound: true,
    });
  });

  it('a later year picks up later values and rates', () => {
    const later = buildProfile({ country: 'UA', year: 2026, figures: UA });
    expect(later.measures.find((m) => m.measure === 'pwid')?.value).toBe(999999);
    // cost.ost (2025) still converts at 2025's rate, not 2026's.
    expect(d(later, 'criminalisation.services_per_person_year').value_usd).toBe(1150);
  });

  it('enforcement in a currency without a rate: no US-dollar total, no local total, not a lower bound', () => {
    const q = buildProfile({
      country: 'UA',
      year: 2025,
      figures: [
        ...UA,
        fig(2025, 'enforcement.drug_use_cases', '5000'),
        fig(2025, 'enforcement.police_cost_per_case', '1000', 'UAH'),
        fig(2025, 'enforcement.court_cost_per_case', '100', 'EUR'),
      ],
    });
    expect(d(q, 'criminalisation.enforcement_total_year')).toMatchObject({
      value: null,
      value_usd: null,
      missing: ['fx.usd'],
    });
    expect(d(q, 'criminalisation.enforcement_total_year').reason).toContain('EUR (2025)');
    const total = d(q, 'criminalisation.total_year');
    expect(total).toMatchObject({ value: null, value_usd: null, missing: ['fx.usd'] });
    expect(total.lower_bound).toBeUndefined();
  });

  it('enforcement in one currency: an exact total, no lower bound', () => {
    const q = buildProfile({
      country: 'UA',
      year: 2025,
      figures: [
        ...UA.filter((f) => f.year < 2026),
        fig(2025, 'enforcement.drug_use_cases', '5000'),
        fig(2025, 'enforcement.police_cost_per_case', '1000', 'UAH'),
        fig(2025, 'enforcement.court_cost_per_case', '500', 'UAH'),
      ],
    });
    // 5000 × 1500 UAH = 7,500,000 UAH = 150,000 USD
    expect(d(q, 'criminalisation.enforcement_total_year')).toMatchObject({
      value: 7500000,
      value_usd: 150000,
    });
    expect(d(q, 'criminalisation.total_year')).toMatchObject({ value: 2927500000, value_usd: 58550000 });
    expect(d(q, 'criminalisation.total_year').lower_bound).toBeUndefined();
    expect(d(q, 'criminalisation.people_served_instead').value).toBe(Math.floor(58550000 / 1150));
  });

  it('a currency with no rate at all: local values, no US dollars, and ratios absent with the reason', () => {
    const ke = [
      fig(2024, 'prison.cost_per_day', '1000', 'KES'),
      fig(2024, 'cost.nsp_per_person_year', '5000', 'KES'),
      fig(2024, 'cost.ost_per_person_year', '40000', 'KES'),
      fig(2024, 'social.unemployment_benefit_year', '0', 'KES'),
    ];
    const q = buildProfile({ country: 'KE', year: 2024, figures: ke });
    expect(d(q, 'criminalisation.prison_per_person_year')).toMatchObject({
      value: 365000,
      unit: 'KES',
      value_usd: null,
      missing: ['fx.usd'],
    });
    expect(d(q, 'criminalisation.ratio')).toMatchObject({ value: null, missing: ['fx.usd'] });
    expect(d(q, 'criminalisation.ratio').reason).toContain('KES (2024)');
  });

  it('a rate from an earlier year serves money of a year without one; a rate from a later year never does', () => {
    const q = buildProfile({
      country: 'UA',
      year: 2026,
      figures: [
        fig(2022, 'fx.usd', '25', 'UAH'),
        fig(2023, 'prison.cost_per_day', '100', 'UAH'),
        fig(2026, 'fx.usd', '50', 'UAH'),
      ],
    });
    expect(d(q, 'criminalisation.prison_per_person_year').value_usd).toBe(1460); // 36,500 / 25
    const early = buildProfile({
      country: 'UA',
      year: 2026,
      figures: [fig(2023, 'prison.cost_per_day', '100', 'UAH'), fig(2024, 'fx.usd', '50', 'UAH')],
    });
    expect(d(early, 'criminalisation.prison_per_person_year')).toMatchObject({
      value: 36500,
      value_usd: null,
    });
  });

  it('absent parts of funding are absent, not zero; missing inputs are named', () => {
    const q = buildProfile({
      country: 'UA',
      year: 2025,
      figures: UA.filter((f) => f.measure !== 'funding.international'),
    });
    expect(d(q, 'funding.total')).toMatchObject({
      value: null,
      value_usd: null,
      missing: ['funding.international'],
    });
    expect(d(q, 'funding.gap').missing).toEqual(['funding.international']);
    const none = buildProfile({ country: 'UA', year: 2025, figures: [] });
    expect(d(none, 'ost.coverage')).toMatchObject({ value: null, missing: ['ost.clients', 'pwud_opioid'] });
    expect(d(none, 'programme.nsp.syringes').reason).toBe('No org unit carries this country code');
    expect(none.derived).toHaveLength(17);
  });

  it('money sums are exact where doubles are not', () => {
    const q = buildProfile({
      country: 'UA',
      year: 2025,
      figures: [
        fig(2025, 'funding.domestic', '0.1', 'USD'),
        fig(2025, 'funding.international', '0.2', 'USD'),
      ],
    });
    expect(d(q, 'funding.total').value).toBe(0.3);
  });

  it('a what-if moves every figure made from the value it changes, and marks it', () => {
    const q = buildProfile({
      country: 'UA',
      year: 2025,
      figures: UA,
      whatIf: [{ measure: 'prison.cost_per_day', value: '1600' }],
    });
    expect(d(q, 'criminalisation.ratio').value).toBe(11680 / 1150);
    expect(q.measures.find((m) => m.measure === 'prison.cost_per_day')).toMatchObject({
      value: 1600,
      unit: 'UAH',
      what_if: true,
    });
    expect(d(q, 'criminalisation.prison_total_year').value_usd).toBe(116800000);
  });

  it('a suppressed programme figure says so and shows no number', () => {
    const q = buildProfile({
      country: 'UA',
      year: 2025,
      figures: UA,
      programme: { value: null, suppressed: true },
    });
    expect(d(q, 'programme.nsp.syringes')).toMatchObject({ value: null, suppressed: true });
    expect(d(q, 'programme.nsp.syringes_per_pwid')).toMatchObject({ value: null, suppressed: true });
  });
});
