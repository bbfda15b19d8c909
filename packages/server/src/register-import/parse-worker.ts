/**
 * Worker thread of a register import: reads and checks the rows (parse-rows.ts) on the second core
 * while the main thread writes the previous ones. At most `ahead` events wait unread (enough for the
 * next batch or two); the main thread sends 'more' for each one it takes, so memory stays flat however
 * large the file.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { UicHasher } from '../crypto/uic-hasher.js';
import { type ParseOptions, parsedRegister, type RegisterEvent } from './parse-rows.js';
import { bufferSource, FileProblem, fileSource, type RowSource } from './read-rows.js';

export interface ParseWorkerData extends ParseOptions {
  origin: NonNullable<RowSource['origin']>;
  uicKey: Uint8Array;
  ahead: number;
}

export type ParseWorkerMessage =
  | RegisterEvent
  | { kind: 'end' }
  | { kind: 'failed'; message: string; fileProblem: boolean };

const port = parentPort!;
const data = workerData as ParseWorkerData;
let credits = data.ahead;
let wake: (() => void) | null = null;
port.on('message', (m: unknown) => {
  if (m !== 'more') return;
  credits++;
  wake?.();
  wake = null;
});

async function send(message: ParseWorkerMessage): Promise<void> {
  while (credits === 0) await new Promise<void>((r) => (wake = r));
  credits--;
  port.postMessage(message);
}

try {
  const source =
    'path' in data.origin
      ? fileSource(data.origin.path)
      : bufferSource(
          data.origin.name,
          Buffer.from(data.origin.data.buffer, data.origin.data.byteOffset, data.origin.data.byteLength),
        );
  for await (const event of parsedRegister(source, new UicHasher(Buffer.from(data.uicKey)), data))
    await send(event);
  await send({ kind: 'end' });
} catch (e) {
  port.postMessage({ kind: 'failed', message: (e as Error).message, fileProblem: e instanceof FileProblem });
}
// Done: let the thread end even though the port still listens.
port.unref();
