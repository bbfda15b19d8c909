/**
 * Copies SQLite's write-ahead log into the database file from a worker thread, so the thread that
 * answers requests (or imports a register) never does it.
 *
 * Why: by default the connection that commits does the checkpoint once the log passes its threshold —
 * on the server's one thread, inside a contact's commit: it writes thousands of pages to the database
 * file and fsyncs it (10–90 ms on this kind of machine), and every request that arrives meanwhile
 * waits. Traced under the contact benchmark, those checkpoints were its slowest requests.
 *
 * How: the writing connection's automatic checkpoints are turned off, and a worker with a connection of
 * its own runs a PASSIVE checkpoint every interval. PASSIVE never blocks the writer nor readers: it
 * copies what no reader still needs and returns. Once the whole log has been copied, the next write
 * starts the log from its beginning again. If the worker stops for any reason, the writer checkpoints
 * automatically again, as before.
 */

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** The writer's automatic checkpoint threshold (pages) when no worker does it. */
export const AUTOCHECKPOINT_PAGES = 8000;

/**
 * The writer's threshold while the worker checkpoints. The log starts over only when a write begins
 * with all of it copied; under a steady stream of writes a checkpoint may never finish between two
 * commits, and the log would grow without bound. Past this size the writer checkpoints after its
 * commit as before — by then the worker has copied all but the last moments, so it is short.
 */
export const SAFETY_NET_PAGES = 16000;

/**
 * The threshold for a register import, which writes without pause: its log never starts over while it
 * runs (each transaction begins as the last one commits), so it reaches any threshold. At 16,000 pages
 * the import's own thread found most of its last second of writes not yet copied and copied them itself
 * — 0.7 s of a 5 s import, twice over. At 64,000 (a 256 MB log at most, for the length of the import)
 * the worker has copied nearly everything by then (site import 5.31 -> 5.02 s, median of three).
 */
export const IMPORT_SAFETY_NET_PAGES = 64000;

// Plain JavaScript, evaluated as the worker's script, so it runs the same from dist/ and the bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
// This connection never writes a row; its own checkpoints are the ones it is asked for.
db.pragma('wal_autocheckpoint = 0');
// Every 100 ms while writes pour in (small checkpoints finish between two commits, so the log starts
// over often), every second when they trickle (each checkpoint that copies anything syncs the file).
let timer = null;
let lastLog = 0;
const checkpoint = () => {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  const fresh = r.log >= lastLog ? r.log - lastLog : r.log;
  lastLog = r.log;
  return [r, fresh >= workerData.busyFrames ? workerData.busyMs : workerData.quietMs];
};
const tick = () => {
  const [r, next] = checkpoint();
  parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed, asked: false });
  timer = setTimeout(tick, next);
};
timer = setTimeout(tick, workerData.quietMs);
parentPort.on('message', (m) => {
  if (m === 'now') {
    const [r] = checkpoint();
    parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed, asked: true });
  }
  if (m === 'close') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface CheckpointProgress {
  /** Frames in the log, and how many of them are in the database file, after the last checkpoint. */
  log: number;
  checkpointed: number;
}

export class BackgroundCheckpoints {
  readonly #worker: Worker;
  #stopped: Promise<void> | null = null;
  #exited = false;
  #waiting: { resolve: (p: CheckpointProgress) => void; reject: (e: Error) => void }[] = [];
  /** The result of the latest checkpoint (for tests and diagnostics). */
  last: CheckpointProgress | null = null;

  constructor(
    private readonly writer: SQLite.Database,
    path: string,
    timing = { busyMs: 100, quietMs: 1000, busyFrames: 16 },
    safetyNetPages = SAFETY_NET_PAGES,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    writer.pragma(`wal_autocheckpoint = ${safetyNetPages}`);
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, ...timing } });
    this.#worker.on('message', ({ asked, ...p }: CheckpointProgress & { asked: boolean }) => {
      this.last = p;
      // A periodic checkpoint may have started before someone asked: only the asked one answers them.
      if (asked) this.#waiting.shift()?.resolve(p);
      if (this.#waiting.length > 0) return;
      // Nobody waits any more: let the process exit. While stopping, the process must stay up until the
      // worker has closed its connection, whatever periodic answer arrives meanwhile.
      if (!this.#stopped) this.#worker.unref();
    });
    const fallBack = () => {
      // Checkpoints must go on: the writer does them itself again.
      if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      for (const w of this.#waiting.splice(0)) w.reject(new Error('The checkpoint worker has stopped'));
    };
    this.#worker.on('error', fallBack);
    this.#worker.on('exit', () => {
      this.#exited = true;
      fallBack();
    });
    // It never keeps a command from exiting.
    this.#worker.unref();
  }

  /** Runs a checkpoint now and resolves with its result. */
  now(): Promise<CheckpointProgress> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      // Someone waits for an answer: the process stays up until it comes.
      this.#worker.ref();
      this.#worker.postMessage('now');
    });
  }

  /** Stops the worker (its connection closed first); the writer checkpoints automatically again. */
  stop(): Promise<void> {
    this.#stopped ??= this.#exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.#worker.once('exit', () => resolve());
          this.#worker.ref();
          this.#worker.postMessage('close');
        });
    return this.#stopped;
  }
}
