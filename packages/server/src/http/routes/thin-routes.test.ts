/**
 * Routes are thin adapters: parse, authorise, call a service, answer. The SQL, and the transaction
 * that keeps a write with its audit entry, live in the aggregate's own folder, so access and writes are
 * decided in one place. A query or a transaction written in a route file fails here, naming the line.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROUTES = fileURLToPath(new URL('.', import.meta.url));
const SQL = [/\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(/, /\.transaction\(\)/, /\bsql`/];

function offences(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (SQL.some((re) => re.test(line)) ? [i + 1] : []));
}

describe('thin routes', () => {
  it('finds a query written in a route (the check can fail)', () => {
    expect(offences("const u = await h.db.selectFrom('users').selectAll().execute();")).toEqual([1]);
    expect(offences('await h.db.transaction().execute(async (trx) => {});')).toEqual([1]);
  });

  it('has no SQL and no transaction in any route file', () => {
    const found = readdirSync(ROUTES)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => offences(readFileSync(join(ROUTES, f), 'utf8')).map((line) => `${f}:${line}`));
    expect(found).toEqual([]);
  });
});
