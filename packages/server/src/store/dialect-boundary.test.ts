/**
 * What differs between SQLite and PostgreSQL lives in store/ behind one interface (the Store, its SQL
 * helpers, secure erase, vacuum): no file outside it branches on the database's name, runs a pragma
 * or a vacuum itself. A new branch elsewhere fails here, naming the file and line.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
/** Test harnesses choose the database on purpose; they are not product code. */
const OUTSIDE_THE_RULE = ['store', 'test-support'];

const DIALECT_DETAIL = [
  /\bdialect\s*[!=]==/,
  /[!=]==\s*['"](postgres|sqlite)['"]/,
  /case\s+['"](postgres|sqlite)['"]/,
  /\.pragma\(/,
  /sql`\s*(pragma|vacuum)\b/i,
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return dir === SRC && OUTSIDE_THE_RULE.includes(name) ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the dialect boundary', () => {
  it('keeps every difference between the two databases inside store/', () => {
    const found: string[] = [];
    for (const file of sources(SRC))
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (DIALECT_DETAIL.some((re) => re.test(line)))
            found.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    expect(found).toEqual([]);
  });

  it('would notice a branch on the database outside store/ (the rule can fail)', () => {
    expect(DIALECT_DETAIL.some((re) => re.test("if (s.dialect === 'postgres') await x();"))).toBe(true);
    expect(DIALECT_DETAIL.some((re) => re.test("h.store.sqlite?.pragma('synchronous = NORMAL');"))).toBe(
      true,
    );
    expect(sources(SRC).length).toBeGreaterThan(100);
  });
});
