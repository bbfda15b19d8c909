/** Starts a real Harbour (built CLI, fresh data dir, demo data) on a free port for browser tests. */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARBOUR_BIN = fileURLToPath(new URL('../../packages/server/bin/harbour.js', import.meta.url));

export interface RunningHarbour {
  url: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export function harbour(args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  return execFileSync(process.execPath, [HARBOUR_BIN, ...args], { env, input, encoding: 'utf8' });
}

export async function startHarbour(
  options: { demo?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningHarbour> {
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HARBOUR_DATA_DIR: dataDir,
    HARBOUR_LOG_LEVEL: 'warn',
    ...options.env,
  };
  delete env.HARBOUR_DATABASE_URL;
  // The run's demo, copied (support/demo-template.ts), when nothing about this server differs at set-up.
  const template = process.env.HARBOUR_E2E_DEMO_TEMPLATE;
  if (options.demo !== false && !options.env && template && existsSync(template))
    cpSync(template, dataDir, { recursive: true });
  else {
    harbour(['init'], env);
    if (options.demo !== false) harbour(['demo'], env);
  }
  const port = await freePort();
  let child: ChildProcess;
  const start = async () => {
    child = spawn(process.execPath, [HARBOUR_BIN, 'serve', '--port', String(port)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d) => process.stderr.write(d));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (r.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('Harbour did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `http://localhost:${port}`,
    dataDir,
    env,
    restart: async () => {
      await stop();
      await start();
    },
    stop: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
