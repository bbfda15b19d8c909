import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STOCKED_COMMODITIES } from '@harbour/core';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegister, REGISTER_HEADER, registerCsvLine } from '../demo/programme-generator.js';
import { DEFERRED_INDEXES } from '../store/deferred-indexes.js';
import { createTestDatabase, DIALECTS } from '../test-support/dialects.js';

const BIN = fileURLToPath(new URL('../../bin/harbour.js', import.meta.url));

function run(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Which of the indexes an import may defer are missing from the database, and how many it has yet to build. */
function deferredState(dir: string): { missing: string[]; pending: number } {
  const db = new SQLite(join(dir, 'harbour.db'), { readonly: true });
  try {
    const present = new Set(
      (db.prepare("select name from sqlite_master where type = 'index'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const pending = db.prepare('select count(*) as n from deferred_indexes').get() as { n: number };
    return { missing: DEFERRED_INDEXES.filter((n) => !present.has(n)), pending: pending.n };
  } finally {
    db.close();
  }
}

/**
 * Stock handed out as the table holds it and as the active contacts give it (site|commodity|day →
 * quantity, zeros left out): equal when a bulk load's tally or its recomputation was written.
 */
function stockState(dir: string): { table: Record<string, number>; contacts: Record<string, number> } {
  const db = new SQLite(join(dir, 'harbour.db'), { readonly: true });
  try {
    const table: Record<string, number> = {};
    for (const r of db.prepare('select site_id, commodity, day, quantity from stock_distributed').all() as {
      site_id: string;
      commodity: string;
      day: string;
      quantity: number;
    }[])
      if (r.quantity !== 0) table[`${r.site_id}|${r.commodity}|${r.day}`] = r.quantity;
    const contacts: Record<string, number> = {};
    for (const c of db
      .prepare('select site_id, contact_date, items from contacts where active = 1')
      .all() as {
      site_id: string;
      contact_date: string;
      items: string;
    }[])
      for (const i of JSON.parse(c.items) as { code: string; qty?: number }[]) {
        if (!i.qty || !STOCKED_COMMODITIES.includes(i.code)) continue;
        const key = `${c.site_id}|${i.code}|${c.contact_date}`;
        contacts[key] = (contacts[key] ?? 0) + i.qty;
      }
    return { table, contacts };
  } finally {
    db.close();
  }
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'harbour-cli-'));
  made.push(dir);
  return dir;
}

describe('harbour CLI (built, as an operator runs it)', () => {
  it('init creates the database and 0600 keys, and is idempotent', () => {
    const dir = freshDir();
    const env = { HARBOUR_DATA_DIR: dir };
    const first = run(['init'], env);
    expect(first.code).toBe(0);
    expect(first.out).toContain('applied 0001-foundation');
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'uic-hmac.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'harbour.db')).mode & 0o777).toBe(0o600);
    const again = run(['init'], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('up to date');
  });

  it('refuses to start with a key file others can read, saying how to fix it (exit 1)', () => {
    const dir = freshDir();
    const env = { HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    chmodSync(join(dir, 'master.key'), 0o644);
    const r = run(['serve', '--port', '0'], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`chmod 600 ${join(dir, 'master.key')}`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a database that needs migrations until init runs', () => {
    const dir = freshDir();
    run(['init'], { HARBOUR_DATA_DIR: dir });
    const r = run(['org', 'list'], {
      HARBOUR_DATA_DIR: dir,
      HARBOUR_DATABASE_URL: `sqlite:${join(dir, 'other.db')}`,
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('harbour init');
  });

  it('imports an org tree, reporting bad rows by row and column (exit 1), and lists it', () => {
    const dir = freshDir();
    const env = { HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    const csv = join(dir, 'tree.csv');
    writeFileSync(csv, '\uFEFFcode,name,parent\nROOT,Root,\nORG,Org,ROOT\nSITE,Site,ORG\nBAD,Bad,MISSING\n');
    const r = run(['org', 'import', csv], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Created 3');
    expect(r.err).toContain('row 5, parent "MISSING"');
    const dry = run(['org', 'import', csv, '--dry-run', '--json'], env);
    expect(JSON.parse(dry.out)).toMatchObject({
      created: 0,
      unchanged: 3,
      errors: [{ row: 5, column: 'parent' }],
    });
    const list = run(['org', 'list', '--json'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).map((u: { code: string }) => u.code)).toEqual(['ROOT', 'ORG', 'SITE']);
    expect(run(['org', 'import', join(dir, 'nope.csv')], env).code).toBe(1);
  });

  it('shows and sets programme settings, refusing a bad template with the field named (exit 1)', () => {
    const dir = freshDir();
    const env = { HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    run(['demo', '--clients', '0'], env);
    expect(JSON.parse(run(['programme', 'show', '--org', 'SLN'], env).out).uicScheme).toBe('pasmo');
    const set = run(['programme', 'set', '--org', 'SLN', '--uic-scheme', 'slk581', '--alias', 'on'], env);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({ uicScheme: 'slk581', aliasEnabled: true });
    const template = join(dir, 'scheme.json');
    writeFileSync(template, JSON.stringify({ id: 'x', parts: [] }));
    const bad = run(['programme', 'set', '--org', 'SLN', '--uic-scheme', template], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('uicScheme');
    expect(run(['programme', 'set', '--org', 'SLN'], env).code).toBe(1);
  });

  it('adds, lists and disables users; unknown roles and users are user errors', () => {
    const dir = freshDir();
    const env = { HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    run(['demo', '--clients', '0'], env);
    const add = run(
      [
        'user',
        'add',
        '--username',
        'new-peer',
        '--role',
        'outreach_worker',
        '--org',
        'ODESA-PORT',
        '--password-stdin',
      ],
      env,
      'a-long-password\n',
    );
    expect(add.code).toBe(0);
    expect(add.out).not.toContain('a-long-password');
    const generated = run(
      ['user', 'add', '--username', 'gen-user', '--role', 'site_staff', '--org', 'KYIV-DIC'],
      env,
    );
    expect(generated.out).toMatch(/Password \(shown once\): \S{12,}/);
    const list = JSON.parse(run(['user', 'list', '--json'], env).out) as {
      username: string;
      disabled: boolean;
    }[];
    expect(list.map((u) => u.username)).toContain('new-peer');
    expect(run(['user', 'disable', 'new-peer'], env).code).toBe(0);
    expect(
      (
        JSON.parse(run(['user', 'list', '--json'], env).out) as { username: string; disabled: boolean }[]
      ).find((u) => u.username === 'new-peer')!.disabled,
    ).toBe(true);
    expect(run(['user', 'disable', 'nobody'], env).code).toBe(1);
    const badRole = run(['user', 'add', '--username', 'x-user', '--role', 'king', '--org', 'HRC'], env);
    expect(badRole.code).toBe(1);
    expect(badRole.err).toContain('king');
    const badOrg = run(
      ['user', 'add', '--username', 'y-user', '--role', 'site_staff', '--org', 'NOWHERE'],
      env,
    );
    expect(badOrg.code).toBe(1);
    expect(badOrg.err).toContain('NOWHERE');
  });

  it('audit verify passes on a clean log and fails (exit 1) when an entry is changed', () => {
    const dir = freshDir();
    const env = { HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    run(['demo', '--clients', '0'], env);
    const ok = run(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact: \d+ entries/);
    const db = new SQLite(join(dir, 'harbour.db'));
    db.prepare("update audit_log set actor = 'nobody' where seq = 2").run();
    db.close();
    const bad = run(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('TAMPERED');
    expect(bad.out).toContain('entry 2: entry was changed');
  });

  it('uic rekey moves an organisation created before keys per organisation, and uic status says how far', () => {
    const dir = freshDir();
    const env = { HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    run(['demo', '--clients', '30', '--contacts', '60'], env);
    const own = run(['uic', 'status', '--org', 'SLN', '--json'], env);
    expect(own.code).toBe(0);
    expect(JSON.parse(own.out)).toMatchObject({ scheme: 'organisation' });
    // As migration 0010 leaves an organisation that already had clients.
    const db = new SQLite(join(dir, 'harbour.db'));
    const org = db.prepare("select org_id from org_units where code = 'SLN'").get() as { org_id: string };
    const clients = (
      db.prepare('select count(*) as n from clients where org_id = ?').get(org.org_id) as { n: number }
    ).n;
    expect(clients).toBeGreaterThan(0);
    db.prepare(
      "insert into settings (org_id, key, value, updated_at) values (?, 'uic.key', '\"installation\"', '2026-01-01T00:00:00Z')",
    ).run(org.org_id);
    db.close();
    const started = run(['uic', 'rekey', '--org', 'SLN'], env);
    expect(started.code).toBe(0);
    expect(started.out).toContain(`0 of ${clients} clients re-keyed`);
    const status = run(['uic', 'status', '--org', 'SLN', '--json'], env);
    expect(JSON.parse(status.out)).toMatchObject({ scheme: 'migrating', clients, pending: clients });
    const unknown = run(['uic', 'rekey', '--org', 'NOWHERE'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('NOWHERE');
  });

  it('backs up and restores to another machine, with its keys, through the passphrase', () => {
    const a = freshDir();
    const b = freshDir();
    const pass = { HARBOUR_BACKUP_PASSPHRASE: 'a long backup passphrase' };
    run(['init'], { HARBOUR_DATA_DIR: a });
    run(['demo', '--clients', '200', '--contacts', '2000'], { HARBOUR_DATA_DIR: a });
    const file = join(a, 'harbour.backup');
    const backup = run(['backup', file], { HARBOUR_DATA_DIR: a, ...pass });
    expect(backup.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(
      run(['restore', file], { HARBOUR_DATA_DIR: b, HARBOUR_BACKUP_PASSPHRASE: 'the wrong passphrase' }).code,
    ).toBe(1);
    const restore = run(['restore', file], { HARBOUR_DATA_DIR: b, ...pass });
    expect(restore.code, restore.err).toBe(0);
    const listA = run(['org', 'list', '--json'], { HARBOUR_DATA_DIR: a }).out;
    const listB = run(['org', 'list', '--json'], { HARBOUR_DATA_DIR: b }).out;
    expect(listB).toBe(listA);
    expect(run(['audit', 'verify'], { HARBOUR_DATA_DIR: b }).code).toBe(0);
    // Anchors: left by every command that opened the database, exported, checked against the copy.
    expect(existsSync(join(b, 'audit-anchors.log'))).toBe(true);
    const exported = join(b, 'exported-anchors.log');
    expect(run(['audit', 'anchor', '--out', exported], { HARBOUR_DATA_DIR: b }).code).toBe(0);
    expect(run(['audit', 'verify', '--anchors', exported], { HARBOUR_DATA_DIR: b }).code).toBe(0);
    // A restore over it moves the anchors of the database that was there aside.
    const again = run(['restore', file, '--replace'], { HARBOUR_DATA_DIR: b, ...pass });
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('audit anchors of the database that was here were moved');
    expect(existsSync(join(b, 'audit-anchors.log'))).toBe(false);
    expect(run(['audit', 'verify'], { HARBOUR_DATA_DIR: b }).code).toBe(0);
    const short = run(['backup', file], { HARBOUR_DATA_DIR: a, HARBOUR_BACKUP_PASSPHRASE: 'short' });
    expect(short.code).toBe(1);
  });

  it('treats a damaged database file as an internal error (exit 2) without a stack trace', () => {
    const dir = freshDir();
    run(['init'], { HARBOUR_DATA_DIR: dir });
    writeFileSync(join(dir, 'garbage.db'), 'this is not a database file at all, just text'.repeat(100));
    const r = run(['org', 'list'], {
      HARBOUR_DATA_DIR: dir,
      HARBOUR_DATABASE_URL: `sqlite:${join(dir, 'garbage.db')}`,
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^harbour: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  if (DIALECTS.includes('postgres')) {
    it('runs on PostgreSQL when given --db', async () => {
      const tdb = await createTestDatabase('postgres');
      try {
        const env = { HARBOUR_DATA_DIR: tdb.dataDir };
        expect(run(['--db', tdb.url, 'init'], env).code).toBe(0);
        expect(run(['--db', tdb.url, 'demo', '--clients', '100', '--contacts', '1000'], env).code).toBe(0);
        const list = run(['--db', tdb.url, 'org', 'list', '--json'], env);
        expect(JSON.parse(list.out)).toHaveLength(21);
        expect(run(['org', 'list'], { ...env, HARBOUR_DATABASE_URL: tdb.url }).code).toBe(0);
      } finally {
        await tdb.drop();
      }
    });
  }
});

describe('harbour import as a process', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const until = async (test: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!test() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    return test();
  };

  /** A new installation with the demo tree and no clients, and a small register for it. */
  const newInstallation = (seed: number, clients: number, contacts: number, months: number) => {
    const dir = freshDir();
    const env = { PATH: process.env.PATH ?? '', HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    run(['demo', '--clients', '0'], env);
    const records = [
      ...generateRegister({ seed, clients, contacts, sites: ['KYIV-DIC'], start: '2025-06-01', months }),
    ];
    const register = join(dir, 'register.csv');
    writeFileSync(register, `${[REGISTER_HEADER.join(','), ...records.map(registerCsvLine)].join('\n')}\n`);
    return { dir, env, records, register };
  };

  it('says in --dry-run --json what would be imported, and imports nothing', () => {
    const { dir, env, records, register } = newInstallation(5, 10, 40, 2);
    const dry = run(['import', register, '--dry-run', '--json'], env);
    expect(dry.code).toBe(0);
    const would = JSON.parse(dry.out);
    expect(would).toMatchObject({ dryRun: true, imported: records.length, rejected: 0 });
    expect(would.clientsCreated).toBeGreaterThan(0);
    // A dry run changes nothing, not even the indexes (docs/operations.md).
    expect(dry.err).not.toContain('Building the indexes');
    expect(deferredState(dir)).toEqual({ missing: [], pending: 0 });
    const imported = run(['import', register, '--json'], env);
    const real = JSON.parse(imported.out);
    expect(real).toMatchObject({
      dryRun: false,
      imported: records.length,
      clientsCreated: would.clientsCreated,
    });
    // Into a database without contacts, some indexes were built at the end (store/deferred-indexes.ts).
    expect(imported.err).toContain('Building the indexes left for the end of an import');
    expect(deferredState(dir)).toEqual({ missing: [], pending: 0 });
    // …and stock handed out was tallied and written at the end (register-import/bulk-load.ts).
    const stock = stockState(dir);
    expect(Object.keys(stock.table).length).toBeGreaterThan(0);
    expect(stock.table).toEqual(stock.contacts);
    // Without a terminal, progress is a line now and then on stderr: at the start and at the end.
    const lines = imported.err.split('\n').filter((l) => l.startsWith('Importing:'));
    expect(lines[0]).toBe('Importing: 0 rows read (0% of the file)');
    expect(lines.at(-1)).toBe(`Importing: ${records.length} rows read (100% of the file)`);
    const badEvery = run(['import', register, '--progress-every', '0'], env);
    expect(badEvery.code).not.toBe(0);
    expect(badEvery.err).toContain('"0" is not a number of seconds above 0.');
  });

  it('drops no index for an --all-or-nothing import into an empty database', () => {
    const { dir, env, records, register } = newInstallation(6, 5, 20, 1);
    const whole = run(['import', register, '--all-or-nothing', '--json'], env);
    expect(JSON.parse(whole.out)).toMatchObject({ imported: records.length, rejected: 0 });
    expect(whole.err).not.toContain('Building the indexes');
    expect(deferredState(dir)).toEqual({ missing: [], pending: 0 });
  });

  it('stops importing when its launcher is killed with SIGKILL', async () => {
    const dir = freshDir();
    const env = { PATH: process.env.PATH ?? '', HARBOUR_DATA_DIR: dir };
    run(['init'], env);
    run(['demo', '--clients', '0'], env);
    // Long enough to be still importing when the launcher is killed (tens of seconds here).
    const records = generateRegister({
      seed: 3,
      clients: 10_000,
      contacts: 150_000,
      sites: ['KYIV-DIC', 'ODESA-PORT'],
      start: '2024-01-01',
      months: 12,
    });
    const register = join(dir, 'register.csv');
    const lines = [REGISTER_HEADER.join(',')];
    for (const r of records) lines.push(registerCsvLine(r));
    writeFileSync(register, `${lines.join('\n')}\n`);
    const launcher = spawn(process.execPath, [BIN, 'import', register], { env, stdio: 'ignore' });
    const childrenOf = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      } catch {
        return [];
      }
    };
    try {
      expect(await until(() => childrenOf(launcher.pid!).length > 0, 10_000)).toBe(true);
      const importer = childrenOf(launcher.pid!)[0]!;
      await new Promise((r) => setTimeout(r, 1500));
      expect(alive(importer)).toBe(true);
      launcher.kill('SIGKILL');
      const stopped = await until(() => !alive(importer), 5000);
      if (!stopped) process.kill(importer, 'SIGKILL');
      expect(stopped).toBe(true);
    } finally {
      launcher.kill('SIGKILL');
    }
    // It stopped before building the indexes it deferred and before writing its tally of stock handed
    // out (one note more); the server builds them and recomputes the stock when it next starts.
    const left = deferredState(dir);
    expect(left.missing).toEqual([...DEFERRED_INDEXES]);
    expect(left.pending).toBe(DEFERRED_INDEXES.length + 1);
    const before = stockState(dir);
    expect(Object.keys(before.contacts).length).toBeGreaterThan(0);
    expect(before.table).not.toEqual(before.contacts);
    // The next import builds them before its own rows (a copy of the database, to try both ways)…
    const copy = freshDir();
    cpSync(dir, copy, { recursive: true });
    const small = join(copy, 'small.csv');
    writeFileSync(small, `${[REGISTER_HEADER.join(','), lines[1]].join('\n')}\n`);
    const next = run(['import', small, '--json'], { ...env, HARBOUR_DATA_DIR: copy });
    expect(next.code).toBe(0);
    expect(next.err).toContain('Building the indexes left for the end of an import');
    expect(deferredState(copy)).toEqual({ missing: [], pending: 0 });
    const recomputed = stockState(copy);
    expect(recomputed.table).toEqual(recomputed.contacts);
    // …and so does the server, when it next starts.
    const server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env });
    let said = '';
    server.stdout.on('data', (d) => (said += d));
    server.stderr.on('data', (d) => (said += d));
    try {
      expect(await until(() => said.includes('Harbour is running'), 30_000)).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
    expect(said).toContain('Building the indexes an unfinished import left for its end');
    expect(deferredState(dir)).toEqual({ missing: [], pending: 0 });
    const afterStart = stockState(dir);
    expect(afterStart.table).toEqual(afterStart.contacts);
  }, 90_000);
});
