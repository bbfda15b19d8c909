/**
 * Country evidence for the demo, so a new user sees a full profile, a map and trends at once.
 *
 * Where the numbers come from: they are ILLUSTRATIVE. Their shape follows the country tables of
 * Harm Reduction International's Global State of Harm Reduction (2022, 2024) — PWID estimates with
 * bounds, HIV/HCV prevalence among PWID, NSP/OST availability and scale, drug policy — and yearly
 * average exchange rates of the kind central banks publish; their size is rounded and adjusted to be
 * in a plausible range for each country. Budget, unit cost, prison and enforcement figures are
 * invented in the style of a programme's own budget and of EHRA's criminalisation-cost studies. None
 * of it may be cited: every row's source says "demo". A real programme imports its own evidence.
 */

import { stringify } from 'csv-stringify/sync';

interface CountryBase {
  country: string;
  currency: string;
  /** Yearly average units per US dollar, 2022 → 2025. */
  fx: [number, number, number, number];
  pwid: [number, number, number];
  opioid: number;
  /** Syringes distributed in 2025 and the yearly growth before it (0.08 = 8% a year). */
  syringes: number;
  syringeGrowth: number;
  ost: number;
  ostGrowth: number;
  hiv: number;
  hcv?: number;
  policy: 'criminal' | 'administrative' | 'decriminalised';
  nspSites?: number;
  ostSites?: number;
  prisonNsp?: 'all' | 'some' | 'none';
  prisonOst?: 'all' | 'some' | 'none';
  naloxone?: 'yes' | 'no';
  /** Local money: domestic funding 2025, unit costs, a year of benefit, a prison day. */
  domestic?: number;
  internationalUsd?: number;
  costNsp?: number;
  costOst?: number;
  benefit?: number;
  prisonDay?: number;
  prisoners?: number;
  enforcement?: { cases: number; police: number; court: number };
}

