/**
 * Read-only SQLite connections in worker threads, for reports. Why: a national report spends most of
 * a second inside SQLite; on the main thread that second would hold up every other request (contacts
 * being recorded wait behind it), and its independent queries would run one after another on a
 * machine with a second core idle. Each worker opens the file read-only (WAL: it sees every committed
 * write, so a contact just saved is in the next report), and a Kysely dialect hands it compiled
 * queries. Workers start on the first report and are unref'ed, so an idle server pays nothing.
 */

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

// Plain JavaScript, evaluated as the worker's script, so it runs the same from dist/ and the bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -16384');
db.pragma('temp_store = MEMORY');
db.pragma('mmap_size = 1073741824');
db.pragma('busy_timeout = 10000');
// The same as addSqliteFunctions (sqlite-functions.ts).
db.aggregate('bit_or', {
  start: null,
  step: (acc, v) => (v === null ? acc : (acc ?? 0) | v),
  deterministic: true,
});
const statements = new Map();
parentPort.on('message', ({ sql, parameters }) => {
  try {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      if (statements.size >= 100) statements.delete(statements.keys().next().value);
      statements.set(sql, st);
    }
    if (!st.reader) throw new Error('Report connections only read');
    parentPort.postMessage({ rows: st.all(...parameters) });
  } catch (e) {
    parentPort.postMessage({ error: { message: e.message, code: e.code } });
  }
});
`;

interface Task {
  sql: string;
  parameters: readonly unknown[];
  resolve(rows: unknown[]): void;
  reject(e: Error): void;
}

/**
 * Workers take one query at a time from a shared queue, so a long query on one never holds up the
 * short ones behind it while the other is free.
 */
class ReaderPool {
  private workers: { worker: Worker; task: Task | null }[] = [];
  private queue: Task[] = [];

  constructor(
    private readonly path: string,
    private readonly size: number,
  ) {}

  private start(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: this.path, driver } });
      const entry: { worker: Worker; task: Task | null } = { worker, task: null };
      worker.on('message', (m: { rows?: unknown[]; error?: { message: string; code?: string } }) => {
        const task = entry.task;
        entry.task = null;
        if (task) {
          if (m.error) task.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
          else task.resolve(m.rows ?? []);
        }
        this.dispatch();
      });
      worker.on('error', (e) => {
        // A worker that dies fails what it was running and what waits; the next query starts a fresh pool.
        entry.task?.reject(e);
        for (const t of this.queue.splice(0)) t.reject(e);
        void this.close();
      });
      worker.unref();
      this.workers.push(entry);
    }
  }

  private dispatch(): void {
    for (const entry of this.workers) {
      if (entry.task) continue;
      const task = this.queue.shift();
      if (!task) {
        entry.worker.unref();
        continue;
      }
      entry.task = task;
      entry.worker.ref();
      entry.worker.postMessage({ sql: task.sql, parameters: task.parameters });
    }
  }

  /** Starts the workers and has each read the schema, so the first report does not pay for it. */
  async warm(): Promise<void> {
    if (this.workers.length === 0) this.start();
    await Promise.all(this.workers.map(() => this.run('select count(*) from sqlite_schema', [])));
  }

  run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    if (this.workers.length === 0) this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ sql, parameters, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

class ReaderConnection implements DatabaseConnection {
  constructor(private readonly pool: ReaderPool) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: (await this.pool.run(compiled.sql, compiled.parameters)) as R[] };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered on report connections
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Report connections do not stream');
  }
}

class ReaderDriver implements Driver {
  private readonly connection: ReaderConnection;

  constructor(private readonly pool: ReaderPool) {
    this.connection = new ReaderConnection(pool);
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('Report connections only read');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.pool.close();
  }
}

/** A Kysely dialect whose queries run on read-only SQLite connections in worker threads, and a way to start them early. */
export function sqliteReaders(
  path: string,
  size = Math.min(2, availableParallelism()),
): {
  dialect: Dialect;
  warm(): Promise<void>;
  readReportIndexes(quarters: readonly string[]): Promise<void>;
} {
  const pool = new ReaderPool(path, Math.max(1, size));
  return {
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ReaderDriver(pool),
      createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    warm: () => pool.warm(),
    readReportIndexes: async (quarters) => {
      await Promise.all(REPORT_INDEX_READS(quarters).map(([sql, params]) => pool.run(sql, params)));
    },
  };
}

/**
 * Walks the index ranges a quarter's report reads, so their pages are in the operating system's cache
 * before the first report asks (the readers map the file): at national scale the first report after a
 * restart otherwise read them from disk, 1–2 s instead of 0.6 s. About 60 MB for 300,000 clients.
 */
const REPORT_INDEX_READS = (quarters: readonly string[]): [string, unknown[]][] => [
  [
    `select count(*) from client_quarter indexed by client_quarter_person
     where org_id in (select distinct org_id from org_units where org_id is not null)
       and quarter in (${quarters.map(() => '?').join(', ')})`,
    [...quarters],
  ],
  ['select count(*) from clients indexed by clients_report', []],
  ['select count(*) from client_hiv indexed by client_hiv_report', []],
];
