/** Small terminal helpers: exit codes, reading secrets, printing tables. */

import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** 1 = the user can fix it (bad input, missing key, wrong passphrase); 2 = a fault in Harbour or its surroundings. */
export const EXIT = { ok: 0, user: 1, internal: 2 } as const;

const USER_ERRORS = new Set([
  'InputError',
  'ConflictError',
  'NotFoundError',
  'ForbiddenError',
  'KeyFileError',
  'MigrationError',
  'BackupFormatError',
  'UsageError',
  'CommanderError',
]);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(e: unknown): number {
  const err = e as Error & { code?: string };
  if (USER_ERRORS.has(err?.name)) return EXIT.user;
  // A database that cannot be reached is something the operator fixes (URL, server down).
  if (
    err?.code === 'ECONNREFUSED' ||
    err?.code === '3D000' ||
    err?.code === '28P01' ||
    err?.code === 'SQLITE_CANTOPEN'
  )
    return EXIT.user;
  return EXIT.internal;
}

export function describeError(e: unknown): string {
  const err = e as Error & { issues?: { field: string; message: string; row?: number }[]; code?: string };
  if (err?.issues?.length) {
    return err.issues.map((i) => `${i.row ? `row ${i.row}, ` : ''}${i.field}: ${i.message}`).join('\n');
  }
  if (err?.code === 'ECONNREFUSED')
    return 'Cannot reach the database server; check HARBOUR_DATABASE_URL and that the server is running';
  if (err?.code === '3D000') return `The PostgreSQL database does not exist: ${err.message}`;
  return err?.message ?? String(e);
}

/** Reads all of stdin (for --password-stdin and piped files). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line without echoing it when stdin is a terminal. */
export async function promptSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readStdin()).split(/\r?\n/)[0] ?? '';
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stderr.write(question);
  muted = true;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => String(r[c] ?? '')))}\n`);
}
