/**
 * The donor report as PDF: key figures, charts (drawn from the same report values), the HIV cascade
 * beside 95-95-95, and every value in a table. Suppressed reports say so on the first page.
 */

import { existsSync } from 'node:fs';
import {
  DIMENSION_NAMES,
  dimensionValueName,
  type HarbourReport,
  INDICATOR_NAMES,
  reportValue,
} from '@harbour/core';
import type { BarSeries } from './charts.js';
import { cellOf, reportColumns } from './table.js';
import type { UnitNames } from './xlsx-export.js';

// DejaVu covers Cyrillic and Arabic letters in org unit names; Helvetica (built in) only Latin.
export const FONT = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
].find((f) => existsSync(f));
export const FONT_BOLD = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
].find((f) => existsSync(f));

const KEY_FIGURES: [string, string][] = [
  ['reached', 'People reached'],
  ['reached.new', 'New people reached'],
  ['contacts', 'Contacts'],
  ['reached.package', 'PWID reached with the package (KP-1d)'],
  ['nsp.syringes', 'Syringes distributed'],
  ['nsp.per_pwid_year', 'Syringes per PWID per year (GAM 1.9)'],
  ['nsp.level', 'NSP coverage level (WHO)'],
  ['ost.active', 'People on OST (last day)'],
  ['ost.coverage', 'OST coverage'],
  ['ost.level', 'OST coverage level (WHO)'],
  ['hts.tested', 'People tested for HIV (result received)'],
  ['hts.positive', 'People with a positive HIV result'],
  ['art.linked', 'Linked to ART within 90 days'],
  ['naloxone.kits', 'Naloxone kits distributed'],
  ['naloxone.reversals', 'Overdoses reversed with naloxone'],
  ['overdose.events', 'Overdoses responded to'],
  ['overdose.deaths', 'Overdose deaths'],
  ['referrals.completion_rate', 'Referrals completed'],
];

function show(v: unknown, percent = false): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') return String(v);
  if (percent) return `${(v * 100).toFixed(1)}%`;
  return Number.isInteger(v) ? v.toLocaleString('en') : v.toLocaleString('en', { maximumFractionDigits: 2 });
}

const numeric = (v: unknown) => (typeof v === 'number' ? v : 0);

