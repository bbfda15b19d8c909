/** `harbour serve` from process start to a ready /readyz, and the server's resident memory once idle. */

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, median } from '../result.js';

const BIN = fileURLToPath(new URL('../../../packages/server/bin/harbour.js', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export async function coldStart(runs: number, databaseUrl?: string): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-bench-'));
  const env = {
    ...process.env,
    HARBOUR_DATA_DIR: dataDir,
    HARBOUR_LOG_LEVEL: 'warn',
    ...(databaseUrl ? { HARBOUR_DATABASE_URL: databaseUrl } : {}),
  };
  execFileSync(process.execPath, [BIN, 'init'], { env });
  execFileSync(process.execPath, [BIN, 'demo'], { env });
  const times: number[] = [];
  const rss: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      const t0 = performance.now();
      const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], { env, stdio: 'ignore' });
      for (;;) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      times.push((performance.now() - t0) / 1000);
      await new Promise((r) => setTimeout(r, 1500));
      rss.push(rssMb(child.pid!));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    { name: 'serve.cold_start', seconds: median(times), note: `median of ${runs}; budget ≤ 1.5 s on SQLite` },
    { name: 'serve.idle_rss', peak_rss_mb: median(rss), note: 'budget ≤ 150 MB' },
  ];
}