const COUNTRIES: CountryBase[] = [
  {
    country: 'UA',
    currency: 'UAH',
    fx: [32.3, 36.6, 40.2, 41.5],
    pwid: [350000, 310000, 390000],
    opioid: 230000,
    syringes: 25000000,
    syringeGrowth: 0.05,
    ost: 21000,
    ostGrowth: 0.08,
    hiv: 20.9,
    hcv: 56,
    policy: 'administrative',
    nspSites: 1800,
    ostSites: 230,
    prisonNsp: 'none',
    prisonOst: 'some',
    naloxone: 'yes',
    domestic: 600000000,
    internationalUsd: 12000000,
    costNsp: 1800,
    costOst: 22000,
    benefit: 36000,
    prisonDay: 600,
    prisoners: 3500,
    enforcement: { cases: 20000, police: 4000, court: 2500 },
  },
  {
    country: 'KZ',
    currency: 'KZT',
    fx: [460, 456, 470, 505],
    pwid: [90000, 75000, 105000],
    opioid: 70000,
    syringes: 6500000,
    syringeGrowth: 0.03,
    ost: 1400,
    ostGrowth: 0.15,
    hiv: 7.6,
    hcv: 50,
    policy: 'criminal',
    nspSites: 150,
    ostSites: 20,
    prisonNsp: 'none',
    prisonOst: 'some',
    naloxone: 'no',
    domestic: 1200000000,
    internationalUsd: 3500000,
    costNsp: 25000,
    costOst: 280000,
    benefit: 600000,
    prisonDay: 9000,
    prisoners: 2800,
  },
  {
    country: 'ID',
    currency: 'IDR',
    fx: [14850, 15240, 15850, 16400],
    pwid: [33000, 25000, 42000],
    opioid: 24000,
    syringes: 1100000,
    syringeGrowth: -0.04,
    ost: 2800,
    ostGrowth: 0.02,
    hiv: 28.8,
    hcv: 62,
    policy: 'criminal',
    nspSites: 190,
    ostSites: 90,
    prisonNsp: 'none',
    prisonOst: 'some',
    naloxone: 'no',
    domestic: 25000000000,
    internationalUsd: 2000000,
    costNsp: 600000,
    costOst: 6000000,
    benefit: 18000000,
    prisonDay: 60000,
    prisoners: 20000,
    enforcement: { cases: 40000, police: 5000000, court: 3000000 },
  },
  {
    country: 'KE',
    currency: 'KES',
    fx: [117, 140, 134, 130],
    pwid: [36000, 27000, 45000],
    opioid: 27000,
    syringes: 2900000,
    syringeGrowth: 0.06,
    ost: 9500,
    ostGrowth: 0.1,
    hiv: 18.3,
    policy: 'criminal',
    domestic: 300000000,
    internationalUsd: 6000000,
    costNsp: 7000,
    costOst: 60000,
    benefit: 0,
    prisonDay: 450,
    prisoners: 3000,
  },
  {
    country: 'GE',
    currency: 'GEL',
    fx: [2.92, 2.63, 2.72, 2.75],
    pwid: [52500, 45000, 60000],
    opioid: 40000,
    syringes: 4500000,
    syringeGrowth: 0.04,
    ost: 13000,
    ostGrowth: 0.05,
    hiv: 2.3,
    hcv: 60,
    policy: 'administrative',
    domestic: 14000000,
    internationalUsd: 2500000,
    costNsp: 120,
    costOst: 1500,
    benefit: 0,
    prisonDay: 45,
    prisoners: 900,
  },
  {
    country: 'MD',
    currency: 'MDL',
    fx: [18.9, 18.1, 17.9, 17.8],
    pwid: [27000, 22000, 32000],
    opioid: 20000,
    syringes: 3000000,
    syringeGrowth: 0.02,
    ost: 900,
    ostGrowth: 0.03,
    hiv: 14,
    policy: 'administrative',
    domestic: 20000000,
    internationalUsd: 1800000,
    costNsp: 900,
    costOst: 9000,
    benefit: 14000,
    prisonDay: 300,
    prisoners: 600,
  },
  {
    country: 'IN',
    currency: 'INR',
    fx: [78.6, 82.6, 83.7, 86],
    pwid: [850000, 700000, 1000000],
    opioid: 700000,
    syringes: 60000000,
    syringeGrowth: 0.03,
    ost: 40000,
    ostGrowth: 0.04,
    hiv: 9,
    policy: 'criminal',
  },
  {
    country: 'VN',
    currency: 'VND',
    fx: [23270, 23790, 25100, 25900],
    pwid: [190000, 160000, 220000],
    opioid: 160000,
    syringes: 20000000,
    syringeGrowth: 0,
    ost: 52000,
    ostGrowth: 0.02,
    hiv: 11,
    policy: 'administrative',
  },
  {
    country: 'KG',
    currency: 'KGS',
    fx: [84.1, 88.1, 87.5, 87.3],
    pwid: [25000, 20000, 30000],
    opioid: 20000,
    syringes: 2700000,
    syringeGrowth: 0.01,
    ost: 1000,
    ostGrowth: 0.02,
    hiv: 11,
    policy: 'administrative',
  },
  {
    country: 'MY',
    currency: 'MYR',
    fx: [4.4, 4.56, 4.58, 4.45],
    pwid: [75000, 60000, 90000],
    opioid: 60000,
    syringes: 7000000,
    syringeGrowth: 0.02,
    ost: 20000,
    ostGrowth: 0.01,
    hiv: 13,
    policy: 'criminal',
  },
  {
    country: 'PT',
    currency: 'EUR',
    fx: [0.95, 0.92, 0.92, 0.9],
    pwid: [13000, 10000, 16000],
    opioid: 30000,
    syringes: 3200000,
    syringeGrowth: 0.01,
    ost: 16000,
    ostGrowth: 0,
    hiv: 12,
    policy: 'decriminalised',
  },
  {
    country: 'CZ',
    currency: 'CZK',
    fx: [23.4, 22.2, 23.2, 22.5],
    pwid: [45000, 40000, 50000],
    opioid: 12000,
    syringes: 9000000,
    syringeGrowth: 0.02,
    ost: 4800,
    ostGrowth: 0,
    hiv: 0.3,
    policy: 'administrative',
  },
  {
    country: 'NP',
    currency: 'NPR',
    fx: [125.6, 132.1, 133.9, 137],
    pwid: [30000, 24000, 36000],
    opioid: 25000,
    syringes: 1800000,
    syringeGrowth: 0,
    ost: 1800,
    ostGrowth: 0.05,
    hiv: 5,
    policy: 'criminal',
  },
  {
    country: 'TZ',
    currency: 'TZS',
    fx: [2300, 2380, 2600, 2550],
    pwid: [30000, 25000, 38000],
    opioid: 27000,
    syringes: 1000000,
    syringeGrowth: 0.1,
    ost: 11000,
    ostGrowth: 0.06,
    hiv: 18,
    policy: 'criminal',
  },
];

const YEARS = [2022, 2023, 2024, 2025] as const;
const SOURCE = 'demo: illustrative, HRI GSHR-style (not for citation)';
const BUDGET = 'demo: illustrative programme budget (not for citation)';

