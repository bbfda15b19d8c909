/**
 * Reporting periods (docs/indicators.md): DHIS2 period ids — day 20260115, ISO week 2026W3, month 202601,
 * quarter 2026Q1, six-month 2026S1, year 2026, financial years 2026April / 2026July / 2026Oct — or an
 * ISO range 2026-01-01/2026-03-31. Start and end are inclusive calendar dates.
 */

import { addDays, daysBetween, isIsoDate, lastDayOfMonth, quarterOfMonth, toIsoDate } from './dates.js';
import type { FieldIssue } from './problems.js';

export type PeriodType =
  | 'day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'sixmonth'
  | 'year'
  | 'financial_april'
  | 'financial_july'
  | 'financial_oct'
  | 'range';

export interface Period {
  id: string;
  type: PeriodType;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Monday of ISO week 1: the week that holds 4 January. */
function isoWeekOneMonday(year: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const day = jan4.getUTCDay() || 7;
  return new Date(Date.UTC(year, 0, 4 - (day - 1)));
}

function isoWeeksIn(year: number): number {
  const next = isoWeekOneMonday(year + 1).getTime();
  return Math.round((next - isoWeekOneMonday(year).getTime()) / (7 * 86_400_000));
}

export const PERIOD_RULE =
  'a DHIS2 period id (20260115, 2026W3, 202601, 2026Q1, 2026S1, 2026, 2026April, 2026July, 2026Oct) or an ISO range 2026-01-01/2026-03-31';

type PeriodRule = [RegExp, (m: RegExpExecArray, id: string) => Period | null];

const RULES: PeriodRule[] = [
  [
    /^(\d{4})-(\d{2})-(\d{2})\/(\d{4})-(\d{2})-(\d{2})$/,
    (_m, id) => {
      const [start, end] = id.split('/') as [string, string];
      return isIsoDate(start) && isIsoDate(end) && end >= start ? { id, type: 'range', start, end } : null;
    },
  ],
  [
    /^(\d{4})(\d{2})(\d{2})$/,
    (m, id) => {
      const d = `${m[1]}-${m[2]}-${m[3]}`;
      return isIsoDate(d) ? { id, type: 'day', start: d, end: d } : null;
    },
  ],
  [
    /^(\d{4})W(\d{1,2})$/,
    (m, id) => {
      const year = Number(m[1]);
      const week = Number(m[2]);
      if (week < 1 || week > isoWeeksIn(year)) return null;
      const start = toIsoDate(new Date(isoWeekOneMonday(year).getTime() + (week - 1) * 7 * 86_400_000));
      return { id, type: 'week', start, end: addDays(start, 6) };
    },
  ],
  [
    /^(\d{4})(\d{2})$/,
    (m, id) => {
      const month = Number(m[2]);
      if (month < 1 || month > 12) return null;
      const ym = `${m[1]}-${pad(month)}`;
      return { id, type: 'month', start: `${ym}-01`, end: lastDayOfMonth(ym) };
    },
  ],
  [
    /^(\d{4})Q([1-4])$/,
    (m, id) => {
      const first = (Number(m[2]) - 1) * 3 + 1;
      return {
        id,
        type: 'quarter',
        start: `${m[1]}-${pad(first)}-01`,
        end: lastDayOfMonth(`${m[1]}-${pad(first + 2)}`),
      };
    },
  ],
  [
    /^(\d{4})S([12])$/,
    (m, id) => {
      const first = m[2] === '1' ? 1 : 7;
      return {
        id,
        type: 'sixmonth',
        start: `${m[1]}-${pad(first)}-01`,
        end: lastDayOfMonth(`${m[1]}-${pad(first + 5)}`),
      };
    },
  ],
  [/^(\d{4})$/, (m, id) => ({ id, type: 'year', start: `${m[1]}-01-01`, end: `${m[1]}-12-31` })],
  [
    /^(\d{4})(April|July|Oct)$/,
    (m, id) => {
      const year = Number(m[1]);
      const startMonth = m[2] === 'April' ? 4 : m[2] === 'July' ? 7 : 10;
      const type =
        m[2] === 'April' ? 'financial_april' : m[2] === 'July' ? 'financial_july' : 'financial_oct';
      return {
        id,
        type,
        start: `${year}-${pad(startMonth)}-01`,
        end: lastDayOfMonth(`${year + 1}-${pad(startMonth - 1)}`),
      };
    },
  ],
];

export function parsePeriod(raw: string): Period | null {
  const id = raw.trim();
  for (const [re, make] of RULES) {
    const m = re.exec(id);
    if (m) return make(m, id);
  }
  return null;
}

export function periodOrIssue(
  raw: string,
  field = 'period',
): { ok: true; period: Period } | { ok: false; issue: FieldIssue } {
  const p = parsePeriod(raw);
  return p
    ? { ok: true, period: p }
    : {
        ok: false,
        issue: {
          field,
          value: raw,
          rule: 'format',
          message: `"${raw}" is not a period; give ${PERIOD_RULE}`,
        },
      };
}

export function periodDays(p: Pick<Period, 'start' | 'end'>): number {
  return daysBetween(p.start, p.end) + 1;
}

/**
 * Splits a period into whole calendar months (read from the monthly rollup) and the days left at its
 * edges (read from the day-level contacts), so any period is exact without scanning every contact.
 */
export function splitByMonth(p: Pick<Period, 'start' | 'end'>): {
  months: string[];
  edges: { start: string; end: string }[];
} {
  const months: string[] = [];
  const edges: { start: string; end: string }[] = [];
  let cursor = p.start;
  while (cursor <= p.end) {
    const ym = cursor.slice(0, 7);
    const monthEnd = lastDayOfMonth(ym);
    const pieceEnd = monthEnd < p.end ? monthEnd : p.end;
    if (cursor.endsWith('-01') && pieceEnd === monthEnd) months.push(ym);
    else edges.push({ start: cursor, end: pieceEnd });
    cursor = addDays(pieceEnd, 1);
  }
  return { months, edges };
}

/**
 * Whole calendar quarters among a split's months (a quarterly report reads them by quarter), and
 * the months left over.
 */
export function groupQuarters(months: readonly string[]): { quarters: string[]; months: string[] } {
  const byQuarter = new Map<string, string[]>();
  for (const m of months) byQuarter.set(quarterOfMonth(m), [...(byQuarter.get(quarterOfMonth(m)) ?? []), m]);
  const quarters: string[] = [];
  const rest: string[] = [];
  for (const [q, ms] of byQuarter) {
    if (ms.length === 3) quarters.push(q);
    else rest.push(...ms);
  }
  return { quarters, months: rest };
}

/** The period of the same type just before (for "over time" charts); ranges step back by their length. */
export function previousPeriod(p: Period): Period {
  switch (p.type) {
    case 'day':
      return parsePeriod(addDays(p.start, -1).replace(/-/g, ''))!;
    case 'month': {
      const d = new Date(`${p.start}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() - 1);
      return parsePeriod(`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}`)!;
    }
    case 'quarter': {
      const [y, q] = [Number(p.id.slice(0, 4)), Number(p.id.slice(5))];
      return parsePeriod(q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`)!;
    }
    case 'year':
      return parsePeriod(String(Number(p.id) - 1))!;
    default: {
      const len = periodDays(p);
      const end = addDays(p.start, -1);
      const start = addDays(end, -(len - 1));
      return { id: `${start}/${end}`, type: 'range', start, end };
    }
  }
}
