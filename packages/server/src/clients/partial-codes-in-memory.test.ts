import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { createTestHarbour, disposedAfterEach, type TestHarbour } from '../test-support/dialects.js';
import { PartialCodesInMemory } from './partial-codes-in-memory.js';

const rows = (h: TestHarbour) =>
  sql<{
    rowid: number;
    org_id: string;
    hash: string;
    client_id: string;
  }>`select rowid, org_id, hash, client_id
    from client_uic_partials order by rowid`
    .execute(h.db)
    .then((r) => r.rows);

describe('partial codes in memory, for a bulk load on SQLite', () => {
  const made = disposedAfterEach();
  const programme = async () => {
    const h = await createTestHarbour('sqlite');
    made.push(h);
    h.setNow('2026-03-10T12:00:00Z');
    await createDemo(h, { clients: 40, contacts: 80 });
    return h;
  };

  it('finds every row by its organisation and hash, through several doublings', async () => {
    const h = await programme();
    const all = await rows(h);
    expect(all.length).toBeGreaterThan(200);
    const memory = new PartialCodesInMemory(4);
    await memory.catchUp(h.db);
    expect(memory.size).toBe(all.length);
    expect(memory.usable).toBe(true);
    for (const r of all) expect(memory.candidates([r])).toContain(r.rowid);
    // Asked for many at once: each row once.
    const found = memory.candidates(all);
    expect(found.sort((a, b) => a - b)).toEqual(all.map((r) => r.rowid));
  });

  it('rarely offers a row that does not hold the pair asked (the caller checks)', async () => {
    const h = await programme();
    const all = await rows(h);
    const memory = new PartialCodesInMemory();
    await memory.catchUp(h.db);
    const absent = Array.from({ length: 5000 }, (_, i) => ({ org_id: all[0]!.org_id, hash: `absent-${i}` }));
    expect(memory.candidates(absent).length).toBeLessThanOrEqual(3);
    const otherOrg = all.map((r) => ({ org_id: `${r.org_id}-elsewhere`, hash: r.hash }));
    expect(memory.candidates(otherOrg).length).toBeLessThanOrEqual(3);
  });

  it('learns rows another writer added since it last looked, and only those', async () => {
    const h = await programme();
    const memory = new PartialCodesInMemory(8);
    await memory.catchUp(h.db);
    const before = memory.size;
    const [first] = await rows(h);
    // As a server enrolling a client while the import runs would: rows the load did not write.
    await h.db
      .insertInto('client_uic_partials')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          client_id: first!.client_id,
          org_id: first!.org_id,
          part: 100 + i,
          hash: `elsewhere-${i}`,
        })),
      )
      .execute();
    const wanted = { org_id: first!.org_id, hash: 'elsewhere-29' };
    expect(memory.candidates([wanted])).toEqual([]);
    await memory.catchUp(h.db);
    expect(memory.size).toBe(before + 30);
    const [added] = (await rows(h)).filter((r) => r.hash === 'elsewhere-29');
    expect(memory.candidates([wanted])).toEqual([added!.rowid]);
    // Nothing new: nothing learnt twice.
    await memory.catchUp(h.db);
    expect(memory.size).toBe(before + 30);
  });

  it('stops answering when a rowid does not fit its slots, so the caller reads the table', async () => {
    const h = await programme();
    const memory = new PartialCodesInMemory();
    await memory.catchUp(h.db);
    const [first] = await rows(h);
    await sql`insert into client_uic_partials (rowid, client_id, org_id, part, hash)
      values (${2 ** 32}, ${first!.client_id}, ${first!.org_id}, 200, 'far')`.execute(h.db);
    await memory.catchUp(h.db);
    expect(memory.usable).toBe(false);
  });
});
