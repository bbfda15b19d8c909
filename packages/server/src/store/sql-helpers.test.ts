import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { bulkInsert } from './sql-helpers.js';

for (const dialect of DIALECTS) {
  describe(`bulkInsert (${dialect})`, () => {
    let h: TestHarbour;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await sql`create table bulk_probe (id text primary key, n integer not null, x real, t text)`.execute(
        h.db,
      );
    });
    afterAll(() => h.dispose());

    it('writes every value as its column type, nulls and awkward text included, and returns what it inserted', async () => {
      const rows = [
        ['a', 1, 1.5, 'plain'],
        ['b', -7, null, null],
        ['c', 0, 0.25, 'quote " backslash \\ apostrophe \' newline \n tab \t'],
        ['d', 2147483647, -3, 'Ωμέγα — 名前 — 🙂'],
        ['e', 3, 2, '[{"code":"syringes","qty":10}]'],
      ];
      const inserted = await bulkInsert(
        h.db,
        dialect,
        'bulk_probe',
        ['id', 'n', 'x', 't'],
        rows,
        'returning id',
      );
      expect(inserted.map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      const back = await sql<{
        id: string;
        n: number;
        x: number | null;
        t: string | null;
      }>`select id, n, x, t from bulk_probe order by id`.execute(h.db);
      expect(back.rows.map((r) => [r.id, Number(r.n), r.x === null ? null : Number(r.x), r.t])).toEqual(rows);
    });

    it('keeps the conflict clause: rows already there are skipped, the rest go in', async () => {
      const again = await bulkInsert(
        h.db,
        dialect,
        'bulk_probe',
        ['id', 'n'],
        [
          ['a', 100],
          ['f', 6],
        ],
        'on conflict do nothing returning id',
      );
      expect(again.map((r) => r.id)).toEqual(['f']);
    });

    it('inserts more rows than fit in one statement', async () => {
      const many = Array.from({ length: 12_345 }, (_, i) => [`m${i}`, i]);
      await bulkInsert(h.db, dialect, 'bulk_probe', ['id', 'n'], many);
      const count = await sql<{ n: number }>`select count(*) as n from bulk_probe where id like 'm%'`.execute(
        h.db,
      );
      expect(Number(count.rows[0]!.n)).toBe(12_345);
    });
  });
}
