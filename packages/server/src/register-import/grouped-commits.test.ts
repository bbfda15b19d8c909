import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../store/schema.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { COMMIT_EACH_BATCH, GroupedCommits } from './grouped-commits.js';

for (const dialect of DIALECTS) {
  describe(`grouped commits of an import's batches (${dialect})`, () => {
    let h: TestHarbour;
    const insert = (n: number) => async (trx: Kysely<Database>) => {
      await sql`insert into group_probe (n) values (${n})`.execute(trx);
    };
    const kept = async () =>
      (await sql<{ n: number }>`select n from group_probe order by n`.execute(h.db)).rows.map((r) =>
        Number(r.n),
      );
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await sql`create table group_probe (n integer primary key)`.execute(h.db);
    });
    beforeEach(async () => {
      await sql`delete from group_probe`.execute(h.db);
    });
    afterAll(() => h.dispose());

    it('commits once the rows written reach the limit, and the rest when asked', async () => {
      const commits = new GroupedCommits(h.db, { rows: 3, ms: 60_000 });
      await commits.write(2, insert(1));
      expect(commits.commits).toBe(0);
      await commits.write(1, insert(2));
      expect(commits.commits).toBe(1);
      await commits.write(1, insert(3));
      expect(commits.commits).toBe(1);
      await commits.commit();
      expect(commits.commits).toBe(2);
      // Nothing left open: a second commit does nothing.
      await commits.commit();
      expect(commits.commits).toBe(2);
      expect(await kept()).toEqual([1, 2, 3]);
    });

    it('commits once the transaction has been open long enough, whatever its rows', async () => {
      let clock = 0;
      const commits = new GroupedCommits(h.db, { rows: 1_000_000, ms: 1_000 }, () => clock);
      await commits.write(1, insert(1));
      clock = 999;
      await commits.write(1, insert(2));
      expect(commits.commits).toBe(0);
      clock = 1_000;
      await commits.write(1, insert(3));
      expect(commits.commits).toBe(1);
      expect(await kept()).toEqual([1, 2, 3]);
    });

    it('commits every batch with COMMIT_EACH_BATCH (an upload to the running server)', async () => {
      const commits = new GroupedCommits(h.db, COMMIT_EACH_BATCH);
      await commits.write(4000, insert(1));
      await commits.write(1, insert(2));
      expect(commits.commits).toBe(2);
      expect(await kept()).toEqual([1, 2]);
    });

    it('rolls back the open transaction when a batch fails, keeps what was committed, and goes on after', async () => {
      const commits = new GroupedCommits(h.db, { rows: 2, ms: 60_000 });
      await commits.write(2, insert(1));
      await commits.write(1, insert(2));
      const failing = async (trx: Kysely<Database>) => {
        await insert(3)(trx);
        await insert(2)(trx); // already written in this transaction: the primary key refuses it
      };
      await expect(commits.write(1, failing)).rejects.toThrow();
      expect(await kept()).toEqual([1]);
      // The importer stops at a failed batch; the writer itself is usable again.
      await commits.write(1, insert(4));
      await commits.commit();
      expect(await kept()).toEqual([1, 4]);
    });
  });
}
