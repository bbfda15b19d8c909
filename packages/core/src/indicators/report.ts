/** The indicator report, harbour.report/1 (docs/formats.md §2): every export and dashboard derives from it. */

import type { Period } from '../periods.js';
import type { ReportValue } from './engine.js';

export const REPORT_FORMAT = 'harbour.report/1';

export interface HarbourReport {
  format: typeof REPORT_FORMAT;
  period: { id: string; start: string; end: string };
  orgUnit: string;
  generatedAt: string;
  suppression: null | { threshold: number };
  values: ReportValue[];
}

export function makeReport(
  period: Period,
  orgUnit: string,
  generatedAt: string,
  values: ReportValue[],
  threshold: number | null,
): HarbourReport {
  return {
    format: REPORT_FORMAT,
    period: { id: period.id, start: period.start, end: period.end },
    orgUnit,
    generatedAt,
    suppression: threshold === null ? null : { threshold },
    values,
  };
}

/** Looks a value up: `reportValue(report, 'reached', { sex: 'female' })`. */
export function reportValue(
  report: Pick<HarbourReport, 'values'>,
  indicatorId: string,
  disaggregation: Record<string, string> = {},
): ReportValue['value'] | undefined {
  const keys = Object.keys(disaggregation);
  return report.values.find(
    (v) =>
      v.indicator === indicatorId &&
      Object.keys(v.disaggregation).length === keys.length &&
      keys.every((k) => v.disaggregation[k] === disaggregation[k]),
  )?.value;
}
