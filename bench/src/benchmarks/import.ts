/**
 * Register import as an operator runs it — the built `harbour import` in its own process — timed,
 * with the process's peak resident memory (VmHWM) read from /proc while it runs, and its rate in
 * each tenth of the rows from the progress lines it prints.
 */

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchDatabase } from '../harbour.js';
import type { BenchResult } from '../result.js';
import { type ProgressSample, rowsOfLine, tenthRates } from './import-curve.js';

/**
 * The `harbour` command measured: this checkout's, or HARBOUR_BENCH_BIN — another build's command, to
 * measure two versions side by side on one machine (docs/performance.md).
 */
export const HARBOUR_BIN =
  process.env.HARBOUR_BENCH_BIN ??
  fileURLToPath(new URL('../../../packages/server/bin/harbour.js', import.meta.url));

export interface ImportRun {
  rows: number;
  imported: number;
  rejected: number;
  seconds: number;
  /** CPU time of the importing process (steadier than wall time on a shared machine). */
  cpu_seconds: number;
  peak_rss_mb: number;
  /** Rows per second in each tenth of the rows, as the database grew ([] for an import too quick to see). */
  tenths: number[];
}

/** CPU seconds (user + system) a running process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Peak resident memory so far of a running process, in MB. */
export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The process and its descendants (the `harbour` command re-runs itself with a capped heap for imports). */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      const kids = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8').trim();
      if (kids) all.push(...kids.split(' ').map(Number));
    } catch {
      // gone already
    }
  }
  return all;
}

let help: string | undefined;
const importHelp = () =>
  (help ??= spawnSync(process.execPath, [HARBOUR_BIN, 'import', '--help'], { encoding: 'utf8' }).stdout);

export async function runImport(database: BenchDatabase, file: string): Promise<ImportRun> {
  const t0 = performance.now();
  // A build from before the progress lines (measured side by side) is still measured, without a curve.
  const progress = importHelp().includes('--progress-every') ? ['--progress-every', '0.25'] : [];
  const child = spawn(process.execPath, [HARBOUR_BIN, 'import', file, '--json', ...progress], {
    env: {
      ...process.env,
      HARBOUR_DATABASE_URL: database.url,
      HARBOUR_DATA_DIR: database.dataDir,
      HARBOUR_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Progress lines become the curve; anything else the import says goes on to the terminal.
  const samples: ProgressSample[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    const rows = rowsOfLine(line);
    if (rows === null) process.stderr.write(`${line}\n`);
    else samples.push({ seconds: (performance.now() - t0) / 1000, rows });
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  let peak = 0;
  let cpu = 0;
  const timer = setInterval(() => {
    // The largest single process is what must fit; CPU adds up over the tree.
    const tree = processTree(child.pid!);
    peak = Math.max(peak, ...tree.map(peakRssMb));
    cpu = Math.max(
      cpu,
      tree.reduce((sum, p) => sum + cpuSeconds(p), 0),
    );
  }, 50);
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  if (code > 1) throw new Error(`harbour import failed (exit ${code})`);
  const summary = JSON.parse(out) as { imported: number; rejected: number; duplicates: number };
  return {
    rows: summary.imported + summary.rejected + summary.duplicates,
    imported: summary.imported,
    rejected: summary.rejected,
    seconds,
    cpu_seconds: cpu,
    peak_rss_mb: peak,
    tenths: tenthRates(samples, summary.imported + summary.rejected + summary.duplicates),
  };
}

export function importResult(run: ImportRun, db: string): BenchResult {
  return {
    name: 'import',
    rows_per_second: run.rows / run.seconds,
    seconds: run.seconds,
    cpu_seconds: run.cpu_seconds,
    peak_rss_mb: run.peak_rss_mb,
    rows: run.rows,
    rows_per_second_by_tenth: run.tenths,
    note: `${run.rows.toLocaleString('en')} rows (${run.rejected} rejected), whole process incl. start; budget ≥ ${db === 'sqlite' ? '20,000' : '10,000'} rows/s, RSS ≤ 300 MB${run.tenths.length ? `; by tenth of the rows: ${run.tenths.map((r) => `${(r / 1000).toFixed(1)}k`).join(' ')}` : ''}`,
  };
}

export const registerPath = (database: BenchDatabase) => join(database.dataDir, 'register.csv');
