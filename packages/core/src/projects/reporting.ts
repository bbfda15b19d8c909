/**
 * Members' periodic reports to the lead: the project's reporting periods (quarters, half-years or
 * years over its dates), each due a set number of days after it ends; what state each member's
 * report is in, and whether it is late; and which periods are closed to new spending (a report under
 * review or accepted freezes its period's figures; a report sent back opens them again).
 */

import { addDays } from '../dates.js';
import { parsePeriod } from '../periods.js';

export type ReportEvery = 'quarter' | 'sixmonth' | 'year';
export const REPORT_EVERY: readonly ReportEvery[] = ['quarter', 'sixmonth', 'year'];

/** What a report's own record says; a period with no record has not been submitted. */
export type StoredReportStatus = 'submitted' | 'returned' | 'accepted';

/** What the calendar shows: a period under way, waiting for its report, late, or where its report stands. */
export type ReportStage = 'upcoming' | 'due' | 'overdue' | StoredReportStatus;

export interface ReportingPeriod {
  period: string;
  /** The period within the project's dates. */
  start: string;
  end: string;
  due: string;
}

function periodId(every: ReportEvery, year: number, index: number): string {
  return every === 'quarter'
    ? `${year}Q${index + 1}`
    : every === 'sixmonth'
      ? `${year}S${index + 1}`
      : `${year}`;
}

const PER_YEAR: Record<ReportEvery, number> = { quarter: 4, sixmonth: 2, year: 1 };

/** The project's reporting periods, first to last, each clipped to the project's dates. */
export function reportingPeriods(
  schedule: { every: ReportEvery; dueDays: number },
  project: { start: string; end: string },
): ReportingPeriod[] {
  const out: ReportingPeriod[] = [];
  const first = Number(project.start.slice(0, 4));
  const last = Number(project.end.slice(0, 4));
  for (let year = first; year <= last; year++)
    for (let i = 0; i < PER_YEAR[schedule.every]; i++) {
      const p = parsePeriod(periodId(schedule.every, year, i))!;
      if (p.end < project.start || p.start > project.end) continue;
      const end = p.end > project.end ? project.end : p.end;
      out.push({
        period: p.id,
        start: p.start < project.start ? project.start : p.start,
        end,
        due: addDays(end, schedule.dueDays),
      });
    }
  return out;
}

/** Where one member's report for one period stands today. */
export function reportStage(
  period: ReportingPeriod,
  stored: StoredReportStatus | null,
  today: string,
): { stage: ReportStage; overdue: boolean } {
  const late = today > period.due;
  if (stored === 'accepted' || stored === 'submitted') return { stage: stored, overdue: false };
  if (stored === 'returned') return { stage: 'returned', overdue: late };
  if (today <= period.end) return { stage: 'upcoming', overdue: false };
  return late ? { stage: 'overdue', overdue: true } : { stage: 'due', overdue: false };
}

/**
 * The reporting period that closes a spending period to a member, if any: one that overlaps it and
 * whose report is under review or accepted.
 */
export function closingReport(
  spendingPeriod: string,
  reports: readonly { period: string; status: StoredReportStatus; start: string; end: string }[],
): { period: string; status: StoredReportStatus } | null {
  const p = parsePeriod(spendingPeriod);
  if (!p) return null;
  const hit = reports.find((r) => r.status !== 'returned' && r.start <= p.end && r.end >= p.start);
  return hit ? { period: hit.period, status: hit.status } : null;
}
