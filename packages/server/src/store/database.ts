/** Opens the store: SQLite (embedded default) or PostgreSQL, chosen by one URL. */

import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type KyselyConfig, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { AUTOCHECKPOINT_PAGES, BackgroundCheckpoints } from './checkpoints.js';
import { nameKeptStatements } from './named-statements.js';
import type { Database } from './schema.js';
import { EACH_ROW, EACH_ROW_WRITTEN } from './sql-helpers.js';
import { addSqliteFunctions } from './sqlite-functions.js';
import { sqliteReaders } from './sqlite-readers.js';
import { attachWalFlusher, WalFlusher, walFile } from './transactions.js';
import { vacuumAnalyze } from './vacuum.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  /**
   * For reports' reads: on a SQLite file, read-only connections in worker threads (store/sqlite-readers.ts);
   * otherwise the same as `db`.
   */
  reportDb: Kysely<Database>;
  /**
   * Gets ready for the first requests (what `harbour serve` does, in the background, once listening).
   * SQLite: starts the report readers and reads the index ranges of this quarter's and the last
   * quarter's reports into the operating system's cache. PostgreSQL: opens every pooled connection.
   */
  warmUp(): Promise<void>;
  /**
   * SQLite: copies the write-ahead log into the database file from a worker thread from now on, instead
   * of in the middle of a commit on this one (store/checkpoints.ts). For long-running writers: the
   * server and the register import. `safetyNetPages`: the log size at which the writer copies what is
   * left itself (checkpoints.ts). Nothing on PostgreSQL.
   */
  checkpointInBackground(safetyNetPages?: number): void;
  dialect: DialectName;
  /** The URL without any password, safe to print. */
  displayUrl: string;
  /** The raw SQLite handle (online backup, checkpoints); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  /** The SQLite file path; undefined on PostgreSQL. */
  sqlitePath?: string;
  /**
   * Brings the query planner's statistics up to date where tables changed a lot since they were last
   * gathered (SQLite; PostgreSQL's autovacuum keeps its own). Cheap when nothing changed.
   */
  refreshStatistics(): void;
  /**
   * A bulk load (the register import) begins. SQLite: commits stop waiting for the disk (the import
   * is made durable once at the end; run again after a power cut, it adds only what is missing), the
   * file is read rather than mapped (mapped pages counted in a national import's memory for no speed),
   * and the log is copied on a worker. Nothing on PostgreSQL.
   */
  beginBulkLoad(safetyNetPages: number): void;
  /**
   * The bulk load is over. SQLite: durable again, statistics refreshed, the log emptied into the
   * file. PostgreSQL: Harbour's tables vacuumed and analysed (stale statistics and dead row versions
   * made reports take seconds until autovacuum came round); `onLongWork` is told first.
   */
  endBulkLoad(onLongWork?: () => void): Promise<void>;
  /** `work` in one read transaction that sees a single instant while others keep writing (a backup). */
  snapshot<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Whether the database holds this table. */
  hasTable(name: string): Promise<boolean>;
  /**
   * Drops these objects (a restore with --replace). PostgreSQL only: a SQLite database being replaced
   * has its files removed before it is opened (`removeSqliteFiles`).
   */
  drop(objects: {
    tables: readonly string[];
    functions: readonly string[];
    sequences: readonly string[];
  }): Promise<void>;
  /** Whether text may hold NUL characters (SQLite yes; PostgreSQL refuses them). */
  keepsNul: boolean;
  close(): Promise<void>;
}

/** Removes a SQLite database's files (a restore with --replace); nothing for PostgreSQL. */
export function removeSqliteFiles(url: string): void {
  const parsed = parseDatabaseUrl(url);
  if (parsed.dialect !== 'sqlite') return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(parsed.target + suffix, { force: true });
}

export interface ParsedUrl {
  dialect: DialectName;
  /** File path for SQLite, connection string for PostgreSQL. */
  target: string;
}

/** `sqlite:<path>` / `sqlite://<path>` / `postgres://…` / `postgresql://…`. */
export function parseDatabaseUrl(url: string): ParsedUrl {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return { dialect: 'postgres', target: url };
  if (url.startsWith('sqlite:')) {
    const path = url.replace(/^sqlite:(\/\/)?/, '');
    if (!path)
      throw new Error('HARBOUR_DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/harbour.db');
    return { dialect: 'sqlite', target: path };
  }
  throw new Error(
    `HARBOUR_DATABASE_URL must start with "sqlite:" or "postgres://" (got "${url.split(':')[0]}:…")`,
  );
}

