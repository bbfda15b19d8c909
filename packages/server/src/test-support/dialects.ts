/** The one store suite runs on every database here (Kysely's DIALECTS pattern): SQLite always, PostgreSQL when configured. */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { type Config, loadConfig } from '../config.js';
import { type Harbour, openHarbour } from '../context.js';
import type { DialectName } from '../store/database.js';

const PG_URL = process.env.HARBOUR_TEST_POSTGRES_URL;

if (!PG_URL) {
  if (process.env.CI) {
    throw new Error(
      'HARBOUR_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL leg of the store suite.',
    );
  }
  // Loud on purpose: a green run without PostgreSQL tested only half the store.
  console.warn(
    '\n*** HARBOUR_TEST_POSTGRES_URL is not set: the PostgreSQL leg of the store tests is SKIPPED. ***\n',
  );
}

export const DIALECTS: DialectName[] = ['sqlite', ...(PG_URL ? (['postgres'] as const) : [])];

export interface TestDatabase {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect: a temp-dir SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'harbour-test-'));
  if (dialect === 'sqlite') {
    return {
      url: `sqlite:${join(dataDir, 'harbour.db')}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `harbour_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestHarbour extends Harbour {
  testDb: TestDatabase;
  /** Moves the test clock. */
  setNow(d: Date | string): void;
  dispose(): Promise<void>;
}

/** An initialised Harbour (keys, migrations) on a fresh database, with a settable clock. */
export async function createTestHarbour(
  dialect: DialectName,
  overrides: Partial<Config> = {},
): Promise<TestHarbour> {
  const testDb = await createTestDatabase(dialect);
  let now = new Date('2026-03-15T10:00:00Z');
  const config = loadConfig(
    {},
    { databaseUrl: testDb.url, dataDir: testDb.dataDir, signInRatePerMinute: 10_000, ...overrides },
  );
  const h = await openHarbour(config, { initialise: true, now: () => now });
  return Object.assign(h, {
    testDb,
    setNow(d: Date | string) {
      now = typeof d === 'string' ? new Date(d) : d;
    },
    async dispose() {
      await h.close();
      await testDb.drop();
    },
  });
}

/** A list for the Harbours and databases a test makes, each disposed of (and dropped) after the test. */
export function disposedAfterEach(): (TestHarbour | TestDatabase)[] {
  const made: (TestHarbour | TestDatabase)[] = [];
  afterEach(async () => {
    for (const c of made.splice(0)) 'dispose' in c ? await c.dispose() : await c.drop();
  });
  return made;
}
