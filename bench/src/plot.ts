/**
 * A small log-log chart of how cost grows with programme size, from benchmark JSON files:
 * node --import tsx bench/src/plot.ts bench/out/smoke.json bench/out/site-sqlite.json … > docs/images/bench-growth.svg
 */

import { readFileSync } from 'node:fs';
import type { BenchReport } from './result.js';

const SIZES: Record<string, number> = { smoke: 3_000, site: 100_000, national: 10_000_000 };
const SERIES = [
  {
    name: 'import (s)',
    pick: (r: BenchReport) => r.results.find((x) => x.name === 'import')?.seconds,
    colour: '#0072B2',
  },
  {
    name: 'report, cold (s)',
    pick: (r: BenchReport) => r.results.find((x) => x.name === 'report.quarter.cold')?.seconds,
    colour: '#D55E00',
  },
  {
    name: 'report, warm (s)',
    pick: (r: BenchReport) => r.results.find((x) => x.name === 'report.quarter.warm')?.seconds,
    colour: '#E69F00',
  },
  {
    name: 'DuckDB (s)',
    pick: (r: BenchReport) => r.results.find((x) => x.name === 'report.quarter.duckdb')?.seconds,
    colour: '#009E73',
  },
  {
    name: 'plain SQL (s)',
    pick: (r: BenchReport) => r.results.find((x) => x.name === 'report.quarter.sql_group_by')?.seconds,
    colour: '#CC79A7',
  },
];

const reports = process.argv
  .slice(2)
  .map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchReport)
  .filter((r) => SIZES[r.tier] && r.db === 'sqlite')
  .sort((a, b) => SIZES[a.tier]! - SIZES[b.tier]!);
const W = 560;
const H = 340;
const pad = { l: 60, r: 170, t: 20, b: 44 };
const xs = [3e3, 1e7];
const ys = [0.001, 10_000];
const x = (v: number) =>
  pad.l +
  ((Math.log10(v) - Math.log10(xs[0]!)) / (Math.log10(xs[1]!) - Math.log10(xs[0]!))) * (W - pad.l - pad.r);
const y = (v: number) =>
  H -
  pad.b -
  ((Math.log10(v) - Math.log10(ys[0]!)) / (Math.log10(ys[1]!) - Math.log10(ys[0]!))) * (H - pad.t - pad.b);
const out: string[] = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11" role="img" aria-label="Benchmark time against programme size, log-log">`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
];
for (let e = Math.log10(ys[0]!); e <= Math.log10(ys[1]!); e++) {
  const v = 10 ** e;
  out.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e8ec"/>`);
  out.push(`<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toString()}</text>`);
}
for (const [tier, n] of Object.entries(SIZES)) {
  out.push(`<line x1="${x(n)}" x2="${x(n)}" y1="${pad.t}" y2="${H - pad.b}" stroke="#e4e8ec"/>`);
  out.push(
    `<text x="${x(n)}" y="${H - pad.b + 14}" text-anchor="middle">${tier} (${n.toLocaleString('en')})</text>`,
  );
}
out.push(`<text x="${(pad.l + W - pad.r) / 2}" y="${H - 8}" text-anchor="middle">contacts (log)</text>`);
out.push(
  `<text x="14" y="${(pad.t + H - pad.b) / 2}" transform="rotate(-90 14 ${(pad.t + H - pad.b) / 2})" text-anchor="middle">seconds (log)</text>`,
);
SERIES.forEach((s, i) => {
  const pts = reports
    .map((r) => [SIZES[r.tier]!, s.pick(r)] as const)
    .filter((p): p is readonly [number, number] => typeof p[1] === 'number' && p[1] > 0);
  if (pts.length) {
    out.push(
      `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.map(([a, b]) => `${x(a)},${y(b)}`).join(' ')}"/>`,
    );
    for (const [a, b] of pts) out.push(`<circle cx="${x(a)}" cy="${y(b)}" r="3" fill="${s.colour}"/>`);
  }
  out.push(`<rect x="${W - pad.r + 12}" y="${pad.t + i * 18}" width="12" height="3" fill="${s.colour}"/>`);
  out.push(`<text x="${W - pad.r + 30}" y="${pad.t + i * 18 + 5}">${s.name}</text>`);
});
out.push('</svg>');
console.log(out.join('\n'));
