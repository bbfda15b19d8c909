import { describe, expect, it } from 'vitest';
import { closingReport, reportingPeriods, reportStage } from './reporting.js';

describe('members’ periodic reports', () => {
  const project = { start: '2025-02-15', end: '2026-05-31' };

  it('lists the reporting periods over the project, clipped to its dates, each due days after it ends', () => {
    const quarters = reportingPeriods({ every: 'quarter', dueDays: 30 }, project);
    expect(quarters.map((q) => q.period)).toEqual([
      '2025Q1',
      '2025Q2',
      '2025Q3',
      '2025Q4',
      '2026Q1',
      '2026Q2',
    ]);
    expect(quarters[0]).toEqual({
      period: '2025Q1',
      start: '2025-02-15',
      end: '2025-03-31',
      due: '2025-04-30',
    });
    // The last quarter ends with the project, and is due 30 days after that.
    expect(quarters[5]).toEqual({
      period: '2026Q2',
      start: '2026-04-01',
      end: '2026-05-31',
      due: '2026-06-30',
    });
    expect(
      reportingPeriods({ every: 'sixmonth', dueDays: 0 }, project).map((p) => [p.period, p.due]),
    ).toEqual([
      ['2025S1', '2025-06-30'],
      ['2025S2', '2025-12-31'],
      ['2026S1', '2026-05-31'],
    ]);
    expect(reportingPeriods({ every: 'year', dueDays: 60 }, project).map((p) => p.due)).toEqual([
      '2026-03-01',
      '2026-07-30',
    ]);
  });

  it('says where a report stands: under way, due, late, or its own status', () => {
    const q = { period: '2025Q3', start: '2025-07-01', end: '2025-09-30', due: '2025-10-30' };
    expect(reportStage(q, null, '2025-09-30')).toEqual({ stage: 'upcoming', overdue: false });
    expect(reportStage(q, null, '2025-10-01')).toEqual({ stage: 'due', overdue: false });
    expect(reportStage(q, null, '2025-10-30')).toEqual({ stage: 'due', overdue: false });
    expect(reportStage(q, null, '2025-10-31')).toEqual({ stage: 'overdue', overdue: true });
    expect(reportStage(q, 'submitted', '2026-01-01')).toEqual({ stage: 'submitted', overdue: false });
    expect(reportStage(q, 'returned', '2025-10-15')).toEqual({ stage: 'returned', overdue: false });
    // Sent back and not resubmitted by the due date: late.
    expect(reportStage(q, 'returned', '2025-11-15')).toEqual({ stage: 'returned', overdue: true });
    expect(reportStage(q, 'accepted', '2026-01-01')).toEqual({ stage: 'accepted', overdue: false });
  });

  it('closes a spending period that overlaps a report under review or accepted, not one sent back', () => {
    const reports = [
      { period: '2025Q1', start: '2025-01-01', end: '2025-03-31', status: 'accepted' as const },
      { period: '2025Q2', start: '2025-04-01', end: '2025-06-30', status: 'returned' as const },
      { period: '2025Q3', start: '2025-07-01', end: '2025-09-30', status: 'submitted' as const },
    ];
    expect(closingReport('2025Q1', reports)).toEqual({ period: '2025Q1', status: 'accepted' });
    expect(closingReport('202502', reports)).toEqual({ period: '2025Q1', status: 'accepted' });
    expect(closingReport('2025Q2', reports)).toBeNull();
    expect(closingReport('202508', reports)).toEqual({ period: '2025Q3', status: 'submitted' });
    // A year overlaps its closed quarters.
    expect(closingReport('2025', reports)).toEqual({ period: '2025Q1', status: 'accepted' });
    expect(closingReport('2025Q4', reports)).toBeNull();
  });
});
