/**
 * A project's report as one file — JSON, XLSX or PDF — as of a day or a period's last day, built
 * from the dashboard, the results and the report calendar with the reader's own rights (a donor's
 * file has a donor's numbers). The console's downloads and `harbour project report` both use it.
 */

import { InputError, parsePeriod, toIsoDate } from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { projectToXlsx } from './project-exports.js';
import { projectToPdf } from './project-pdf.js';
import { reportCalendar } from './project-reports.js';
import { projectResults } from './project-results.js';
import { projectDashboard } from './project-service.js';

export type ProjectReportFormat = 'json' | 'xlsx' | 'pdf';

const TYPES: Record<ProjectReportFormat, string> = {
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export async function projectReportFile(
  s: Services,
  actor: Actor,
  code: string,
  options: { format: ProjectReportFormat; asOf?: string; period?: string },
): Promise<{ body: Buffer | string; contentType: string; filename: string }> {
  let asOf = options.asOf;
  if (options.period) {
    const p = parsePeriod(options.period);
    if (!p || p.type === 'range')
      throw new InputError({
        field: 'period',
        value: options.period,
        rule: 'format',
        message: 'A period such as 2026Q1, 202603 or 2026',
      });
    const today = toIsoDate(s.now());
    asOf = p.end < today ? p.end : today;
  }
  const d = await projectDashboard(s, actor, code, asOf);
  const [results, reports] = await Promise.all([
    projectResults(s, actor, code),
    reportCalendar(s, actor, code),
  ]);
  const body =
    options.format === 'xlsx'
      ? await projectToXlsx(d, results, reports)
      : options.format === 'pdf'
        ? await projectToPdf(d, results, reports)
        : `${JSON.stringify({ ...d, results, reports }, null, 2)}\n`;
  return {
    body,
    contentType: TYPES[options.format],
    filename: `harbour-project-${d.project.code}-${d.asOf}.${options.format}`,
  };
}
