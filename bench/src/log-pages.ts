/**
 * Which tables and indexes the pages in a SQLite write-ahead log belong to: where a write-heavy run
 * (an import) spends its writes. Copy the log mid-run (`cp harbour.db-wal copy`), then, with the run
 * stopped or finished (page numbers stay with their table until a vacuum):
 * node --import tsx bench/src/log-pages.ts copy path/to/harbour.db
 */

import { readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';

const [logCopy, databasePath] = process.argv.slice(2);
if (!logCopy || !databasePath) {
  console.error('usage: log-pages.ts <copy of harbour.db-wal> <harbour.db>');
  process.exit(2);
}
const log = readFileSync(logCopy);
// The log's header (32 bytes): page size at 8, this generation's salts at 16 and 20. Each frame: a
// 24-byte header (page number at 0, salts at 8 and 12), then the page. Frames with other salts are
// left over from before the log last started again.
const pageSize = log.readUInt32BE(8);
const salts = [log.readUInt32BE(16), log.readUInt32BE(20)];
const framesOf = new Map<number, number>();
let frames = 0;
for (let at = 32; at + 24 + pageSize <= log.length; at += 24 + pageSize) {
  if (log.readUInt32BE(at + 8) !== salts[0] || log.readUInt32BE(at + 12) !== salts[1]) break;
  const page = log.readUInt32BE(at);
  framesOf.set(page, (framesOf.get(page) ?? 0) + 1);
  frames++;
}
const db = new SQLite(databasePath, { readonly: true });
const owner = new Map<number, string>();
for (const r of db.prepare('select name, pageno from dbstat').iterate() as Iterable<{
  name: string;
  pageno: number;
}>)
  owner.set(r.pageno, r.name);
db.close();
const byName = new Map<string, { frames: number; pages: number }>();
for (const [page, n] of framesOf) {
  const name = owner.get(page) ?? '(free, or new since)';
  const e = byName.get(name) ?? { frames: 0, pages: 0 };
  e.frames += n;
  e.pages++;
  byName.set(name, e);
}
console.log(`${frames} frames of ${pageSize} bytes, ${framesOf.size} pages`);
for (const [name, e] of [...byName].sort((a, b) => b[1].frames - a[1].frames))
  console.log(
    `${((100 * e.frames) / frames).toFixed(1).padStart(5)}%  ${String(e.pages).padStart(8)} pages  ${name}`,
  );
