/**
 * The two-page country brief (docs/advocacy.md §4) for a minister or a donor: headline figures with
 * their sources, coverage against the WHO levels, the funding gap, and the cost of criminalisation.
 * Charts are drawn by ECharts on the server, as the programme report's are.
 */

import type { CountryProfile, DerivedFigure, ProfileMeasure } from '@harbour/core';
import { NSP_LEVELS, OST_LEVELS } from '@harbour/core';
import { FONT, FONT_BOLD } from '../reports/exports/pdf-export.js';
import { type BriefKey, type BriefLocale, briefWords } from './brief-words.js';

const HEADLINE = [
  'pwid',
  'pwud_opioid',
  'hiv.prevalence.pwid',
  'hcv.prevalence.pwid',
  'policy.drug_use',
  'nsp.sites',
  'ost.sites',
  'ost.clients',
  'naloxone.take_home',
] as const;

export interface BriefOptions {
  locale: BriefLocale;
  keeperName: string;
  generatedAt: Date;
}

async function chartSvg(option: Record<string, unknown>, width: number, height: number): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: 'DejaVu Sans, Helvetica, sans-serif' },
    ...option,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Bars against the level lines a reader judges them by. */
function barsOption(
  title: string,
  bars: { name: string; value: number }[],
  lines: readonly number[],
  color: string,
) {
  return {
    title: { text: title, left: 0, textStyle: { fontSize: 12 } },
    grid: { left: 150, right: 40, top: 34, bottom: 24 },
    xAxis: {
      type: 'value',
      max: Math.ceil((Math.max(...lines, ...bars.map((b) => b.value)) * 1.15) / 10) * 10,
    },
    yAxis: { type: 'category', data: bars.map((b) => b.name), axisLabel: { fontSize: 10 } },
    series: [
      {
        type: 'bar',
        data: bars.map((b) => b.value),
        itemStyle: { color },
        label: { show: true, position: 'right', fontSize: 10 },
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#555', type: 'dashed' },
          label: { formatter: '{c}', fontSize: 9 },
          data: lines.map((x) => ({ xAxis: x })),
        },
      },
    ],
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function countryBriefPdf(p: CountryProfile, o: BriefOptions): Promise<Buffer> {
  const [{ default: PDFDocument }, { default: SVGtoPDF }] = await Promise.all([
    import('pdfkit'),
    import('svg-to-pdfkit'),
  ]);
  const t = briefWords(o.locale);
  const nf = new Intl.NumberFormat(o.locale, { maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(o.locale, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  });
  const countryName = new Intl.DisplayNames([o.locale], { type: 'region' }).of(p.country) ?? p.country;
  const m = (id: string) => p.measures.find((x) => x.measure === id);
  const d = (id: string) => p.derived.find((x) => x.measure === id) as DerivedFigure;
  const word = (v: string) =>
    ['criminal', 'administrative', 'decriminalised', 'yes', 'no'].includes(v) ? t(v as BriefKey) : v;
  const showMeasure = (x: ProfileMeasure) => {
    if (typeof x.value === 'string') return word(x.value);
    const base = x.measure.includes('prevalence') ? `${nf.format(x.value)}%` : nf.format(x.value);
    return x.lower !== null && x.upper !== null
      ? `${base} (${nf.format(x.lower)}–${nf.format(x.upper)})`
      : base;
  };
  const usd = (f: DerivedFigure) =>
    typeof f.value_usd === 'number'
      ? money.format(f.value_usd)
      : `${t('notAvailable')}${f.missing.length ? ` (${t('missing', { list: f.missing.join(', ') })})` : ''}`;

  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `${t('title')} — ${countryName} ${p.year}`, Creator: 'Harbour' },
  });
  if (FONT) doc.registerFont('body', FONT);
  if (FONT_BOLD) doc.registerFont('bold', FONT_BOLD);
  const body = FONT ? 'body' : 'Helvetica';
  const bold = FONT_BOLD ? 'bold' : 'Helvetica-Bold';
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const footer = (n: number) => {
    // Written inside the bottom margin, which would otherwise make PDFKit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(body)
      .fontSize(8)
      .fillColor('#666')
      .text(t('page', { n }), 48, doc.page.height - 36, { width: 500, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('#000');
  };
  const heading = (text: string) => {
    doc
      .moveDown(0.6)
      .font(bold)
      .fontSize(13)
      .fillColor('#12355b')
      .text(text, 48)
      .fillColor('#000')
      .moveDown(0.3);
  };
  const line = (label: string, value: string, strong = false) => {
    const y = doc.y;
    doc.font(body).fontSize(10).text(label, 48, y, { width: 320 });
    const h = doc.y;
    doc.font(strong ? bold : body).text(value, 380, y, { width: 168, align: 'right' });
    doc.y = Math.max(h, doc.y) + 2;
  };

  // Page 1: who, how many, what exists, and how far services reach.
  doc.font(bold).fontSize(20).text(`${countryName} · ${p.year}`);
  doc.font(body).fontSize(12).fillColor('#333').text(t('title'));
  doc
    .fontSize(9)
    .text(t('evidenceOf', { keeper: o.keeperName, date: o.generatedAt.toISOString().slice(0, 10) }))
    .fillColor('#000');

  heading(t('headline'));
  const cols = [48, 290, 380, 420];
  doc.font(bold).fontSize(9);
  const hy = doc.y;
  doc.text(t('figure'), cols[0], hy, { width: 240 });
  doc.text(t('value'), cols[1], hy, { width: 88 });
  doc.text(t('year'), cols[2], hy, { width: 38 });
  doc.text(t('source'), cols[3], hy, { width: 128 });
  doc.moveDown(0.3);
  for (const id of HEADLINE) {
    const x = m(id);
    if (!x) continue;
    const cells: [string, number, number][] = [
      [t(id), cols[0] as number, 236],
      [showMeasure(x), cols[1] as number, 86],
      [String(x.year), cols[2] as number, 36],
      [x.source, cols[3] as number, 128],
    ];
    doc.font(body).fontSize(9);
    // Each row as tall as its tallest cell, so a long value never runs into the next row.
    const height = Math.max(...cells.map(([text, , width]) => doc.heightOfString(text, { width })));
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) break;
    const y = doc.y;
    for (const [text, x0, width] of cells) doc.text(text, x0, y, { width });
    doc.y = y + height + 3;
  }

  heading(t('coverage'));
  const perPwid = d('nsp.syringes_per_pwid');
  const ostCov = d('ost.coverage');
  const prog = d('programme.nsp.syringes_per_pwid');
  const nspBars = [
    ...(typeof perPwid.value === 'number' ? [{ name: t('country'), value: round1(perPwid.value) }] : []),
    ...(typeof prog.value === 'number' ? [{ name: t('programme'), value: round1(prog.value) }] : []),
  ];
  const level = (v: DerivedFigure['value']) =>
    v === 'low'
      ? t('levelLow')
      : v === 'medium'
        ? t('levelMedium')
        : v === 'high'
          ? t('levelHigh')
          : t('notAvailable');
  if (nspBars.length) {
    const svg = await chartSvg(
      barsOption(`${t('syringesPerPwid')}: ${level(d('nsp.level').value)}`, nspBars, NSP_LEVELS, '#1d6fa5'),
      500,
      120,
    );
    SVGtoPDF(doc, svg, 48, doc.y, { width: 500, height: 120, assumePt: true, fontCallback: () => body });
    doc.y += 124;
  } else
    line(
      t('syringesPerPwid'),
      `${t('notAvailable')} (${t('missing', { list: perPwid.missing.join(', ') })})`,
    );
  if (typeof ostCov.value === 'number') {
    const svg = await chartSvg(
      barsOption(
        `${t('ostCoverage')}: ${level(d('ost.level').value)}`,
        [{ name: t('country'), value: Math.round(ostCov.value * 1000) / 10 }],
        OST_LEVELS.map((x) => x * 100),
        '#2a9d8f',
      ),
      500,
      90,
    );
    SVGtoPDF(doc, svg, 48, doc.y, { width: 500, height: 90, assumePt: true, fontCallback: () => body });
    doc.y += 94;
  } else
    line(t('ostCoverage'), `${t('notAvailable')} (${t('missing', { list: ostCov.missing.join(', ') })})`);
  doc
    .font(body)
    .fontSize(8)
    .fillColor('#555')
    .text(
      t('whoLevels', {
        nsp: `<${NSP_LEVELS[0]} ${t('levelLow')}, <${NSP_LEVELS[1]} ${t('levelMedium')}, ≥${NSP_LEVELS[1]} ${t('levelHigh')}`,
        ost: `<${OST_LEVELS[0] * 100}% ${t('levelLow')}, <${OST_LEVELS[1] * 100}% ${t('levelMedium')}, ≥${OST_LEVELS[1] * 100}% ${t('levelHigh')}`,
      }),
      48,
    );
  doc.fillColor('#000').moveDown(0.4);
  const own = d('programme.nsp.syringes');
  if (typeof own.value === 'number')
    doc.fontSize(10).text(
      t('programmeLine', {
        n: nf.format(own.value),
        year: p.year,
        per: typeof prog.value === 'number' ? nf.format(prog.value) : t('notAvailable'),
      }),
    );
  else if (own.suppressed) doc.fontSize(10).text(t('programmeHidden'));
  footer(1);

  // Page 2: money — what is spent, what is needed, and what punishment costs instead.
  doc.addPage();
  heading(t('funding'));
  const dom = m('funding.domestic');
  const intl = m('funding.international');
  if (dom) line(t('domestic'), `${nf.format(Number(dom.value))} ${dom.unit} (${dom.year}, ${dom.source})`);
  if (intl)
    line(t('international'), `${nf.format(Number(intl.value))} ${intl.unit} (${intl.year}, ${intl.source})`);
  line(t('total'), usd(d('funding.total')), true);
  line(t('need'), usd(d('funding.need')));
  line(t('gap'), usd(d('funding.gap')), true);
  const share = d('funding.share_of_need').value;
  line(t('shareOfNeed'), typeof share === 'number' ? `${nf.format(share * 100)}%` : t('notAvailable'), true);
  const total = d('funding.total').value_usd;
  const need = d('funding.need').value_usd;
  if (typeof total === 'number' && typeof need === 'number') {
    const svg = await chartSvg(
      {
        grid: { left: 150, right: 60, top: 10, bottom: 24 },
        xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${v / 1e6}M` } },
        yAxis: { type: 'category', data: [t('need'), t('total')].map((x) => x.split(' (')[0]) },
        series: [
          {
            type: 'bar',
            data: [need, total],
            itemStyle: { color: '#c8553d' },
            label: {
              show: true,
              position: 'right',
              fontSize: 9,
              formatter: (x: { value: number }) => money.format(x.value),
            },
          },
        ],
      },
      500,
      90,
    );
    SVGtoPDF(doc, svg, 48, doc.y + 4, { width: 500, height: 90, assumePt: true, fontCallback: () => body });
    doc.y += 98;
  }

  heading(t('cost'));
  const prisonYear = d('criminalisation.prison_per_person_year');
  const servicesYear = d('criminalisation.services_per_person_year');
  line(t('prisonYear'), usd(prisonYear));
  line(t('servicesYear'), usd(servicesYear));
  const ratio = d('criminalisation.ratio').value;
  if (typeof ratio === 'number')
    doc
      .moveDown(0.2)
      .font(bold)
      .fontSize(11)
      .text(t('ratio', { ratio: nf.format(ratio) }), 48)
      .moveDown(0.2);
  line(t('prisonTotal'), usd(d('criminalisation.prison_total_year')));
  line(t('enforcementTotal'), usd(d('criminalisation.enforcement_total_year')));
  const totalYear = d('criminalisation.total_year');
  line(t('totalYear'), usd(totalYear), true);
  const served = d('criminalisation.people_served_instead').value;
  line(t('servedInstead'), typeof served === 'number' ? nf.format(served) : t('notAvailable'), true);
  if (totalYear.lower_bound)
    doc.font(body).fontSize(9).fillColor('#a4161a').text(t('lowerBound'), 48).fillColor('#000');
  if (typeof prisonYear.value_usd === 'number' && typeof servicesYear.value_usd === 'number') {
    const svg = await chartSvg(
      {
        grid: { left: 150, right: 60, top: 10, bottom: 24 },
        xAxis: { type: 'value' },
        yAxis: {
          type: 'category',
          data: [t('servicesYear'), t('prisonYear')],
          axisLabel: { fontSize: 9, width: 140, overflow: 'break' },
        },
        series: [
          {
            type: 'bar',
            data: [servicesYear.value_usd, prisonYear.value_usd],
            itemStyle: { color: '#6a4c93' },
            label: {
              show: true,
              position: 'right',
              fontSize: 9,
              formatter: (x: { value: number }) => money.format(x.value),
            },
          },
        ],
      },
      500,
      90,
    );
    SVGtoPDF(doc, svg, 48, doc.y + 4, { width: 500, height: 90, assumePt: true, fontCallback: () => body });
    doc.y += 98;
  }

  heading(t('method'));
  doc
    .font(body)
    .fontSize(8)
    .text(t('methodText', { year: p.year }), 48, doc.y, { width: 500 });
  const sources = [...new Set(p.measures.map((x) => x.source))].sort();
  doc.moveDown(0.3).text(`${t('source')}: ${sources.join('; ')}`, { width: 500 });
  footer(2);
  doc.end();
  return done;
}
