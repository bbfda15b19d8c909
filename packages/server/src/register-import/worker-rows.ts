/**
 * Runs parse-rows.ts in a worker thread for a file or an upload, so reading, checking and hashing
 * rows (about a third of an import's work) happens on the second core while this thread writes.
 * Rows made in memory (the demo) are parsed inline. Either way the importer sees the same events.
 */

import { Worker } from 'node:worker_threads';
import type { UicHasher } from '../crypto/uic-hasher.js';
import { type ParseOptions, parsedRegister, type RegisterEvent } from './parse-rows.js';
import type { ParseWorkerData, ParseWorkerMessage } from './parse-worker.js';
import { FileProblem, type RowSource } from './read-rows.js';

/** The worker's own file: beside this module in dist/ and in the bundle; tests of the sources use dist/. */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.mjs')) return new URL('./parse-worker.mjs', here);
  if (here.endsWith('.ts')) return new URL('../../dist/register-import/parse-worker.js', here);
  return new URL('./parse-worker.js', here);
}

export function registerEvents(
  source: RowSource,
  uic: { hasher: UicHasher; key: Buffer },
  o: ParseOptions,
): AsyncGenerator<RegisterEvent> {
  return source.origin ? inWorker(source.origin, uic.key, o) : parsedRegister(source, uic.hasher, o);
}

async function* inWorker(
  origin: NonNullable<RowSource['origin']>,
  uicKey: Buffer,
  o: ParseOptions,
): AsyncGenerator<RegisterEvent> {
  // Two batches' worth of rows ready ahead, so this thread never waits for the next one.
  const data: ParseWorkerData = { ...o, origin, uicKey, ahead: Math.ceil((2 * o.batchSize) / o.perEvent) };
  const worker = new Worker(workerUrl(), {
    workerData: data,
    // Reading is streaming: a small heap is plenty (an XLSX's shared strings are the largest part),
    // and without limits the thread's garbage would add tens of MB to an import's memory.
    resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 },
  });
  const queue: ParseWorkerMessage[] = [];
  let waiting: (() => void) | null = null;
  let crashed: Error | null = null;
  const wakeUp = () => {
    waiting?.();
    waiting = null;
  };
  worker.on('message', (m: ParseWorkerMessage) => {
    queue.push(m);
    wakeUp();
  });
  worker.on('error', (e: Error & { code?: string }) => {
    crashed =
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new FileProblem(
            'The file cannot be read within the memory an import may use. Save it as "CSV UTF-8" (read row by row) and import again.',
          )
        : e;
    wakeUp();
  });
  worker.on('exit', (code) => {
    crashed ??= new Error(`The register reader stopped unexpectedly (exit ${code})`);
    wakeUp();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (crashed) throw crashed;
        await new Promise<void>((r) => (waiting = r));
        continue;
      }
      if (m.kind === 'end') return;
      if (m.kind === 'failed') throw m.fileProblem ? new FileProblem(m.message) : new Error(m.message);
      worker.postMessage('more');
      yield m;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
