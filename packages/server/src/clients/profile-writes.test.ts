/**
 * A client's profile is written in one place (profile-writes.ts), so every writer keeps the clock
 * that orders statements from the console, phones and registers. An update of the clients table
 * that sets a profile column anywhere else fails here, naming the file and line. (What each writer
 * decides is tested where it decides: sync.test.ts orders the console, a phone and a register.)
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const THE_ONE_WRITER = join(SRC, 'clients', 'profile-writes.ts');
const PROFILE_COLUMN = /\b(sex|birth_year|kp|profile_clock)\s*:/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Each `updateTable('clients')` statement, up to its `.execute`, with the line it starts on. */
function clientUpdates(text: string): { line: number; statement: string }[] {
  const out: { line: number; statement: string }[] = [];
  for (const m of text.matchAll(/updateTable\(\s*'clients'\s*\)/g)) {
    const end = text.indexOf('.execute', m.index);
    out.push({
      line: text.slice(0, m.index).split('\n').length,
      statement: text.slice(m.index, end < 0 ? undefined : end),
    });
  }
  return out;
}

describe('the one write path of a client’s profile', () => {
  it('finds an update of a profile column outside profile-writes.ts (the check can fail)', () => {
    const stray = "await trx.updateTable('clients')\n  .set({ kp: 'pwid', updated_at: at })\n  .execute();";
    expect(clientUpdates(stray).filter((u) => PROFILE_COLUMN.test(u.statement))).toHaveLength(1);
  });

  it('is the only place that sets sex, birth year, key population or their clock', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      if (file === THE_ONE_WRITER) continue;
      for (const u of clientUpdates(readFileSync(file, 'utf8')))
        if (PROFILE_COLUMN.test(u.statement)) found.push(`${relative(SRC, file)}:${u.line}`);
    }
    expect(found).toEqual([]);
    // The writer itself is still found by the same reading.
    expect(
      clientUpdates(readFileSync(THE_ONE_WRITER, 'utf8')).some((u) => PROFILE_COLUMN.test(u.statement)),
    ).toBe(true);
  });
});
