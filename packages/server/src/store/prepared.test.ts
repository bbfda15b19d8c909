import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { prepared } from './prepared.js';

for (const dialect of DIALECTS) {
  describe(`prepared queries (${dialect})`, () => {
    let h: TestHarbour;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
    });
    afterAll(() => h.dispose());

    it('compiles once and answers each call with its own arguments, in and out of transactions', async () => {
      let built = 0;
      const unitByCode = prepared((db, code: string) => {
        built++;
        return db.selectFrom('org_units').select(['code', 'name']).where('code', '=', code);
      });
      const codes = (await h.db.selectFrom('org_units').select('code').limit(3).execute()).map((r) => r.code);
      for (const code of codes) expect((await unitByCode(h.db, code)).map((r) => r.code)).toEqual([code]);
      await h.db.transaction().execute(async (trx) => {
        expect(await unitByCode(trx, codes[1]!)).toHaveLength(1);
      });
      expect(await unitByCode(h.db, 'NO-SUCH-UNIT')).toEqual([]);
      expect(built).toBe(1);
    });

    it.runIf(dialect === 'postgres')(
      'runs on PostgreSQL as a named statement, parsed once per connection; other queries stay unnamed',
      async () => {
        const unitName = prepared((db, code: string) =>
          db.selectFrom('org_units').select('name').where('code', '=', code),
        );
        const named = await h.db.connection().execute(async (conn) => {
          await unitName(conn, 'NO-SUCH-UNIT');
          await unitName(conn, 'NO-SUCH-UNIT-EITHER');
          await conn.selectFrom('org_units').select('id').where('name', '=', 'unmarked').execute();
          return (
            await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn)
          ).rows.map((r) => r.statement);
        });
        expect(named.filter((t) => t.includes('select "name" from "org_units"'))).toHaveLength(1);
        expect(named.some((t) => t.includes('"name" = $1'))).toBe(false);
      },
    );

    it('refuses a builder whose parameters are not exactly its arguments', async () => {
      const extra = prepared((db, code: string) =>
        db.selectFrom('org_units').select('code').where('code', '=', code).where('level', '=', 2),
      );
      await expect(extra(h.db, 'X')).rejects.toThrow('exactly its arguments');
      const swapped = prepared((db, a: string, b: string) =>
        db.selectFrom('org_units').select('code').where('code', '=', b).where('name', '=', a),
      );
      await expect(swapped(h.db, 'A', 'B')).rejects.toThrow('exactly its arguments');
    });
  });
}
