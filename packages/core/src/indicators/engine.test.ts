import { describe, expect, it } from 'vitest';
import { FLAG } from '../contact-items.js';
import { parsePeriod } from '../periods.js';
import { ageBand, parseDimensions } from './disaggregation.js';
import {
  type CascadeFacts,
  computeReport,
  meetsPackage,
  type PersonFacts,
  type ReportInput,
} from './engine.js';
import { reportValue } from './report.js';

const P = parsePeriod('2026Q1')!;
const person = (p: Partial<PersonFacts> & Pick<PersonFacts, 'client'>): PersonFacts => ({
  sex: 'male',
  birthYear: null,
  kp: null,
  unit: null,
  contacts: 1,
  syringes: 0,
  needles: 0,
  returned: 0,
  condoms: 0,
  naloxone: 0,
  reversals: 0,
  flags: 0,
  firstContact: null,
  ...p,
});

/** A tiny programme whose every indicator was worked out by hand (see the comments). */
function input(dims = ''): ReportInput {
  const parsed = parseDimensions(dims);
  if (!parsed.ok) throw new Error('bad dims');
  const cascade = new Map<string, CascadeFacts>([
    ['A', { tested: true, diagnosed: false, onArt: false, suppressed: false }],
    ['C', { tested: true, diagnosed: true, onArt: true, suppressed: true }],
  ]);
  return {
    period: P,
    today: '2026-11-23',
    dims: parsed.dims,
    persons: [
      // A: first contact before the period (not new); package via syringes + condoms.
      person({
        client: 'A',
        sex: 'male',
        birthYear: 1990,
        kp: 'pwid',
        contacts: 3,
        syringes: 30,
        returned: 20,
        condoms: 5,
        naloxone: 1,
        flags: FLAG.IEC | FLAG.HIV_TEST | FLAG.HIV_RESULT,
        firstContact: '2025-06-01',
      }),
      // B: new; syringes only, so not the package.
      person({
        client: 'B',
        sex: 'female',
        birthYear: 2007,
        kp: 'pwid',
        syringes: 10,
        firstContact: '2026-02-10',
      }),
      // C: new on the first day; aged exactly 15 at the period's end year; not PWID.
      person({
        client: 'C',
        sex: 'trans_woman',
        birthYear: 2011,
        kp: 'pwud',
        contacts: 2,
        condoms: 4,
        flags: FLAG.HIV_TEST | FLAG.HIV_RESULT | FLAG.HIV_POSITIVE | FLAG.HCV_TESTED | FLAG.HCV_POSITIVE,
        firstContact: '2026-01-01',
      }),
      // D: new on the last day; needles and an HIV test referral make the package; no birth year.
      person({
        client: 'D',
        sex: 'male',
        kp: 'pwid',
        needles: 5,
        flags: FLAG.TB_SCREENED | FLAG.TB_REFERRED | FLAG.HIV_TEST_REFERRAL,
        firstContact: '2026-03-31',
      }),
    ],
    artLinked: [{ client: 'C', sex: 'trans_woman', birthYear: 2011, kp: 'pwud', unit: null }],
    ost: [
      { client: 'A', sex: 'male', birthYear: 1990, kp: 'pwid', unit: null, start: '2025-10-01', stop: null },
      // Stopped on the census day: not active; started in the period but not retained.
      {
        client: 'B',
        sex: 'female',
        birthYear: 2007,
        kp: 'pwid',
        unit: null,
        start: '2026-02-01',
        stop: '2026-03-31',
      },
      { client: 'D', sex: 'male', birthYear: null, kp: 'pwid', unit: null, start: '2026-03-01', stop: null },
    ],
    referrals: [
      {
        client: 'A',
        sex: 'male',
        birthYear: 1990,
        kp: 'pwid',
        unit: null,
        issued: '2026-01-15',
        status: 'completed',
      },
      {
        client: 'A',
        sex: 'male',
        birthYear: 1990,
        kp: 'pwid',
        unit: null,
        issued: '2025-12-31',
        status: 'completed',
      },
      {
        client: 'C',
        sex: 'trans_woman',
        birthYear: 2011,
        kp: 'pwud',
        unit: null,
        issued: '2026-03-30',
        status: 'issued',
      },
      {
        client: 'B',
        sex: 'female',
        birthYear: 2007,
        kp: 'pwid',
        unit: null,
        issued: '2026-02-02',
        status: 'void',
      },
    ],
    cascade,
    estimates: { total: { pwid: 100, pwidOpioid: null, year: 2026 } },
    targets: [{ indicator: 'reached', value: 8 }],
  };
}

