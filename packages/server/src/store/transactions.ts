/**
 * Two kinds of transaction besides Kysely's plain one, for the requests staff make all day:
 *
 * - `writeTransaction` — a small write (a contact, an enrolment, a referral). It is answered only once
 *   it is on disk, as every write is. On SQLite the fsync that makes it so runs off the server's
 *   thread and is shared by every write committed meanwhile (group commit).
 * - `readAuditTransaction` — the audit entry of a read (a lookup, a client's page). It is committed
 *   before the answer leaves, without waiting for the disk: an operating-system crash or power cut may
 *   lose the last such entries, never a change to data (docs/security.md, "Audit log").
 *
 * Why: better-sqlite3 runs on the server's one thread, and with `synchronous=FULL` every commit waits
 * there for its fsync (1–2 ms for the ~23 pages a contact writes; 5–12 ms now and then on a busy
 * disk). No other request is even read meanwhile, so under load the tail is requests waiting for
 * the fsyncs of the requests before them.
 *
 * How, on SQLite in WAL mode: the transaction commits with `synchronous=NORMAL`, which writes its
 * pages to the write-ahead log without the fsync — the only difference from FULL in WAL mode — and
 * then `WalFlusher` fdatasyncs the log file from libuv's thread pool. Frames are appended in commit
 * order, so one fdatasync started after a commit makes it, and everything before it, durable.
 */

import { type FileHandle, open } from 'node:fs/promises';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

interface Transacting {
  db: Kysely<Database>;
  dialect: DialectName;
}

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

/**
 * Makes the write-ahead log durable, one fdatasync at a time. A request made while one is under way
 * may have written after that one started, so it waits for the next; all requests made meanwhile
 * share that next one.
 */
export class WalFlusher {
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  /** How many syncs have finished (for tests and diagnostics). */
  synced = 0;

  constructor(private readonly sync: () => Promise<void>) {}

  flush(): Promise<void> {
    if (!this.#running) {
      this.#running = this.sync().finally(() => {
        this.#running = null;
        this.synced++;
      });
      return this.#running;
    }
    if (!this.#next) {
      const after = () => {
        this.#next = null;
        return this.flush();
      };
      this.#next = this.#running.then(after, after);
    }
    return this.#next;
  }
}

/**
 * The log file's fdatasync, on a handle kept open (opening it each time doubled the wait). The server's
 * connections keep the log file in place while they are open; SQLite removes it only when the last
 * one closes, after checkpointing it into the database and syncing that — so a missing file has
 * nothing left to sync.
 */
export function walFile(walPath: string): { sync: () => Promise<void>; close: () => Promise<void> } {
  let handle: Promise<FileHandle | null> | null = null;
  const opened = () => {
    handle ??= open(walPath, 'r').catch((e: NodeJS.ErrnoException) => {
      handle = null;
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    return handle;
  };
  return {
    sync: async () => {
      await (await opened())?.datasync();
    },
    close: async () => {
      const h = await handle;
      handle = null;
      await h?.close();
    },
  };
}

const flushers = new WeakMap<Kysely<Database>, WalFlusher>();

/** Set by the store when it opens a SQLite file in WAL mode: its writes then share off-thread fsyncs. */
export function attachWalFlusher(db: Kysely<Database>, flusher: WalFlusher): void {
  flushers.set(db, flusher);
}

export function flusherFor(db: Kysely<Database>): WalFlusher | undefined {
  return flushers.get(db);
}

/**
 * Runs one transaction with SQLite's safety level lowered to NORMAL (no fsync at commit). SQLite cannot
 * change the level inside a transaction, so it is switched around this one while holding the
 * connection: no other transaction commits meanwhile at the lowered level.
 */
function withoutFsync<T>(db: Kysely<Database>, work: Work<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    const before = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(conn);
    const level = Number(before.rows[0]?.synchronous ?? 2);
    await sql`PRAGMA synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await sql.raw(`PRAGMA synchronous = ${level}`).execute(conn);
    }
  });
}

/** A small write, answered once it is on disk; on SQLite its fsync is shared and off the main thread. */
export async function writeTransaction<T>(s: Transacting, work: Work<T>): Promise<T> {
  // PostgreSQL waits for its own WAL flush at commit, on its own processes, grouping concurrent commits.
  if (s.dialect !== 'sqlite') return s.db.transaction().execute(work);
  const flusher = flushers.get(s.db);
  if (!flusher) return s.db.transaction().execute(work);
  const result = await withoutFsync(s.db, work);
  await flusher.flush();
  return result;
}

/** Audit entries of reads: committed before the answer, without waiting for the disk. */
export function readAuditTransaction<T>(s: Transacting, work: Work<T>): Promise<T> {
  if (s.dialect === 'postgres') {
    return s.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  return withoutFsync(s.db, work);
}

/**
 * Runs one item's writes inside a larger transaction so that, if they fail, they are undone and the
 * rest of the transaction goes on (sync writes a phone's push in one transaction; one bad item must
 * not cost the others). PostgreSQL would otherwise refuse every later statement of the transaction.
 */
export async function inSavepoint<T>(trx: Transaction<Database>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint item`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint item`.execute(trx);
    return result;
  } catch (e) {
    await sql`rollback to savepoint item`.execute(trx);
    await sql`release savepoint item`.execute(trx);
    throw e;
  }
}