export async function reportToPdf(
  report: HarbourReport,
  units: UnitNames = new Map(),
  title = 'Harbour programme report',
): Promise<Buffer> {
  const unitName = (code: string) => units.get(code) ?? code;
  const valueName = (dim: string, code: string) =>
    dim === 'orgUnit'
      ? unitName(code)
      : dimensionValueName(dim === 'target_indicator' ? 'indicator' : dim, code);
  // Loaded on first use, not at the server's start.
  const [{ default: PDFDocument }, { default: SVGtoPDF }, { barChart }] = await Promise.all([
    import('pdfkit'),
    import('svg-to-pdfkit'),
    import('./charts.js'),
  ]);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `${title} — ${unitName(report.orgUnit)} ${report.period.id}`, Creator: 'Harbour' },
  });
  if (FONT) doc.registerFont('body', FONT);
  if (FONT_BOLD) doc.registerFont('bold', FONT_BOLD);
  const body = FONT ? 'body' : 'Helvetica';
  const bold = FONT_BOLD ? 'bold' : 'Helvetica-Bold';
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font(bold).fontSize(18).text(title);
  doc
    .font(body)
    .fontSize(11)
    .fillColor('#333')
    .text(
      `${unitName(report.orgUnit)} · ${report.period.id} (${report.period.start} to ${report.period.end})`,
    );
  doc.text(`Generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`);
  if (report.suppression) {
    doc
      .moveDown(0.5)
      .fillColor('#a4161a')
      .text(
        `Small numbers are hidden: counts from 1 to ${report.suppression.threshold - 1} are shown as "<${report.suppression.threshold}", with ratios built on them, and a second cell where a total would reveal the first.`,
      );
  }
  doc.fillColor('#000').moveDown();

  doc.font(bold).fontSize(13).text('Key figures');
  doc.moveDown(0.3).font(body).fontSize(10);
  for (const [id, label] of KEY_FIGURES) {
    const v = reportValue(report, id);
    if (v === undefined) continue;
    const y = doc.y;
    doc.text(label, 48, y, { width: 330 });
    doc.text(show(v, id.endsWith('coverage') || id.endsWith('rate')), 390, y, { width: 150, align: 'right' });
    doc.moveDown(0.2);
  }

  // Charts: the breakdown by sex when the report has one, and the cascade beside 95-95-95.
  const charts: string[] = [];
  const bySex = report.values.filter(
    (v) =>
      v.indicator === 'reached' &&
      Object.keys(v.disaggregation).length === 1 &&
      v.disaggregation.sex &&
      v.disaggregation.sex !== 'transgender',
  );
  if (bySex.length)
    charts.push(
      barChart(
        'People reached by sex or gender',
        bySex.map((v) => valueName('sex', v.disaggregation.sex!).replace(/^Transgender /, 'Trans ')),
        [{ name: 'reached', values: bySex.map((v) => numeric(v.value)) }],
      ),
    );
  const byAge = report.values.filter(
    (v) => v.indicator === 'reached' && Object.keys(v.disaggregation).length === 1 && v.disaggregation.age,
  );
  if (byAge.length)
    charts.push(
      barChart(
        'People reached by age',
        byAge.map((v) => valueName('age', v.disaggregation.age!)),
        [{ name: 'reached', values: byAge.map((v) => numeric(v.value)) }],
      ),
    );
  const byUnit = report.values.filter(
    (v) =>
      v.indicator === 'reached' && Object.keys(v.disaggregation).length === 1 && v.disaggregation.orgUnit,
  );
  if (byUnit.length)
    charts.push(
      barChart(
        'People reached by org unit',
        byUnit.map((v) => valueName('orgUnit', v.disaggregation.orgUnit!)),
        [{ name: 'reached', values: byUnit.map((v) => numeric(v.value)) }],
      ),
    );
  const steps = ['cascade.tested', 'cascade.diagnosed', 'cascade.on_art', 'cascade.suppressed'].map((id) =>
    reportValue(report, id),
  );
  let cascadeNote: string | null = null;
  if (steps.every((s) => typeof s === 'number')) {
    const [tested, diagnosed, onArt, suppressed] = steps as number[];
    const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : 0);
    const series: BarSeries[] = [
      { name: 'this programme', values: [pct(onArt!, diagnosed!), pct(suppressed!, onArt!)] },
      { name: '95-95-95 target', values: [95, 95] },
    ];
    charts.push(
      barChart(
        `HIV cascade among people reached (tested ${tested}, diagnosed ${diagnosed})`,
        ['on ART of diagnosed', 'suppressed of on ART'],
        series,
        { percent: true },
      ),
    );
    cascadeNote = cascadeExplained(report, steps as number[]);
  }
  charts.forEach((svg, i) => {
    if (doc.y > 520) doc.addPage();
    doc.moveDown();
    SVGtoPDF(doc, svg, 48, doc.y, { width: 500, height: 230, assumePt: true, fontCallback: () => body });
    doc.y += 235;
    // The cascade is the last chart: its figures are all-time, the ones above are the period's.
    if (cascadeNote && i === charts.length - 1)
      doc
        .font(body)
        .fontSize(9)
        .fillColor('#333')
        .text(cascadeNote, 48, doc.y, { width: 500 })
        .fillColor('#000');
  });

  // Every value.
  doc.addPage();
  doc.font(bold).fontSize(13).text('All values');
  const dims = reportColumns(report);
  const cols = ['indicator', ...dims, 'value'];
  const header = [
    'Indicator',
    ...dims.map((d) => DIMENSION_NAMES[d === 'target_indicator' ? 'indicator' : d] ?? d),
    'Value',
  ];
  const widths = cols.map((c) =>
    c === 'indicator' ? 170 : c === 'value' ? 80 : Math.max(50, 250 / Math.max(dims.length, 1)),
  );
  const row = (cells: string[], font: string) => {
    if (doc.y > 770) doc.addPage();
    const y = doc.y;
    let x = 48;
    doc.font(font).fontSize(8);
    cells.forEach((c, i) => {
      doc.text(c, x, y, {
        width: widths[i]! - 4,
        lineBreak: false,
        ellipsis: true,
        align: i === cells.length - 1 ? 'right' : 'left',
      });
      x += widths[i]!;
    });
    doc.y = y + 11;
  };
  doc.moveDown(0.5);
  row(header, bold);
  for (const v of report.values)
    row(
      [
        INDICATOR_NAMES[v.indicator] ?? v.indicator,
        ...dims.map((d) => (cellOf(v, d) === '' ? 'all' : valueName(d, cellOf(v, d)))),
        show(v.value),
      ],
      body,
    );
  doc.end();
  return done;
}

/**
 * Why the cascade's "tested 372, diagnosed 42" is not the period's "tested 142, positive 8": the
 * cascade follows every client ever reached up to the period's end (indicators.md), the period figures
 * count only what happened in the period.
 */
export function cascadeExplained(
  report: HarbourReport,
  [tested, diagnosed, onArt, suppressed]: number[],
): string {
  const periodTested = reportValue(report, 'hts.tested');
  const periodPositive = reportValue(report, 'hts.positive');
  const period =
    periodTested === undefined
      ? ''
      : ` The period figures above count only results received from ${report.period.start} to ${report.period.end}: tested ${show(periodTested)}, positive ${show(periodPositive)}.`;
  return `The cascade counts every client of the programme up to ${report.period.end}, whenever it happened: ever tested ${show(tested)}, ever diagnosed ${show(diagnosed)}, on ART ${show(onArt)}, virally suppressed ${show(suppressed)}.${period}`;
}