/** The demo's figures as the long CSV of docs/advocacy.md §1. */
export function demoAdvocacyCsv(): string {
  const rows: string[][] = [
    ['country', 'year', 'measure', 'value', 'unit', 'source', 'as_of', 'lower', 'upper'],
  ];
  const add = (
    c: string,
    y: number,
    m: string,
    v: number | string,
    unit = '',
    source = SOURCE,
    lower = '',
    upper = '',
  ) => rows.push([c, String(y), m, String(v), unit, source, String(y), lower, upper]);
  for (const b of COUNTRIES) {
    const c = b.country;
    YEARS.forEach((y, i) => {
      const back = 2025 - y;
      add(c, y, 'fx.usd', b.fx[i] as number, b.currency, 'demo: illustrative yearly average rate');
      add(c, y, 'nsp.syringes', Math.round(b.syringes / (1 + b.syringeGrowth) ** back));
      add(c, y, 'ost.clients', Math.round(b.ost / (1 + b.ostGrowth) ** back));
      if (b.domestic !== undefined)
        add(c, y, 'funding.domestic', Math.round(b.domestic / 1.06 ** back), b.currency, BUDGET);
      if (b.internationalUsd !== undefined)
        add(c, y, 'funding.international', Math.round(b.internationalUsd * 1.1 ** back), 'USD', BUDGET);
    });
    // Estimates are made every few years: one for 2022, a newer one for 2024.
    add(
      c,
      2022,
      'pwid',
      Math.round(b.pwid[0] * 0.95),
      '',
      SOURCE,
      String(Math.round(b.pwid[1] * 0.95)),
      String(Math.round(b.pwid[2] * 0.95)),
    );
    add(c, 2024, 'pwid', b.pwid[0], '', SOURCE, String(b.pwid[1]), String(b.pwid[2]));
    add(c, 2024, 'pwud_opioid', b.opioid);
    add(c, 2022, 'hiv.prevalence.pwid', Math.round(b.hiv * 11) / 10);
    add(c, 2024, 'hiv.prevalence.pwid', b.hiv);
    if (b.hcv !== undefined) add(c, 2024, 'hcv.prevalence.pwid', b.hcv);
    add(c, 2024, 'policy.drug_use', b.policy);
    add(c, 2024, 'nsp.available', b.syringes > 0 ? 'yes' : 'no');
    add(c, 2024, 'ost.available', b.ost > 0 ? 'yes' : 'no');
    if (b.nspSites !== undefined) add(c, 2024, 'nsp.sites', b.nspSites);
    if (b.ostSites !== undefined) add(c, 2024, 'ost.sites', b.ostSites);
    if (b.prisonNsp) add(c, 2024, 'nsp.prison', b.prisonNsp);
    if (b.prisonOst) add(c, 2024, 'ost.prison', b.prisonOst);
    if (b.naloxone) add(c, 2024, 'naloxone.take_home', b.naloxone);
    add(c, 2024, 'policy.harm_reduction_in_strategy', b.policy === 'criminal' && c !== 'KE' ? 'no' : 'yes');
    if (b.costNsp !== undefined) add(c, 2024, 'cost.nsp_per_person_year', b.costNsp, b.currency, BUDGET);
    if (b.costOst !== undefined) add(c, 2025, 'cost.ost_per_person_year', b.costOst, b.currency, BUDGET);
    if (b.benefit !== undefined)
      add(
        c,
        2025,
        'social.unemployment_benefit_year',
        b.benefit,
        b.currency,
        'demo: illustrative national benefit rate',
      );
    if (b.prisonDay !== undefined)
      add(
        c,
        2024,
        'prison.cost_per_day',
        b.prisonDay,
        b.currency,
        'demo: illustrative prison service budget',
      );
    if (b.prisoners !== undefined)
      add(c, 2024, 'prison.drug_use_prisoners', b.prisoners, '', 'demo: illustrative prison statistics');
    if (b.enforcement) {
      add(
        c,
        2024,
        'enforcement.drug_use_cases',
        b.enforcement.cases,
        '',
        'demo: illustrative police statistics',
      );
      add(
        c,
        2024,
        'enforcement.police_cost_per_case',
        b.enforcement.police,
        b.currency,
        'demo: illustrative',
      );
      add(c, 2024, 'enforcement.court_cost_per_case', b.enforcement.court, b.currency, 'demo: illustrative');
    }
  }
  return stringify(rows);
}

/** Demo org units that are countries, with their ISO 3166-1 codes. */
export const DEMO_COUNTRY_UNITS: Record<string, string> = { UA: 'UA', KZ: 'KZ', ID: 'ID' };
