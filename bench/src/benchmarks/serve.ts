/**
 * A real `harbour serve` on the benchmark database (loopback only), its pid for memory readings, and
 * the users the API benchmarks sign in as.
 */

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { systemActor } from '../../../packages/server/src/identity/actor.js';
import { createUser } from '../../../packages/server/src/identity/users.js';
import type { BenchTree } from '../generator/tree.js';
import { type BenchDatabase, openBenchHarbour } from '../harbour.js';
import { HARBOUR_BIN } from './import.js';

export const BENCH_PASSWORD = 'bench-password-2026';

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(database: BenchDatabase): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [HARBOUR_BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'],
    {
      env: {
        ...process.env,
        HARBOUR_DATABASE_URL: database.url,
        HARBOUR_DATA_DIR: database.dataDir,
        HARBOUR_LOG_LEVEL: 'warn',
        // Benchmarks sign in far more often than people do.
        HARBOUR_SIGNIN_RATE_PER_MINUTE: '100000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`harbour serve exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('harbour serve did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An M&E officer over the whole benchmark tree, and an outreach worker at the first site. */
export async function createBenchUsers(database: BenchDatabase, tree: BenchTree): Promise<void> {
  const h = await openBenchHarbour(database);
  try {
    // A reused programme (--reuse) has them from its first run.
    const existing = await h.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'bench-me')
      .executeTakeFirst();
    if (existing) return;
    const cli = systemActor('bench');
    await createUser(h, cli, {
      username: 'bench-me',
      displayName: 'Bench M&E',
      password: BENCH_PASSWORD,
      grants: [{ role: 'me_officer', orgUnitCode: tree.root }],
    });
    await createUser(h, cli, {
      username: 'bench-worker',
      displayName: 'Bench outreach',
      password: BENCH_PASSWORD,
      staffCode: 'BW-1',
      grants: [{ role: 'outreach_worker', orgUnitCode: tree.sites[0]! }],
    });
  } finally {
    await h.close();
  }
}

export async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Peak resident memory since the last reset, in MB; resetting starts a new peak (Linux clear_refs). */
export function peakRss(pid: number, reset = false): number {
  if (reset) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // not permitted: the peak then covers the whole process life
    }
  }
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}
