import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AUTOCHECKPOINT_PAGES,
  BackgroundCheckpoints,
  IMPORT_SAFETY_NET_PAGES,
  SAFETY_NET_PAGES,
} from './checkpoints.js';
import { openStore } from './database.js';

const fast = { busyMs: 1, quietMs: 5, busyFrames: 1 };

function database() {
  const path = join(mkdtempSync(join(tmpdir(), 'harbour-ckpt-')), 'x.db');
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  db.exec('create table t (id integer primary key, v text)');
  return { db, path };
}

const autocheckpoint = (db: SQLite.Database) => db.pragma('wal_autocheckpoint', { simple: true });

describe('BackgroundCheckpoints', () => {
  const open: SQLite.Database[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
  });

  it('copies committed frames into the file from its worker; the writer keeps only a safety net', async () => {
    const { db, path } = database();
    open.push(db);
    const c = new BackgroundCheckpoints(db, path, { busyMs: 1000, quietMs: 1000, busyFrames: 1 });
    expect(autocheckpoint(db)).toBe(SAFETY_NET_PAGES);
    const insert = db.prepare('insert into t (v) values (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(500));
    const done = await c.now();
    expect(done.log).toBeGreaterThan(0);
    expect(done.checkpointed).toBe(done.log);
    // All of it copied: the next write starts the log over.
    insert.run('y');
    const after = await c.now();
    expect(after.log).toBeLessThan(done.log);
    await c.stop();
    expect(autocheckpoint(db)).toBe(AUTOCHECKPOINT_PAGES);
  });

  it('takes a larger safety net when asked (the register import)', async () => {
    const { db, path } = database();
    open.push(db);
    const c = new BackgroundCheckpoints(db, path, fast, IMPORT_SAFETY_NET_PAGES);
    expect(autocheckpoint(db)).toBe(IMPORT_SAFETY_NET_PAGES);
    await c.stop();
    expect(autocheckpoint(db)).toBe(AUTOCHECKPOINT_PAGES);
  });

  it('keeps every row and a sound file while it checkpoints between many small writes', async () => {
    const { db, path } = database();
    open.push(db);
    const c = new BackgroundCheckpoints(db, path, fast);
    const insert = db.prepare('insert into t (v) values (?)');
    for (let i = 0; i < 1500; i++) {
      db.transaction(() => insert.run(`row ${i}`))();
      // Let the worker run between commits, as it does between requests.
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    await c.now();
    await c.stop();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('select count(*) from t').pluck().get()).toBe(1500);
  });

  it('hands checkpoints back to the writer if its worker cannot run', async () => {
    const { db } = database();
    open.push(db);
    const c = new BackgroundCheckpoints(db, join(tmpdir(), 'harbour-ckpt-missing', 'none.db'), fast);
    await expect(c.now()).rejects.toThrow('stopped');
    expect(autocheckpoint(db)).toBe(AUTOCHECKPOINT_PAGES);
    await c.stop();
  });

  it('keeps the process up until it has stopped, however often the worker reports', () => {
    // A command ends with `await store.close()` and nothing else to keep Node running: if a periodic
    // report let go of the worker while stop() waited for it, Node exited mid-await (exit code 13)
    // and the import's summary was never printed.
    const dir = mkdtempSync(join(tmpdir(), 'harbour-ckpt-'));
    const script = join(dir, 'stop.mjs');
    const driver = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
    const module = pathToFileURL(fileURLToPath(new URL('./checkpoints.ts', import.meta.url))).href;
    writeFileSync(
      script,
      `import SQLite from '${driver}';
      import { BackgroundCheckpoints } from '${module}';
      const path = ${JSON.stringify(join(dir, 'x.db'))};
      const db = new SQLite(path);
      db.pragma('journal_mode = WAL');
      for (let i = 0; i < 40; i++) {
        const c = new BackgroundCheckpoints(db, path, { busyMs: 0, quietMs: 0, busyFrames: 1 });
        await new Promise((r) => setTimeout(r, 2));
        await c.now();
        await c.stop();
      }
      process.stdout.write('stopped');`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect({ status: run.status, out: run.stdout }).toEqual({ status: 0, out: 'stopped' });
  }, 30_000);
});

describe('Store.checkpointInBackground', () => {
  it('leaves everything in the database file when the store closes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'harbour-ckpt-')), 'store.db');
    const store = openStore(`sqlite:${path}`);
    store.checkpointInBackground();
    store.checkpointInBackground();
    await sql`create table kept (v text)`.execute(store.db);
    await sql`insert into kept values (${'saved'})`.execute(store.db);
    await store.close();
    // The last connection to close copied the log and removed it.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = new SQLite(path, { readonly: true });
    expect(again.prepare('select v from kept').pluck().get()).toBe('saved');
    again.close();
  });
});