/** This quarter and the one before, as `YYYYQn`: what people report on after a restart. */
export function recentQuarters(today: Date): string[] {
  const y = today.getUTCFullYear();
  const q = Math.floor(today.getUTCMonth() / 3) + 1;
  return [`${y}Q${q}`, q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`];
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

const load = createRequire(import.meta.url);
let postgresDriver: typeof pg | null = null;

/**
 * The PostgreSQL driver, loaded when a PostgreSQL URL is first opened: on SQLite it (and the web
 * client it brings) only lengthened every command's start, a register import's included.
 */
function pgDriver(): typeof pg {
  if (!postgresDriver) {
    postgresDriver = load('pg') as typeof pg;
    // PostgreSQL returns bigint (COUNT, SUM) and numeric as strings; our counts fit in a double.
    postgresDriver.types.setTypeParser(20, (v) => Number(v));
    postgresDriver.types.setTypeParser(1700, (v) => Number(v));
  }
  return postgresDriver;
}

export interface OpenOptions {
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  readonly?: boolean;
}

/**
 * better-sqlite3 compiles a statement on every prepare(); Kysely prepares each query it runs. Reusing
 * compiled statements by their SQL text removes that cost from hot paths (imports, sync, reports).
 */
function withStatementCache(db: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  // Long statements (UPDATE … FROM a VALUES list) are few in shape: a small cache of their own.
  const large = new Map<string, SQLite.Statement>();
  const lookup = (sql: string, into: Map<string, SQLite.Statement>, size: number) => {
    let st = into.get(sql);
    if (!st) {
      st = db.prepare(sql);
      if (into.size >= size) into.delete(into.keys().next().value!);
      into.set(sql, st);
    }
    return st;
  };
  const prepare = (sql: string) =>
    sql.startsWith(EACH_ROW)
      ? eachRow(lookup(sql.slice(EACH_ROW.length), cache, 200), false)
      : sql.startsWith(EACH_ROW_WRITTEN)
        ? eachRow(lookup(sql.slice(EACH_ROW_WRITTEN.length), cache, 200), true)
        : sql.length > 4000
          ? lookup(sql, large, 24)
          : lookup(sql, cache, 200);
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/**
 * A one-row statement run once per row of its parameters (sql-helpers' EACH_ROW), as Kysely's driver
 * runs a statement: `all` for one that reads (RETURNING) or, with `written`, to say of each row
 * whether it changed anything; `run` otherwise.
 */
function eachRow(st: SQLite.Statement, written: boolean): SQLite.Statement {
  return {
    reader: written || st.reader,
    all(rows: unknown[][]) {
      const out: unknown[] = [];
      for (const row of rows) {
        if (written) out.push({ written: st.run(row).changes > 0 });
        else {
          const got = st.get(row);
          if (got !== undefined) out.push(got);
        }
      }
      return out;
    },
    run(rows: unknown[][]) {
      let changes = 0;
      let lastInsertRowid: number | bigint = 0;
      for (const row of rows) {
        const r = st.run(row);
        changes += r.changes;
        lastInsertRowid = r.lastInsertRowid;
      }
      return { changes, lastInsertRowid };
    },
  } as unknown as SQLite.Statement;
}

/**
 * HARBOUR_SQL_PROFILE=1: total time per statement shape, printed to stderr at exit (for tuning);
 * HARBOUR_SQL_PROFILE=full prints each statement whole (never its parameters).
 */
function profiler(): KyselyConfig['log'] | undefined {
  if (!process.env.HARBOUR_SQL_PROFILE) return undefined;
  const totals = new Map<string, { n: number; ms: number }>();
  process.once('exit', () => {
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    for (const [q, t] of rows)
      process.stderr.write(`${t.ms.toFixed(0).padStart(8)} ms ${String(t.n).padStart(7)}×  ${q}\n`);
  });
  return (event) => {
    const key = event.query.sql
      .replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))*/g, '(…)')
      .replace(/\$\d+/g, '?')
      .slice(0, process.env.HARBOUR_SQL_PROFILE === 'full' ? undefined : 150);
    const t = totals.get(key) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += event.queryDurationMillis;
    totals.set(key, t);
  };
}

export function openStore(url: string, options: OpenOptions = {}): Store {
  const parsed = parseDatabaseUrl(url);
  if (parsed.dialect === 'sqlite') {
    const path = resolve(parsed.target);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const isNew = !existsSync(path);
    const sqlite = new SQLite(path, { readonly: options.readonly ?? false });
    // The file holds hashed codes and sealed text, still nobody else's business: owner-only, like the keys.
    if (isNew) chmodSync(path, 0o600);
    // WAL lets reports read while a contact is written; FULL fsyncs every commit: no acknowledged contact is lost.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    // 16 MB of page cache: the operating system caches the file too; more only raised memory in the import benchmark.
    sqlite.pragma('cache_size = -16384');
    sqlite.pragma('temp_store = MEMORY');
    // Reports read large index ranges: mapping the file spares a system call and a copy per page (about
    // 40% of a national report's SQL time). Mapped pages are the kernel's page cache, counted in the
    // process's resident memory but given back under pressure.
    sqlite.pragma('mmap_size = 1073741824');
    // Checkpoint less often than the default 1,000 pages: bulk imports then copy pages into the database
    // file in fewer, larger steps. The server and the import hand checkpoints to a worker instead.
    sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    // After a busy spell the log is cut back to this size once it starts over.
    sqlite.pragma('journal_size_limit = 67108864');
    addSqliteFunctions(sqlite);
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      log: profiler(),
    });
    const inMemory = parsed.target === ':memory:' || parsed.target === '';
    // Small writes fsync the log off this thread, together (store/transactions.ts).
    const wal = inMemory || options.readonly ? null : walFile(`${path}-wal`);
    if (wal) attachWalFlusher(db, new WalFlusher(wal.sync));
    const readers = inMemory ? null : sqliteReaders(path);
    const reportDb = readers ? new Kysely<Database>({ dialect: readers.dialect, log: profiler() }) : db;
    let checkpoints: BackgroundCheckpoints | null = null;
    const refreshStatistics = () => {
      // Without statistics SQLite guessed its way to table lookups instead of the covering indexes
      // reports are built on, and walked every client to find the few merged ones: a national
      // report took 2 s instead of 0.6 s. Sampling a thousand rows per index is enough to choose.
      sqlite.pragma('analysis_limit = 1000');
      sqlite.pragma('optimize = 0x10002');
    };
    return {
      db,
      reportDb,
      warmUp: async () => {
        if (!readers) return;
        await readers.warm();
        await readers.readReportIndexes(recentQuarters(new Date()));
      },
      checkpointInBackground: (safetyNetPages?: number) => {
        if (!wal || checkpoints) return;
        checkpoints = new BackgroundCheckpoints(sqlite, path, undefined, safetyNetPages);
      },
      dialect: 'sqlite',
      displayUrl: `sqlite:${parsed.target}`,
      sqlite,
      sqlitePath: path,
      refreshStatistics,
      beginBulkLoad: (safetyNetPages: number) => {
        sqlite.pragma('synchronous = NORMAL');
        sqlite.pragma('mmap_size = 0');
        if (wal && !checkpoints)
          checkpoints = new BackgroundCheckpoints(sqlite, path, undefined, safetyNetPages);
      },
      endBulkLoad: async () => {
        sqlite.pragma('synchronous = FULL');
        refreshStatistics();
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      },
      snapshot: (work) => db.transaction().execute(work),
      hasTable: async (name) =>
        Number(
          (
            await sql<{
              n: number;
            }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(db)
          ).rows[0]?.n ?? 0,
        ) > 0,
      drop: async () => {},
      keepsNul: true,
      close: async () => {
        // The worker's connection first: the last connection to close copies the log into the file.
        await checkpoints?.stop();
        if (reportDb !== db) await reportDb.destroy();
        await db.destroy();
        await wal?.close();
      },
    };
  }
  const poolSize = options.poolSize ?? 10;
  // Connections are kept open once made (`min`): a new one costs PostgreSQL a backend and compiling the
  // field-sync trigger again, and a burst after ten idle seconds (pg's default) paid that each time —
  // the first half second of the contact benchmark's paced run took 120–460 ms per request.
  const driver = pgDriver();
  const pool = new driver.Pool({
    connectionString: parsed.target,
    max: poolSize,
    min: poolSize,
    // Idle connections do not keep a command's process alive (the server's listener does).
    allowExitOnIdle: true,
    // PostgreSQL's JIT compiler spent seconds (inlining, optimisation) on a report that runs in a
    // fraction of one; Harbour's queries are short, so it is off for its connections.
    options: '-c jit=off',
  });
  // Reports have connections of their own, without parallel plans: PostgreSQL's parallel plan for the
  // people-as-classes query repeated each person's aggregation in every worker (0.5 s warm at a tenth
  // of national scale against 0.2 s without), and a report already runs its queries side by side.
  const reportPool = new driver.Pool({
    connectionString: parsed.target,
    max: 4,
    min: 4,
    allowExitOnIdle: true,
    options: '-c jit=off -c max_parallel_workers_per_gather=0',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  nameKeptStatements(pool);
  reportPool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: profiler() });
  const reportDb = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: reportPool }),
    log: profiler(),
  });
  return {
    db,
    reportDb,
    warmUp: async () => {
      const open = (p: pg.Pool, n: number) => Array.from({ length: n }, () => p.connect());
      const clients = await Promise.all([...open(pool, poolSize), ...open(reportPool, 4)]);
      for (const c of clients) c.release();
    },
    refreshStatistics: () => {},
    checkpointInBackground: () => {},
    beginBulkLoad: () => {},
    endBulkLoad: async (onLongWork) => {
      onLongWork?.();
      await vacuumAnalyze(db);
    },
    snapshot: (work) => db.transaction().setIsolationLevel('repeatable read').execute(work),
    hasTable: async (name) =>
      Number(
        (
          await sql<{
            n: number;
          }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(
            db,
          )
        ).rows[0]?.n ?? 0,
      ) > 0,
    drop: async ({ tables, functions, sequences }) => {
      for (const t of tables) await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
      for (const f of functions) await sql`drop function if exists ${sql.raw(`${f}()`)} cascade`.execute(db);
      for (const q of sequences) await sql`drop sequence if exists ${sql.table(q)}`.execute(db);
    },
    keepsNul: false,
    dialect: 'postgres',
    displayUrl: redactUrl(url),
    close: async () => {
      await reportDb.destroy();
      await db.destroy();
    },
  };
}
