/** The programme's secret keys live in files in HARBOUR_DATA_DIR (mode 0600), never in the database. */

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILES = {
  /** HMAC-SHA256 key for UICs (docs/uic.md). Losing it makes every stored UIC unfindable. */
  uic: 'uic-hmac.key',
  /** Wraps the per-organisation data keys (envelope encryption) and keys the audit chain. */
  master: 'master.key',
} as const;
export type KeyName = keyof typeof KEY_FILES;

export interface Keys {
  uic: Buffer;
  master: Buffer;
}

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

function keyPath(dataDir: string, name: KeyName): string {
  return join(dataDir, KEY_FILES[name]);
}

/** Creates any missing key (32 random bytes, base64, mode 0600). Existing keys are never replaced. */
export function ensureKeys(dataDir: string): { created: KeyName[] } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const created: KeyName[] = [];
  for (const name of Object.keys(KEY_FILES) as KeyName[]) {
    const path = keyPath(dataDir, name);
    if (existsSync(path)) continue;
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600); // the umask may have narrowed it already; make it exact
    created.push(name);
  }
  return { created };
}

/** Reads the keys, refusing a missing, malformed, or group/world-readable key file with a fix in the message. */
export function loadKeys(dataDir: string): Keys {
  const read = (name: KeyName): Buffer => {
    const path = keyPath(dataDir, name);
    if (!existsSync(path)) {
      throw new KeyFileError(
        `Key file ${path} is missing. Run "harbour init" to create keys for a new installation, or restore the key files from your backup.`,
      );
    }
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      throw new KeyFileError(
        `Key file ${path} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}). Fix it with: chmod 600 ${path}`,
      );
    }
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new KeyFileError(`Key file ${path} does not hold a 32-byte base64 key.`);
    return key;
  };
  return { uic: read('uic'), master: read('master') };
}

/** Throws when a key file here holds a different key than `keys` and overwriting was not asked for. */
export function checkKeysWritable(dataDir: string, keys: Keys, overwrite: boolean): void {
  if (overwrite) return;
  for (const name of Object.keys(KEY_FILES) as KeyName[]) {
    const path = keyPath(dataDir, name);
    if (!existsSync(path)) continue;
    const existing = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (!existing.equals(keys[name])) {
      throw new KeyFileError(
        `Key file ${path} already holds a different key. Move it away first (or use --overwrite-keys): the restored data can only be read with the backup's keys.`,
      );
    }
  }
}

/** Puts keys back from a backup, with the same strict mode. Refuses to overwrite different existing keys. */
export function writeKeys(dataDir: string, keys: Keys, overwrite = false): void {
  checkKeysWritable(dataDir, keys, overwrite);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const name of Object.keys(KEY_FILES) as KeyName[]) {
    const path = keyPath(dataDir, name);
    writeFileSync(path, `${keys[name].toString('base64')}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
  }
}