describe('indicator engine (hand-computed)', () => {
  const report = computeReport(input());
  const v = (id: string, dis: Record<string, string> = {}) => reportValue(report, id, dis);

  it('counts contacts and distinct people, new people and the package', () => {
    expect(v('contacts')).toBe(7);
    expect(v('reached')).toBe(4);
    expect(v('reached.new')).toBe(3);
    expect(v('reached.package')).toBe(2);
    expect(v('reached.package.coverage')).toBe(0.02);
  });

  it('keeps the two syringe denominators apart (KP-4 per client reached, GAM 1.9 per estimated PWID per year)', () => {
    expect(v('nsp.syringes')).toBe(40);
    expect(v('nsp.needles')).toBe(5);
    expect(v('nsp.returned')).toBe(20);
    expect(v('nsp.return_rate')).toBe(0.5);
    expect(v('nsp.clients')).toBe(3);
    expect(v('nsp.coverage')).toBe(0.03);
    expect(v('nsp.per_client')).toBeCloseTo(40 / 3, 12);
    expect(v('nsp.per_pwid_year')).toBeCloseTo((40 / 100) * (365 / 90), 12);
    expect(v('nsp.level')).toBe('low');
  });

  it('counts commodities, tests and their results', () => {
    expect(v('condoms')).toBe(9);
    expect(v('naloxone.kits')).toBe(1);
    expect(v('naloxone.reversals')).toBe(0);
    expect(v('hts.tested')).toBe(2);
    expect(v('hts.positive')).toBe(1);
    expect(v('hts.coverage')).toBe(0.01);
    expect(v('art.linked')).toBe(1);
    expect(v('prep')).toBe(0);
    expect([v('hcv.tested'), v('hcv.positive'), v('hcv.treated')]).toEqual([1, 1, 0]);
    expect([v('tb.screened'), v('tb.referred')]).toEqual([1, 1]);
  });

  it('takes the OST census on the last day, counts new episodes and 6-month retention', () => {
    expect(v('ost.active')).toBe(2);
    expect(v('ost.new')).toBe(2);
    expect(v('ost.retention_6m')).toBe(0.5);
    expect(v('ost.coverage')).toBe(0.02);
    expect(v('ost.level')).toBe('low');
    expect(v('estimate.ost_denominator')).toBe('pwid');
  });

  it('counts referrals issued in the period and those completed, leaving out voided ones', () => {
    expect([v('referrals.made'), v('referrals.completed'), v('referrals.completion_rate')]).toEqual([
      2, 1, 0.5,
    ]);
    expect(v('targets.achievement', { indicator: 'reached' })).toBe(0.5);
  });

  it('reports the cascade among the people reached', () => {
    expect([
      v('cascade.tested'),
      v('cascade.diagnosed'),
      v('cascade.on_art'),
      v('cascade.suppressed'),
    ]).toEqual([2, 1, 1, 1]);
  });

  it("ends episodes without a dose for the programme's limit as lost, in the census and the retention cohort alike", () => {
    const withDoses = (lastA: string | null, lastD: string | null) => {
      const i = input();
      return computeReport({
        ...i,
        // A started 2025-10-01, D 2026-03-01 (period Q1 2026, report made 2026-11-23), limit 30 days.
        ost: i.ost.map((e) =>
          e.client === 'A'
            ? { ...e, lastDose: lastA, lostAfter: 30 }
            : e.client === 'D'
              ? { ...e, lastDose: lastD, lostAfter: 30 }
              : e,
        ),
      });
    };
    const val = (r: ReturnType<typeof computeReport>, id: string) => reportValue(r, id);
    // Both dosed until this week: active on 31 March, and D (started in Q1) retained at 182 days.
    const dosing = withDoses('2026-11-20', '2026-11-20');
    expect([val(dosing, 'ost.active'), val(dosing, 'ost.retention_6m')]).toEqual([2, 0.5]);
    // A last dosed 2026-02-27 (more than 30 days ago): lost from 2026-02-28, not active on 31 March.
    // D last dosed 2026-06-01: lost from 2026-06-02, before day 182 (2026-08-30): not retained.
    const lost = withDoses('2026-02-27', '2026-06-01');
    expect([val(lost, 'ost.active'), val(lost, 'ost.new'), val(lost, 'ost.retention_6m')]).toEqual([1, 2, 0]);
  });

  it('leaves retention unknown until 182 days after the period', () => {
    const early = computeReport({ ...input(), today: '2026-09-28' });
    expect(reportValue(early, 'ost.retention_6m')).toBeNull();
    expect(reportValue(computeReport({ ...input(), today: '2026-09-29' }), 'ost.retention_6m')).toBe(0.5);
  });

  it('gives null, not a number, when a denominator is missing', () => {
    const r = computeReport({
      ...input(),
      estimates: { total: { pwid: null, pwidOpioid: null, year: null } },
    });
    expect(reportValue(r, 'nsp.coverage')).toBeNull();
    expect(reportValue(r, 'nsp.level')).toBeNull();
    expect(reportValue(r, 'ost.coverage')).toBeNull();
  });

  it('cross-tabulates sex × age (gf), with transgender as a derived category', () => {
    const r = computeReport(input('sex,age:gf'));
    expect(reportValue(r, 'reached', {})).toBe(4);
    expect(reportValue(r, 'reached', { sex: 'male', age: '25+' })).toBe(1);
    expect(reportValue(r, 'reached', { sex: 'male', age: 'unknown' })).toBe(1);
    expect(reportValue(r, 'reached', { sex: 'trans_woman', age: '15-19' })).toBe(1);
    expect(reportValue(r, 'reached', { sex: 'transgender', age: '15-19' })).toBe(1);
    expect(reportValue(r, 'ost.active', { sex: 'male', age: '25+' })).toBe(1);
    expect(reportValue(r, 'ost.active', { sex: 'female', age: '15-19' })).toBe(0);
    // Coverage needs an estimate by sex, which does not exist: totals only.
    expect(r.values.filter((x) => x.indicator === 'nsp.coverage')).toHaveLength(1);
    expect(r.values.filter((x) => x.indicator === 'targets.achievement')).toHaveLength(1);
  });

  it('puts ages on band edges where docs/indicators.md says', () => {
    expect([
      ageBand('gf', 14),
      ageBand('gf', 15),
      ageBand('gf', 19),
      ageBand('gf', 20),
      ageBand('gf', 24),
      ageBand('gf', 25),
    ]).toEqual(['<15', '15-19', '15-19', '20-24', '20-24', '25+']);
    expect([ageBand('gam', 24), ageBand('gam', 25), ageBand('gam', null)]).toEqual(['<25', '25+', 'unknown']);
    expect([ageBand('fine', 49), ageBand('fine', 50), ageBand('fine', 30), ageBand('fine', 34)]).toEqual([
      '45-49',
      '50+',
      '30-34',
      '30-34',
    ]);
  });

  it('uses the configured package', () => {
    const p = { kp: 'pwid', syringes: 1, needles: 0, condoms: 0, naloxone: 0, flags: FLAG.IEC };
    expect(meetsPackage(p)).toBe(true);
    expect(meetsPackage(p, { injecting: ['syringes'], plus: ['condoms'] })).toBe(false);
    expect(meetsPackage({ ...p, kp: 'pwud' })).toBe(false);
  });
});
