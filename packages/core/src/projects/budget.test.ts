import { describe, expect, it } from 'vitest';
import { budgetReport } from './budget.js';
import { toCents } from './money.js';

const c = (s: string) => toCents(s)!;

describe('budget against spending', () => {
  // Two years, 2025-01-01 to 2026-12-31: 730 days. Asked on 2025-12-31: 365 days gone, exactly half.
  const project = { start: '2025-01-01', end: '2026-12-31' };
  const budgets = [
    { member: 'SLN', line: 'staff', cents: c('200000') },
    { member: 'SLN', line: 'services', cents: c('64024') },
    { member: 'BRC', line: 'staff', cents: c('100000') },
    { member: 'KZN', line: 'staff', cents: c('50000') },
  ];
  const spending = [
    { member: 'SLN', line: 'staff', cents: c('60000') },
    { member: 'SLN', line: 'staff', cents: c('40000') },
    { member: 'SLN', line: 'services', cents: c('40000') },
    { member: 'BRC', line: 'staff', cents: c('20000') },
    { member: 'KZN', line: 'staff', cents: c('50500') },
  ];

  it('adds up by member, by line and in total, and projects the end at this pace (hand-computed)', () => {
    const r = budgetReport(budgets, spending, project, '2025-12-31');
    expect(r.elapsed).toBe(0.5);
    // Total: 414,024 budgeted, 210,500 spent; at this pace 421,000 by the end (+1.7%: no flag).
    expect(r.total).toMatchObject({
      budget: c('414024'),
      spent: c('210500'),
      remaining: c('203524'),
      projected: c('421000'),
      flag: null,
    });
    expect(r.total.share).toBeCloseTo(210500 / 414024, 12);
    // 210,500 over 365 days = 17,553.68 per mean month (210,500 × 30.4375 ÷ 365 = 17,553.6815).
    expect(r.total.burnPerMonth).toBe(1_755_368n);
    // SLN: 264,024 budgeted, 140,000 spent → 280,000 projected, 6% over: within 10%, no flag; but
    // its services line (64,024, of which 40,000 spent → 80,000) runs 25% over pace.
    expect(r.byMember.SLN).toMatchObject({
      budget: c('264024'),
      spent: c('140000'),
      projected: c('280000'),
      flag: null,
    });
    expect(r.cells.SLN!.services).toMatchObject({ projected: c('80000'), flag: 'over_pace' });
    expect(r.cells.SLN!.staff).toMatchObject({ projected: c('200000'), flag: null });
    // BRC: 20% spent at half time → 40,000 projected of 100,000: under pace.
    expect(r.byMember.BRC!.flag).toBe('under_pace');
    // KZN: already past its budget.
    expect(r.byMember.KZN).toMatchObject({ remaining: c('-500'), flag: 'over' });
    expect(r.byLine.staff).toMatchObject({ budget: c('350000'), spent: c('170500') });
  });

  it('counts no time before the start and all of it after the end; spending without a budget is over', () => {
    const before = budgetReport(budgets, [], project, '2024-06-01');
    expect([before.elapsed, before.total.burnPerMonth, before.total.flag]).toEqual([0, 0n, null]);
    const after = budgetReport(budgets, spending, project, '2027-06-01');
    expect(after.elapsed).toBe(1);
    expect(after.total.projected).toBe(after.total.spent);
    const unbudgeted = budgetReport(
      [],
      [{ member: 'X', line: 'travel', cents: c('10') }],
      project,
      '2025-06-01',
    );
    expect(unbudgeted.byLine.travel).toMatchObject({ share: null, flag: 'over' });
    // Early on, a slow start is not yet "under pace".
    expect(budgetReport(budgets, [], project, '2025-03-01').byMember.BRC!.flag).toBeNull();
  });
});
