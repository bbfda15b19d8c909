/** Opens the store: SQLite (embedded default) or PostgreSQL, chosen by one URL. */

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The URL without any password, safe to print. */
  displayUrl: string;
  /** The raw SQLite handle (online backup, checkpoints); undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  /** The SQLite file path; undefined on PostgreSQL. */
  sqlitePath?: string;
  close(): Promise<void>;
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

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

// PostgreSQL returns bigint (COUNT, SUM) and numeric as strings; our counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  readonly?: boolean;
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
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      db,
      dialect: 'sqlite',
      displayUrl: `sqlite:${parsed.target}`,
      sqlite,
      sqlitePath: path,
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({ connectionString: parsed.target, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', displayUrl: redactUrl(url), close: () => db.destroy() };
}
