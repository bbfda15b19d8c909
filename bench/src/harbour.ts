/** A fresh Harbour for a benchmark: a temp-dir SQLite file or a new PostgreSQL database, with the benchmark tree. */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config.js';
import { type Harbour, openHarbour } from '../../packages/server/src/context.js';
import { systemActor } from '../../packages/server/src/identity/actor.js';
import { importOrgUnits } from '../../packages/server/src/org/org-units.js';
import type { BenchTree } from './generator/tree.js';

export type BenchDb = 'sqlite' | 'postgres';

export const POSTGRES_URL =
  process.env.HARBOUR_BENCH_POSTGRES_URL ??
  process.env.HARBOUR_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(db: BenchDb): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(process.env.HARBOUR_BENCH_DIR ?? tmpdir(), 'harbour-bench-'));
  if (db === 'sqlite')
    return {
      url: `sqlite:${join(dataDir, 'harbour.db')}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  const name = `harbour_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function openBenchHarbour(database: BenchDatabase, initialise = false): Promise<Harbour> {
  const config = loadConfig({}, { databaseUrl: database.url, dataDir: database.dataDir });
  return openHarbour(config, { initialise });
}

/** Keys, schema and the benchmark's organisation tree. */
export async function prepareBenchHarbour(database: BenchDatabase, tree: BenchTree): Promise<void> {
  const h = await openBenchHarbour(database, true);
  try {
    const csv = ['code,name,parent', ...tree.units.map((u) => u.join(','))].join('\n');
    const r = await importOrgUnits(h, systemActor('bench'), csv);
    if (r.errors.length) throw new Error(`bench tree: ${r.errors[0]!.message}`);
  } finally {
    await h.close();
  }
}
