/** Shapes of the monitoring API, and small pure helpers the monitoring pages share. */

import { parsePeriod } from '@harbour/core';

/** A report value: a number, a level word, "<k" when suppressed, or null when it cannot be computed. */
export type Value = number | string | null;

export interface ReportValue {
  indicator: string;
  disaggregation: Record<string, string>;
  value: Value;
}

export interface HarbourReport {
  format: 'harbour.report/1';
  period: { id: string; start: string; end: string };
  orgUnit: string;
  generatedAt: string;
  suppression: { threshold: number } | null;
  values: ReportValue[];
}

export type { Dashboard, DashboardMonth, DashboardUnit } from '@harbour/core';

export interface Boundaries {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name: string }; geometry: unknown }[];
}

/** A value a chart can draw: suppressed and missing values are gaps, never zeros. */
export const drawable = (v: Value | undefined): number | null => (typeof v === 'number' ? v : null);

/** The value of an indicator's total (no disaggregation) in a report. */
export function total(report: HarbourReport, indicator: string): Value {
  const hit = report.values.find(
    (v) => v.indicator === indicator && Object.keys(v.disaggregation).length === 0,
  );
  return hit ? hit.value : null;
}

/** Ratios that read best as percentages (the rest of the ratios are per-person or per-PWID figures). */
export const PERCENT = new Set([
  'reached.package.coverage',
  'nsp.return_rate',
  'nsp.coverage',
  'hts.coverage',
  'ost.coverage',
  'ost.retention_6m',
  'referrals.completion_rate',
  'targets.achievement',
]);

export function formatValue(v: Value | undefined, indicator: string, locale: string): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (indicator === 'estimate.year') return String(v);
  if (PERCENT.has(indicator))
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Number.isInteger(v) ? 0 : 1 }).format(v);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The period most people ask for first: the quarter we are in, up to today's contacts. */
export function currentQuarter(today: Date): string {
  return `${today.getUTCFullYear()}Q${Math.floor(today.getUTCMonth() / 3) + 1}`;
}

/** Recent periods to pick from: this and the last eleven months, the last eight quarters, the last three years. */
export function periodChoices(today: Date): { id: string; kind: 'month' | 'quarter' | 'year' }[] {
  const out: { id: string; kind: 'month' | 'quarter' | 'year' }[] = [];
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - i, 1));
    out.push({ id: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}`, kind: 'month' });
  }
  const q = Math.floor(m / 3);
  for (let i = 0; i < 8; i++) {
    const qq = q - i;
    const year = y + Math.floor(qq / 4);
    out.push({ id: `${year}Q${(((qq % 4) + 4) % 4) + 1}`, kind: 'quarter' });
  }
  for (let i = 0; i < 3; i++) out.push({ id: String(y - i), kind: 'year' });
  return out;
}

/** A period id as people say it: "2026 Q3", "October 2026", or the id itself. */
export function periodLabel(id: string, locale: string): string {
  const p = parsePeriod(id);
  if (!p) return id;
  if (p.type === 'month')
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${p.start}T00:00:00Z`),
    );
  if (p.type === 'quarter') return `${id.slice(0, 4)} ${id.slice(4)}`;
  return id;
}

export function monthLabel(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** Query string for the report endpoints, leaving out what is empty. */
export function reportQuery(q: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return p.toString();
}
