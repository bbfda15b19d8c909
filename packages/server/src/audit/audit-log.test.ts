import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { DEMO_USERS } from '../demo/demo-tree.js';
import { systemActor } from '../identity/actor.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { listAudit } from './audit-query.js';

for (const dialect of DIALECTS) {
  describe(`audit log on ${dialect}`, () => {
    let h: TestHarbour;
    beforeEach(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
    });
    afterEach(async () => h.dispose());

    it('is intact after normal use, one chain per organisation plus the installation', async () => {
      const r = await h.audit.verify(h.db);
      expect(r).toMatchObject({ ok: true, problems: [] });
      expect(r.chains).toBe(3);
      expect(r.entries).toBeGreaterThan(30);
    });

    it('detects a changed entry', async () => {
      const victim = await h.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.created')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      await h.db
        .updateTable('audit_log')
        .set({ actor: 'someone-else' })
        .where('chain', '=', victim.chain)
        .where('seq', '=', victim.seq)
        .execute();
      const r = await h.audit.verify(h.db);
      expect(r.ok).toBe(false);
      expect(r.problems).toContainEqual({
        chain: victim.chain,
        seq: victim.seq,
        problem: expect.stringContaining('changed'),
      });
    });

    it('detects a deleted entry in the middle and one cut from the end', async () => {
      const chain = (
        await h.db.selectFrom('audit_chains').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow()
      ).chain;
      await h.db.deleteFrom('audit_log').where('chain', '=', chain).where('seq', '=', 3).execute();
      let r = await h.audit.verify(h.db);
      expect(r.problems).toContainEqual({ chain, seq: 3, problem: expect.stringContaining('missing') });

      const h2 = await createTestHarbour(dialect);
      try {
        await createDemo(h2, { clients: 0 });
        const head = await h2.db
          .selectFrom('audit_chains')
          .selectAll()
          .where('chain', '=', chain === 'system' ? 'system' : chain)
          .executeTakeFirst();
        const target = head ?? (await h2.db.selectFrom('audit_chains').selectAll().executeTakeFirstOrThrow());
        await h2.db
          .deleteFrom('audit_log')
          .where('chain', '=', target.chain)
          .where('seq', '=', target.seq)
          .execute();
        r = await h2.audit.verify(h2.db);
        expect(r.ok).toBe(false);
        expect(r.problems[0]!.problem).toMatch(/removed from the end/);
      } finally {
        await h2.dispose();
      }
    });

    it('detects an entry forged with a recomputed plain hash', async () => {
      // Someone with database access but without the key file cannot produce a valid keyed hash.
      const row = await h.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('chain')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      const { createHash } = await import('node:crypto');
      await h.db
        .updateTable('audit_log')
        .set({ details: '{}', hash: createHash('sha256').update('forged').digest('hex') })
        .where('chain', '=', row.chain)
        .where('seq', '=', row.seq)
        .execute();
      await h.db
        .updateTable('audit_chains')
        .set({ head_hash: createHash('sha256').update('forged').digest('hex') })
        .where('chain', '=', row.chain)
        .execute();
      expect((await h.audit.verify(h.db)).ok).toBe(false);
    });

    it('detects, through the anchors, the newest entries cut off with the head rewound to a genuine earlier state', async () => {
      await h.anchors.write(h.db, h.now());
      // An attacker with the database only: a rights case read is the newest entry of SLN's chain…
      const sln = (
        await h.db.selectFrom('org_units').select('id').where('code', '=', 'SLN').executeTakeFirstOrThrow()
      ).id;
      await h.audit.append(h.db, {
        actorId: null,
        actor: 'rights',
        action: 'rights.case_read',
        entityType: 'rights_case',
        orgId: sln,
      });
      await h.anchors.write(h.db, h.now());
      const head = await h.db
        .selectFrom('audit_chains')
        .selectAll()
        .where('chain', '=', sln)
        .executeTakeFirstOrThrow();
      const previous = await h.db
        .selectFrom('audit_log')
        .select('hash')
        .where('chain', '=', sln)
        .where('seq', '=', head.seq - 1)
        .executeTakeFirstOrThrow();
      // …is deleted, and the head rewound to the entry before: the chain alone looks whole.
      await h.db.deleteFrom('audit_log').where('chain', '=', sln).where('seq', '=', head.seq).execute();
      await h.db
        .updateTable('audit_chains')
        .set({ seq: head.seq - 1, head_hash: previous.hash })
        .where('chain', '=', sln)
        .execute();
      expect((await h.audit.verify(h.db)).ok).toBe(true);
      const r = await h.audit.verify(h.db, { anchors: h.anchors });
      expect(r.ok).toBe(false);
      expect(r.problems).toContainEqual({
        chain: sln,
        seq: head.seq,
        problem: expect.stringContaining('cut from the end'),
      });
    });

    it("detects a whole organisation's chain deleted, with or without anchors", async () => {
      await h.anchors.write(h.db, h.now());
      const org = (
        await h.db.selectFrom('org_units').select('id').where('code', '=', 'SLN').executeTakeFirstOrThrow()
      ).id;
      await h.db.deleteFrom('audit_log').where('chain', '=', org).execute();
      await h.db.deleteFrom('audit_chains').where('chain', '=', org).execute();
      const plain = await h.audit.verify(h.db);
      expect(plain.problems).toContainEqual({
        chain: org,
        seq: 0,
        problem: expect.stringContaining('SLN has no audit chain'),
      });
      const anchored = await h.audit.verify(h.db, { anchors: h.anchors });
      expect(anchored.problems).toContainEqual(
        expect.objectContaining({ chain: org, problem: expect.stringContaining('whole chain was removed') }),
      );
    });

    it('refuses an anchor line edited without the key, and checks an exported copy', async () => {
      await h.anchors.write(h.db, h.now());
      const text = readFileSync(h.anchors.file, 'utf8');
      expect(text).not.toMatch(/harbour-demo|Kyiv/);
      const lines = text.trim().split('\n');
      const forged = JSON.parse(lines[0]!) as { seq: number };
      forged.seq -= 1;
      writeFileSync(h.anchors.file, `${[JSON.stringify(forged), ...lines.slice(1)].join('\n')}\n`);
      const r = await h.audit.verify(h.db, { anchors: h.anchors, exportedAnchors: text });
      expect(r.problems).toEqual([expect.objectContaining({ problem: 'anchor line 1 was altered' })]);
    });

    it('keeps audit rows and the change they record in one transaction', async () => {
      const before = Number(
        (await sql<{ n: number }>`select count(*) as n from audit_log`.execute(h.db)).rows[0]!.n,
      );
      await expect(
        h.db.transaction().execute(async (trx) => {
          await h.audit.append(trx, { actorId: null, actor: 'test', action: 'x.done', entityType: 'x' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const after = Number(
        (await sql<{ n: number }>`select count(*) as n from audit_log`.execute(h.db)).rows[0]!.n,
      );
      expect(after).toBe(before);
      expect((await h.audit.verify(h.db)).ok).toBe(true);
    });

    it('lists entries newest first, filtered, for an admin', async () => {
      const r = await listAudit(h, systemActor(), { action: 'user.', limit: 5 });
      // Every demo user created, and the rights responder's role also as a sensitive grant.
      expect(r.total).toBe(DEMO_USERS.length + 1);
      expect(r.entries).toHaveLength(5);
      expect(r.entries[0]!.details).toHaveProperty('username');
    });
  });
}
