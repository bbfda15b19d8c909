/**
 * A site's community scorecard as files for the community and the donor: a workbook (the scores per
 * visit, the action items, clients' feedback) and a PDF (the overall score over time as a chart, the
 * table in traffic-light colours, the actions). Built from the same view the console reads; neither
 * carries the expert's notes.
 */

import { itemWords, type ScorecardView } from '@harbour/core';
import { FONT, FONT_BOLD } from '../reports/exports/pdf-export.js';

const BAND_WORDS = { good: 'good', fair: 'fair', poor: 'poor' } as const;
const BAND_FILL = { good: 'FFC8E6C9', fair: 'FFFFECB3', poor: 'FFFFCDD2' } as const;
const STATUS_WORDS = { open: 'open', in_progress: 'in progress', done: 'done', dropped: 'dropped' } as const;
const one = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const signed = (v: number | null) => (v === null ? '' : v > 0 ? `+${v.toFixed(1)}` : v.toFixed(1));

const itemName = (card: ScorecardView, id: string) =>
  id === 'overall' ? 'Overall' : itemWords(card.checklist?.items.find((i) => i.id === id)?.label, 'en') || id;

export async function scorecardToXlsx(card: ScorecardView): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Harbour';
  const ws = wb.addWorksheet('Scorecard', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = [
    { header: 'Item', key: 'item', width: 48 },
    ...card.visits.map((v, i) => ({ header: v.visitedOn, key: `v${i}`, width: 12 })),
    { header: 'Latest', key: 'latest', width: 10 },
    { header: 'Change', key: 'change', width: 10 },
    { header: 'Band', key: 'band', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of [...card.items, card.overall]) {
    const row = ws.addRow({
      item: itemName(card, r.id),
      ...Object.fromEntries(r.scores.map((v, i) => [`v${i}`, v])),
      latest: r.latest,
      change: r.change,
      band: r.band ? BAND_WORDS[r.band] : '',
    });
    if (r.id === 'overall') row.font = { bold: true };
    if (r.band)
      row.getCell('band').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BAND_FILL[r.band] } };
  }
  for (let i = 0; i < card.visits.length; i += 1) ws.getColumn(`v${i}`).numFmt = '0.0';
  ws.getColumn('latest').numFmt = '0.0';
  ws.getColumn('change').numFmt = '+0.0;-0.0;0.0';
  ws.addRow([]);
  ws.addRow([
    'Scores run from 1 (very poor) to 5 (very good); empty where the expert could not see the item.',
  ]);
  ws.addRow([
    'Clients asked',
    card.feedback.asked,
    'good',
    card.feedback.good,
    'fair',
    card.feedback.fair,
    'poor',
    card.feedback.poor,
  ]);

  const acts = wb.addWorksheet('Actions', { views: [{ state: 'frozen', ySplit: 1 }] });
  acts.columns = [
    { header: 'Item', key: 'item', width: 36 },
    { header: 'Action', key: 'action', width: 60 },
    { header: 'Owner', key: 'owner', width: 24 },
    { header: 'Due', key: 'due', width: 12 },
    { header: 'Status', key: 'status', width: 14 },
    { header: 'Late', key: 'late', width: 8 },
    { header: 'Note', key: 'note', width: 40 },
  ];
  acts.getRow(1).font = { bold: true };
  for (const a of card.actions)
    acts.addRow({
      item: a.item ? itemName(card, a.item) : '',
      // A cell that starts like a formula is written as text, so a spreadsheet never runs it.
      action: safe(a.action),
      owner: safe(a.owner),
      due: a.dueOn,
      status: STATUS_WORDS[a.status],
      late: a.overdue ? 'yes' : '',
      note: a.note ? safe(a.note) : '',
    });

  const about = wb.addWorksheet('About');
  about.addRow(['Site', `${card.site.name} (${card.site.code})`]);
  about.addRow(['Checklist', card.checklist?.name ?? '']);
  about.addRow(['Visits', card.visits.length]);
  about.addRow([
    'Overall',
    'the mean of the items a visit scored; bands: good from 4.0, fair from 2.5, poor below',
  ]);
  about.getColumn(1).width = 14;
  about.getColumn(2).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const safe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export async function scorecardToPdf(card: ScorecardView): Promise<Buffer> {
  const [{ default: PDFDocument }, { default: SVGtoPDF }, { barChart }] = await Promise.all([
    import('pdfkit'),
    import('svg-to-pdfkit'),
    import('../reports/exports/charts.js'),
  ]);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Community scorecard — ${card.site.name}`, Creator: 'Harbour' },
  });
  if (FONT) doc.registerFont('body', FONT);
  if (FONT_BOLD) doc.registerFont('bold', FONT_BOLD);
  const body = FONT ? 'body' : 'Helvetica';
  const bold = FONT_BOLD ? 'bold' : 'Helvetica-Bold';
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font(bold).fontSize(18).text(`Community scorecard: ${card.site.name}`);
  doc
    .font(body)
    .fontSize(10)
    .fillColor('#333')
    .text(
      `${card.visits.length} visit(s) by community experts${card.visits.length ? `, ${card.visits[0]!.visitedOn} to ${card.visits.at(-1)!.visitedOn}` : ''}. Checklist: ${card.checklist?.name ?? '—'}. Scores run from 1 (very poor) to 5 (very good); the overall score is the mean of the items a visit scored. Good from 4.0, fair from 2.5, poor below.`,
    )
    .fillColor('#000')
    .moveDown();

  if (card.visits.length) {
    const svg = barChart(
      'Overall score by visit',
      card.visits.map((v) => v.visitedOn),
      [
        {
          name: 'overall',
          values: card.visits.map((v) => (v.overall === null ? 0 : Math.round(v.overall * 10) / 10)),
        },
      ],
    );
    SVGtoPDF(doc, svg, 48, doc.y, { width: 500, height: 200, assumePt: true, fontCallback: () => body });
    doc.y += 205;
  }

  const shown = card.visits.slice(-4);
  const offset = card.visits.length - shown.length;
  const widths = [200, ...shown.map(() => 50), 50, 45, 50];
  const fill = { good: '#c8e6c9', fair: '#ffecb3', poor: '#ffcdd2' } as const;
  const line = (cells: string[], font: string, bandOf?: 'good' | 'fair' | 'poor' | null) => {
    if (doc.y > 760) doc.addPage();
    const y = doc.y;
    let x = 48;
    let bottom = y;
    if (bandOf)
      doc
        .rect(48 + widths.slice(0, -1).reduce((a, b) => a + b, 0), y - 1, widths.at(-1)!, 12)
        .fill(fill[bandOf]);
    doc.fillColor('#000').font(font).fontSize(8.5);
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right' });
      bottom = Math.max(bottom, doc.y);
      x += widths[i]!;
    });
    doc.y = bottom + 2;
  };
  doc.font(bold).fontSize(13).text('Scores', 48, doc.y).moveDown(0.3);
  line(['Item', ...shown.map((v) => v.visitedOn), 'Latest', 'Change', 'Band'], bold);
  for (const r of [...card.items, card.overall])
    line(
      [
        itemName(card, r.id),
        ...shown.map((_, i) => one(r.scores[offset + i] ?? null)),
        one(r.latest),
        signed(r.change),
        r.band ? BAND_WORDS[r.band] : '—',
      ],
      r.id === 'overall' ? bold : body,
      r.band,
    );
  doc.x = 48;
  doc.moveDown();
  const f = card.feedback;
  if (f.asked)
    doc
      .font(body)
      .fontSize(10)
      .text(
        `Clients asked on the days of the visits: ${f.asked} — good ${f.good}, fair ${f.fair}, poor ${f.poor}.`,
        48,
      )
      .moveDown();

  doc.font(bold).fontSize(13).text('Action items', 48, doc.y).moveDown(0.3);
  if (!card.actions.length) doc.font(body).fontSize(10).text('None yet.');
  for (const a of card.actions) {
    if (doc.y > 740) doc.addPage();
    doc
      .font(bold)
      .fontSize(9.5)
      .text(`${STATUS_WORDS[a.status]}${a.overdue ? ' — LATE' : ''} · due ${a.dueOn} · ${a.owner}`, 48);
    doc
      .font(body)
      .fontSize(9.5)
      .text(a.item ? `${itemName(card, a.item)}: ${a.action}` : a.action);
    if (a.note) doc.fillColor('#333').text(a.note).fillColor('#000');
    doc.moveDown(0.4);
  }
  doc.end();
  return done;
}
