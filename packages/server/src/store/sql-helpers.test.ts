import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { bulkInsert, insertNew, Writes } from './sql-helpers.js';

for (const dialect of DIALECTS) {
  describe(`bulkInsert (${dialect})`, () => {
    let h: TestHarbour;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await sql`create table bulk_probe (id text primary key, n integer not null, x real, t text)`.execute(
        h.db,
      );
      await sql`create table bulk_tally (k text primary key, total integer not null)`.execute(h.db);
      await sql`create table bulk_other (k text primary key, total integer not null)`.execute(h.db);
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

    it('says which rows were new when rows already there are skipped', async () => {
      const written = await insertNew(
        h.db,
        dialect,
        'bulk_probe',
        ['id', 'n'],
        [
          ['g', 7],
          ['a', 100],
          ['h', 8],
          ['g', 9],
        ],
        'on conflict do nothing',
      );
      expect([...written].sort()).toEqual(['g', 'h']);
      expect(await insertNew(h.db, dialect, 'bulk_probe', ['id', 'n'], [], 'on conflict do nothing')).toEqual(
        new Set(),
      );
    });

    it('inserts more rows than fit in one statement', async () => {
      const many = Array.from({ length: 12_345 }, (_, i) => [`m${i}`, i]);
      await bulkInsert(h.db, dialect, 'bulk_probe', ['id', 'n'], many);
      const count = await sql<{ n: number }>`select count(*) as n from bulk_probe where id like 'm%'`.execute(
        h.db,
      );
      expect(Number(count.rows[0]!.n)).toBe(12_345);
    });

    it('writes none of the rows when one fails inside a transaction', async () => {
      const before = await sql<{ n: number }>`select count(*) as n from bulk_probe`.execute(h.db);
      await expect(
        h.db.transaction().execute((trx) =>
          bulkInsert(
            trx,
            dialect,
            'bulk_probe',
            ['id', 'n'],
            [
              ['ok1', 1],
              ['ok2', 2],
              ['bad', null],
            ],
          ),
        ),
      ).rejects.toThrow();
      const after = await sql<{ n: number }>`select count(*) as n from bulk_probe`.execute(h.db);
      expect(Number(after.rows[0]!.n)).toBe(Number(before.rows[0]!.n));
    });

    it('gathers writes to different tables and sends them as one statement on PostgreSQL', async () => {
      const sent: string[] = [];
      const counting = new Proxy(h.db, {
        get: (target, prop) =>
          prop === 'executeQuery'
            ? (q: CompiledQuery) => {
                sent.push(q.sql);
                return target.executeQuery(q);
              }
            : Reflect.get(target, prop),
      }) as Kysely<unknown>;
      await bulkInsert(h.db, dialect, 'bulk_tally', ['k', 'total'], [['x', 1]]);
      await bulkInsert(h.db, dialect, 'bulk_other', ['k', 'total'], [['y', 1]]);
      await h.db.transaction().execute(async (trx) => {
        const writes = new Writes(dialect === 'postgres' ? counting : trx, dialect);
        if (dialect === 'sqlite') sent.push('(sqlite runs each write as it comes)');
        await writes.insert('bulk_probe', ['id', 'n', 't'], [['w1', 1, 'one $1 two']]);
        await writes.run(sql`update bulk_tally set total = total + ${41} where k = ${'x'}`.compile(trx));
        await writes.insert(
          'bulk_other',
          ['k', 'total'],
          [
            ['y', 2],
            ['z', 3],
          ],
          'on conflict (k) do update set total = bulk_other.total + excluded.total',
        );
        await writes.flush();
        await writes.flush();
      });
      if (dialect === 'postgres') expect(sent).toHaveLength(1);
      const tally = await sql<{ k: string; total: number }>`select k, total from bulk_tally union all
        select k, total from bulk_other order by k`.execute(h.db);
      expect(tally.rows.map((r) => [r.k, Number(r.total)])).toEqual([
        ['x', 42],
        ['y', 3],
        ['z', 3],
      ]);
      const probe = await sql<{ t: string }>`select t from bulk_probe where id = 'w1'`.execute(h.db);
      expect(probe.rows[0]?.t).toBe('one $1 two');
    });
  });
}
