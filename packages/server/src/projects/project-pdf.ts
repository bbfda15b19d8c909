/**
 * A project's report as PDF, for the donor and the board: what it is, key figures, budget against
 * spending by member (a chart and a table) and by line, results against targets with where each
 * figure came from, and the members' report calendar. Built from the same views the console reads,
 * with the reader's rights already applied (a donor's copy has a donor's numbers).
 */

import type { ProjectDashboard, ProjectResults, ReportCalendar } from '@harbour/core';
import { FONT, FONT_BOLD } from '../reports/exports/pdf-export.js';

const STAGES: Record<string, string> = {
  upcoming: 'under way',
  due: 'to submit',
  overdue: 'LATE',
  submitted: 'submitted',
  returned: 'sent back',
  accepted: 'accepted',
};

const FLAGS: Record<string, string> = {
  over: 'over budget',
  over_pace: 'spending too fast',
  under_pace: 'spending too slowly',
};

const num = (v: number | string | null) =>
  v === null ? '—' : typeof v === 'string' ? v : v.toLocaleString('en', { maximumFractionDigits: 1 });
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export async function projectToPdf(
  d: ProjectDashboard,
  results: ProjectResults,
  calendar: ReportCalendar,
): Promise<Buffer> {
  const [{ default: PDFDocument }, { default: SVGtoPDF }, { barChart }] = await Promise.all([
    import('pdfkit'),
    import('svg-to-pdfkit'),
    import('../reports/exports/charts.js'),
  ]);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `${d.project.name} (${d.project.code}) — as of ${d.asOf}`, Creator: 'Harbour' },
  });
  if (FONT) doc.registerFont('body', FONT);
  if (FONT_BOLD) doc.registerFont('bold', FONT_BOLD);
  const body = FONT ? 'body' : 'Helvetica';
  const bold = FONT_BOLD ? 'bold' : 'Helvetica-Bold';
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const money = (v: string) =>
    `${Number(v).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${d.project.currency}`;
  const memberName = (c: string) => d.members.find((m) => m.code === c)?.name ?? c;
  const lineName = (c: string) => d.lines.find((l) => l.code === c)?.name ?? c;

  /** A table: a bold header, then rows; a new page (header repeated) when the page is full. */
  const table = (widths: number[], header: string[], rows: string[][], right = (i: number) => i > 0) => {
    const line = (cells: string[], font: string) => {
      if (doc.y > 770) {
        doc.addPage();
        line(header, bold);
      }
      const y = doc.y;
      let x = 48;
      let bottom = y;
      doc.font(font).fontSize(8.5);
      cells.forEach((c, i) => {
        doc.text(c, x, y, { width: widths[i]! - 4, align: right(i) ? 'right' : 'left' });
        bottom = Math.max(bottom, doc.y);
        x += widths[i]!;
      });
      doc.y = bottom + 2;
    };
    line(header, bold);
    for (const r of rows) line(r, body);
    doc.x = 48;
    doc.moveDown(0.6);
  };
  const heading = (text: string) => {
    if (doc.y > 700) doc.addPage();
    doc.font(bold).fontSize(13).fillColor('#000').text(text, 48, doc.y);
    doc.moveDown(0.3);
  };

  doc.font(bold).fontSize(18).text(`${d.project.name} (${d.project.code})`);
  doc
    .font(body)
    .fontSize(10.5)
    .fillColor('#333')
    .text(
      `Funded by ${d.project.donor}, ${d.project.start} to ${d.project.end}; total budget ${money(d.project.totalBudget)}. Led by ${d.project.keeper.name}; members ${d.members.map((m) => m.name).join(', ')}.`,
    );
  doc.text(`As of ${d.asOf}: ${pct(d.elapsed)} of the project's time gone.`);
  if (d.project.access === 'totals')
    doc.text("Totals only: members' entries are not in this copy, and Harbour's small numbers are hidden.");
  doc.fillColor('#000').moveDown();

  heading('Key figures');
  table(
    [180, 160, 160],
    ['', 'Amount', 'Note'],
    [
      ['Spent', money(d.total.spent), `of ${money(d.total.budget)} (${pct(d.total.share)})`],
      ['At this pace by the end', money(d.total.projected), `${money(d.total.burnPerMonth)} a month`],
      ['Left', money(d.total.remaining), d.total.flag ? FLAGS[d.total.flag]! : ''],
    ],
    (i) => i === 1,
  );

  const svg = barChart(
    'Budget, spent and projected by member',
    d.byMember.map((m) => memberName(m.code)),
    [
      { name: 'budget', values: d.byMember.map((m) => Number(m.budget)) },
      { name: 'spent', values: d.byMember.map((m) => Number(m.spent)) },
      { name: 'projected', values: d.byMember.map((m) => Number(m.projected)) },
    ],
  );
  SVGtoPDF(doc, svg, 48, doc.y, { width: 500, height: 220, assumePt: true, fontCallback: () => body });
  doc.y += 225;

  const figures = (rows: { label: string; f: ProjectDashboard['total'] }[]) =>
    rows.map(({ label, f }) => [
      label,
      money(f.budget),
      money(f.spent),
      pct(f.share),
      money(f.projected),
      f.flag ? FLAGS[f.flag]! : '',
    ]);
  const figureHead = ['', 'Budget', 'Spent', 'Share', 'By the end', 'Pace'];
  heading('By member');
  table(
    [130, 85, 85, 45, 85, 70],
    figureHead,
    figures(d.byMember.map((m) => ({ label: memberName(m.code), f: m }))),
    (i) => i > 0 && i < 5,
  );
  heading('By budget line');
  table(
    [130, 85, 85, 45, 85, 70],
    figureHead,
    figures(d.byLine.map((l) => ({ label: lineName(l.code), f: l }))),
    (i) => i > 0 && i < 5,
  );

  doc.addPage();
  heading('Results against targets');
  if (!results.indicators.length) doc.font(body).fontSize(10).text('No results framework yet.').moveDown();
  let received = false;
  for (const ind of results.indicators) {
    doc.font(bold).fontSize(10.5).text(ind.name, 48, doc.y);
    doc
      .font(body)
      .fontSize(8.5)
      .fillColor('#333')
      .text(`${ind.objective} → ${ind.result}${ind.harbour ? ` · Harbour indicator ${ind.harbour}` : ''}`);
    if (ind.sumCountsPeopleTwice)
      doc.text(
        "Each member counts people by its own client codes: someone served by two members is counted twice in the total. Read it as the sum of the members' counts.",
      );
    doc.fillColor('#000').moveDown(0.2);
    const memberWidth = Math.max(50, Math.floor(260 / Math.max(1, d.members.length)));
    table(
      [60, 55, 60, 50, ...d.members.map(() => memberWidth)],
      ['Period', 'Target', 'Achieved', 'Share', ...d.members.map((m) => m.name)],
      ind.periods.map((p) => [
        p.period,
        num(p.target),
        num(p.achieved),
        pct(p.share),
        ...p.byMember.map((b) => {
          if (b.source === 'received') received = true;
          return `${num(b.value)}${b.source === 'received' ? ' ↧' : ''}`;
        }),
      ]),
    );
  }
  if (received)
    doc
      .font(body)
      .fontSize(8.5)
      .fillColor('#333')
      .text(
        "↧ sent by the member's own server; the other figures of Harbour's indicators are computed from the member's records in this Harbour.",
      )
      .fillColor('#000')
      .moveDown();

  heading('Report calendar');
  const late = calendar.entries.filter((e) => e.overdue).length;
  doc
    .font(body)
    .fontSize(9.5)
    .text(
      `Members report every ${calendar.every === 'sixmonth' ? 'half-year' : calendar.every}, ${calendar.dueDays} days after it ends.${late ? ` ${late} report(s) late.` : ''}`,
    )
    .moveDown(0.3);
  const shown = d.members.filter((m) => calendar.entries.some((e) => e.member === m.code));
  table(
    [60, 70, ...shown.map(() => Math.max(60, Math.floor(370 / Math.max(1, shown.length))))],
    ['Period', 'Due', ...shown.map((m) => m.name)],
    calendar.periods.map((p) => [
      p.period,
      p.due,
      ...shown.map((m) => {
        const e = calendar.entries.find((x) => x.member === m.code && x.period === p.period);
        return e ? `${STAGES[e.stage]}${e.overdue && e.stage === 'returned' ? ', LATE' : ''}` : '—';
      }),
    ]),
    () => false,
  );
  doc.end();
  return done;
}
