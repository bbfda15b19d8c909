/** Consistent, encrypted, portable backups: a snapshot of every table as JSON lines, restorable on SQLite or PostgreSQL. */

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Keys } from '../keys/key-files.js';
import { type DialectName, openStore, removeSqliteFiles, type Store } from '../store/database.js';
import { type Migration, migrate } from '../store/migration.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { BackupFormatError, DecryptStream, EncryptStream } from './encrypted-stream.js';
import { BACKUP_TABLES, DERIVED_TABLES, STORE_TABLES } from './tables.js';

export const BACKUP_FORMAT = 'harbour.backup/1';
const PAGE = 5000;

interface Header {
  format: string;
  createdAt: string;
  dialect: DialectName;
  migrations: { name: string; checksum: string }[];
  keys: { uic: string; master: string } | null;
  tables: string[];
}

export interface BackupSummary {
  tables: Record<string, number>;
  bytes?: number;
}

async function* pageThrough(
  db: Kysely<any>,
  table: string,
  key: string[],
  pageSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  let last: unknown[] | null = null;
  for (;;) {
    let q = db.selectFrom(table).selectAll();
    if (last) {
      const cols = key.map((k) => sql.ref(k));
      const vals = last.map((v) => sql`${v}`);
      q = q.where(sql<boolean>`(${sql.join(cols)}) > (${sql.join(vals)})`);
    }
    for (const k of key) q = q.orderBy(k);
    const rows = (await q.limit(pageSize).execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    const tail = rows.at(-1)!;
    last = key.map((k) => tail[k]);
  }
}

/** Streams a snapshot of the database (and, unless told not to, the keys) into an encrypted file. */
export async function backupDatabase(
  store: Store,
  keys: Keys | null,
  file: string,
  passphrase: string,
  options: {
    now?: () => Date;
    onTable?: (table: string, rows: number) => void | Promise<void>;
    pageSize?: number;
  } = {},
): Promise<BackupSummary> {
  const now = options.now ?? (() => new Date());
  const summary: BackupSummary = { tables: {} };
  const run = async (trx: Kysely<any>) => {
    const migrations = (await trx
      .selectFrom('harbour_migrations')
      .select(['name', 'checksum'])
      .orderBy('name')
      .execute()) as {
      name: string;
      checksum: string;
    }[];
    const header: Header = {
      format: BACKUP_FORMAT,
      createdAt: now().toISOString(),
      dialect: store.dialect,
      migrations,
      keys: keys ? { uic: keys.uic.toString('base64'), master: keys.master.toString('base64') } : null,
      tables: BACKUP_TABLES.map((t) => t.name),
    };
    async function* lines() {
      yield `${JSON.stringify(header)}\n`;
      for (const t of BACKUP_TABLES) {
        yield `${JSON.stringify({ table: t.name })}\n`;
        let count = 0;
        for await (const rows of pageThrough(trx, t.name, t.key, options.pageSize ?? PAGE)) {
          count += rows.length;
          yield `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
        }
        summary.tables[t.name] = count;
        await options.onTable?.(t.name, count);
      }
      yield `${JSON.stringify({ end: true })}\n`;
    }
    await writeWhole(file, (out) =>
      pipeline(Readable.from(lines()), createGzip(), new EncryptStream(passphrase), out),
    );
  };
  // One read transaction: every table comes from the same instant, while the server keeps writing.
  await store.snapshot((trx) => run(trx as unknown as Kysely<any>));
  return summary;
}

/**
 * Writes a file so that it is either the old one or the whole new one, never half: the bytes go to a
 * temporary file beside it, reach the disk, and only then take its name (a rename is atomic). A backup
 * killed midway used to leave an empty file where the last good backup had been.
 */
async function writeWhole(file: string, write: (out: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await write(createWriteStream(temp, { mode: 0o600 }));
    syncPath(temp, 'r');
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  // The new name must reach the disk too, or a power cut could bring back the old file.
  syncPath(dirname(file), 'r');
}

function syncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface RestoreResult extends BackupSummary {
  keys: Keys | null;
  migratedAfter: string[];
  /** Text values that held NUL, which PostgreSQL cannot store: each NUL became U+FFFD. */
  nulReplaced: number;
}

/**
 * Harbour refuses NUL in every input now, but a SQLite database written by an older version may hold
 * one, and PostgreSQL cannot store it: the restore into PostgreSQL must not fail on data Harbour once
 * accepted, so each NUL becomes the replacement character and the restore says how many values changed.
 */
function replaceNul(row: Record<string, unknown>): number {
  let changed = 0;
  for (const k in row) {
    const v = row[k];
    if (typeof v === 'string' && v.includes('\u0000')) {
      row[k] = v.replaceAll('\u0000', '\uFFFD');
      changed++;
    }
  }
  return changed;
}

async function dropEverything(store: Store): Promise<void> {
  await store.drop({
    tables: [...[...BACKUP_TABLES].reverse().map((t) => t.name), ...DERIVED_TABLES, ...STORE_TABLES],
    functions: ['sync_change_client', 'sync_change_related'],
    sequences: ['sync_change_seq'],
  });
}

/**
 * Restores a backup into an empty database: builds the schema the backup was made with, loads the rows,
 * then applies any newer migrations. With `replace`, an existing database is wiped first.
 */
export async function restoreDatabase(
  databaseUrl: string,
  file: string,
  passphrase: string,
  options: {
    replace?: boolean;
    onTable?: (table: string, rows: number) => void;
    beforeRestore?: (keys: Keys | null) => void;
  } = {},
): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BackupFormatError(`No backup file at ${file}`);
  if (options.replace) removeSqliteFiles(databaseUrl);
  const store = openStore(databaseUrl);
  try {
    const db = store.db as unknown as Kysely<any>;
    if (options.replace) await dropEverything(store);
    if (await store.hasTable('org_units')) {
      throw new BackupFormatError(
        'The target database already holds a Harbour database. Restore into a new, empty database, or pass --replace to wipe this one first.',
      );
    }
    // pipeline (not .pipe) so a wrong passphrase or a damaged chunk rejects the reader instead of crashing the process.
    const input = createGunzip();
    let streamError: Error | null = null;
    pipeline(createReadStream(file), new DecryptStream(passphrase), input).catch((e: Error) => {
      streamError = e;
    });
    const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    const iterator = rl[Symbol.asyncIterator]();
    const lines = {
      next: async () => {
        try {
          const r = await iterator.next();
          if (r.done && streamError) throw streamError;
          return r;
        } catch (e) {
          throw streamError ?? e;
        }
      },
    };
    const first = await lines.next();
    if (first.done) throw new BackupFormatError('The backup is empty');
    const header = JSON.parse(first.value) as Header;
    if (header.format !== BACKUP_FORMAT)
      throw new BackupFormatError(`Unknown backup format "${String(header.format)}"`);
    const code = new Map(MIGRATIONS.map((m) => [m.name, m]));
    const needed: Migration[] = header.migrations.map((m) => {
      const known = code.get(m.name);
      if (!known)
        throw new BackupFormatError(
          `The backup was made by a newer Harbour (migration "${m.name}"); restore it with that version.`,
        );
      return known;
    });
    const backupKeys = header.keys
      ? { uic: Buffer.from(header.keys.uic, 'base64'), master: Buffer.from(header.keys.master, 'base64') }
      : null;
    options.beforeRestore?.(backupKeys);
    // Build exactly the schema the rows were written with (checksums differ per dialect, so names must match).
    await migrate(db, store.dialect, needed);
    const summary: RestoreResult = {
      tables: {},
      keys: backupKeys,
      migratedAfter: [],
      nulReplaced: 0,
    };
    let table: string | null = null;
    let batch: Record<string, unknown>[] = [];
    let ended = false;
    const flush = async (trx: Kysely<any>) => {
      if (!table || batch.length === 0) return;
      const cols = Object.keys(batch[0]!).length;
      const size = Math.max(1, Math.floor(30000 / Math.max(cols, 1)));
      for (let i = 0; i < batch.length; i += size)
        await trx
          .insertInto(table)
          .values(batch.slice(i, i + size))
          .execute();
      summary.tables[table] = (summary.tables[table] ?? 0) + batch.length;
      batch = [];
    };
    await db.transaction().execute(async (trx) => {
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const line = next.value;
        if (!line) continue;
        const obj = JSON.parse(line) as Record<string, unknown>;
        const keys = Object.keys(obj);
        if (keys.length === 1 && keys[0] === 'table') {
          await flush(trx);
          if (table) options.onTable?.(table, summary.tables[table] ?? 0);
          table = String(obj.table);
          if (!BACKUP_TABLES.some((t) => t.name === table))
            throw new BackupFormatError(`The backup holds an unknown table "${table}"`);
          continue;
        }
        if (keys.length === 1 && keys[0] === 'end') {
          await flush(trx);
          if (table) options.onTable?.(table, summary.tables[table] ?? 0);
          ended = true;
          continue;
        }
        if (!store.keepsNul) summary.nulReplaced += replaceNul(obj);
        batch.push(obj);
        if (batch.length >= 2000) await flush(trx);
      }
      if (!ended) throw new BackupFormatError('The backup is incomplete');
    });
    summary.migratedAfter = (await migrate(db, store.dialect, MIGRATIONS)).applied;
    return summary;
  } finally {
    await store.close();
  }
}
