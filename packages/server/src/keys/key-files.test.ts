import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureKeys, KEY_FILES, loadKeys, writeKeys } from './key-files.js';

describe('key files', () => {
  it('creates 32-byte keys with mode 0600 once, and never replaces them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbour-keys-'));
    expect(ensureKeys(dir).created.sort()).toEqual(['master', 'uic']);
    for (const f of Object.values(KEY_FILES)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    const before = readFileSync(join(dir, KEY_FILES.master), 'utf8');
    expect(ensureKeys(dir).created).toEqual([]);
    expect(readFileSync(join(dir, KEY_FILES.master), 'utf8')).toBe(before);
    const keys = loadKeys(dir);
    expect(keys.master).toHaveLength(32);
    expect(keys.uic.equals(keys.master)).toBe(false);
  });

  it('refuses a key file others can read, saying how to fix it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbour-keys-'));
    ensureKeys(dir);
    chmodSync(join(dir, KEY_FILES.uic), 0o644);
    expect(() => loadKeys(dir)).toThrow(`chmod 600 ${join(dir, KEY_FILES.uic)}`);
  });

  it('refuses a missing key and restoring over different keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbour-keys-'));
    expect(() => loadKeys(dir)).toThrow(/harbour init/);
    ensureKeys(dir);
    const other = mkdtempSync(join(tmpdir(), 'harbour-keys-'));
    ensureKeys(other);
    expect(() => writeKeys(dir, loadKeys(other))).toThrow(/different key/);
    writeKeys(dir, loadKeys(other), true);
    expect(loadKeys(dir).master.equals(loadKeys(other).master)).toBe(true);
  });
});
