/** The shape `npm run bench` writes: one run, one machine, results side by side. */

import { cpus } from 'node:os';

export interface BenchResult {
  name: string;
  seconds?: number;
  baseline?: string;
  baseline_seconds?: number;
  rows_per_second?: number;
  peak_rss_mb?: number;
  p50_ms?: number;
  p99_ms?: number;
  contacts_per_second?: number;
  note?: string;
  [key: string]: unknown;
}

export interface BenchReport {
  tier: string;
  db: string;
  machine: { cpus: number; node: string; cpu_model: string };
  started_at: string;
  results: BenchResult[];
}

export function newReport(tier: string, db: string): BenchReport {
  return {
    tier,
    db,
    machine: { cpus: cpus().length, node: process.version, cpu_model: cpus()[0]?.model ?? 'unknown' },
    started_at: new Date().toISOString(),
    results: [],
  };
}

/** The value below which a share `q` of the samples fall (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function printTable(report: BenchReport): void {
  const rows = report.results.map((r) => {
    const value =
      r.rows_per_second !== undefined
        ? `${Math.round(r.rows_per_second).toLocaleString('en')} rows/s`
        : r.kb_gzip !== undefined
          ? `${Number(r.kb_gzip).toFixed(1)} KB gzip`
          : r.contacts_per_second !== undefined
            ? `${Math.round(Number(r.contacts_per_second)).toLocaleString('en')} contacts/s${r.p99_ms !== undefined ? `, p50 ${r.p50_ms?.toFixed(0)} / p99 ${r.p99_ms.toFixed(0)} ms` : ''}`
            : r.p99_ms !== undefined
              ? `p50 ${r.p50_ms?.toFixed(1)} ms, p99 ${r.p99_ms.toFixed(1)} ms`
              : r.seconds !== undefined
                ? `${r.seconds.toFixed(3)} s`
                : '';
    const base =
      r.baseline_seconds !== undefined
        ? `${r.baseline}: ${r.baseline_seconds.toFixed(3)} s (×${(r.baseline_seconds / (r.seconds ?? 1)).toFixed(2)})`
        : '';
    const rss = r.peak_rss_mb !== undefined ? `${Math.round(r.peak_rss_mb)} MB` : '';
    return [r.name, value, base, rss, r.note ?? ''];
  });
  const head = ['benchmark', 'result', 'baseline (ratio = baseline / ours)', 'peak RSS', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(
    `\nHarbour benchmark — tier ${report.tier}, ${report.db}, ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
  );
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}
