import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { createTestHarbour, type TestHarbour } from '../test-support/dialects.js';

// SQLite only: `PRAGMA optimize` and sqlite_stat1 are SQLite's planner statistics; PostgreSQL's
// come from ANALYZE, which the import runs at its end.
describe('query planner statistics (SQLite)', () => {
  let h: TestHarbour;
  beforeAll(async () => {
    h = await createTestHarbour('sqlite');
    await createDemo(h, { clients: 300, contacts: 3000 });
  });
  afterAll(() => h.dispose());

  it('gathers them for a database that never had any, so reports use their covering indexes', async () => {
    const before = await sql<{
      n: number;
    }>`select count(*) as n from sqlite_schema where name = 'sqlite_stat1'`.execute(h.db);
    expect(Number(before.rows[0]!.n)).toBe(0);
    h.store.refreshStatistics();
    const stats = await sql<{ idx: string }>`select idx from sqlite_stat1 where tbl = 'clients'`.execute(
      h.db,
    );
    expect(stats.rows.map((r) => r.idx)).toContain('clients_report');
    const plan = await sql<{ detail: string }>`explain query plan
      select c.sex, c.birth_year from client_quarter q join clients c on c.id = q.person_id
      where q.org_id = 'x' and q.quarter = '2026Q1'`.execute(h.db);
    expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/COVERING INDEX clients_report/);
  });
});
