import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordContact } from '../contacts/contacts.js';
import { createDemo } from '../demo/demo.js';
import type { Actor } from '../identity/actor.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { listDuplicatePairs, markDistinct, mergePair, undoMerge } from './duplicates.js';
import { enrolClient, lookupClient } from './registry.js';
import { clientTimeline } from './timeline.js';

for (const dialect of DIALECTS) {
  describe(`probable duplicates and merges on ${dialect}`, () => {
    let h: TestHarbour;
    let staff: Actor;
    let manager: Actor;
    beforeEach(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      staff = await actorFor(h.db, 'staff');
      manager = await actorFor(h.db, 'manager');
    });
    afterEach(async () => h.dispose());

    it('flags codes one character apart at the same site, but not different people', async () => {
      const a = await enrolClient(h, staff, {
        siteCode: 'KYIV-DIC',
        uic: 'PUM3181',
        sex: 'male',
        birthYear: 1981,
      });
      const typo = await enrolClient(h, staff, {
        siteCode: 'KYIV-DIC',
        uic: 'PUM3161',
        sex: 'male',
        birthYear: 1981,
      });
      await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUF3181', sex: 'female', birthYear: 1981 }); // recorded sex differs
      await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3182', sex: 'male', birthYear: 1962 }); // years far apart
      await enrolClient(h, manager, { siteCode: 'KYIV-OST', uic: 'PUM3180', sex: 'male', birthYear: 1981 }); // another site
      const pairs = await listDuplicatePairs(h, manager);
      expect(pairs).toHaveLength(1);
      expect([pairs[0]!.a.id, pairs[0]!.b.id].sort()).toEqual([a.id, typo.id].sort());
      expect(pairs[0]!.reason).toBe('char:6');
      expect(JSON.stringify(pairs)).not.toContain('PUM');
      expect(await listDuplicatePairs(h, await actorFor(h.db, 'jakarta'))).toEqual([]);
    });

    it('merges a pair (history moves, reports count one person), and undoes the merge', async () => {
      const a = await enrolClient(h, staff, {
        siteCode: 'KYIV-DIC',
        uic: 'PUM3181',
        sex: 'male',
        birthYear: 1981,
      });
      const b = await enrolClient(h, staff, {
        siteCode: 'KYIV-DIC',
        uic: 'PUM3161',
        sex: 'unknown',
        kp: 'pwid',
      });
      await recordContact(h, staff, {
        clientId: a.id,
        siteCode: 'KYIV-DIC',
        date: '2026-03-01',
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 5 }],
      });
      await recordContact(h, staff, {
        clientId: b.id,
        siteCode: 'KYIV-DIC',
        date: '2026-02-01',
        placeType: 'fixed_site',
        items: [{ code: 'syringes', qty: 7 }],
      });
      const [pair] = await listDuplicatePairs(h, manager);
      const { mergeId } = await mergePair(h, manager, pair!.id, a.id);
      const survivor = await h.db
        .selectFrom('clients')
        .selectAll()
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(survivor).toMatchObject({ kp: 'pwid', sex: 'male', first_contact_date: '2026-02-01' });
      expect((await clientTimeline(h, staff, a.id)).contacts).toHaveLength(2);
      // The merged client's code now leads to the survivor.
      expect((await lookupClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3161' })).matches).toEqual([]);
      const recorded = await recordContact(h, staff, {
        clientId: b.id,
        siteCode: 'KYIV-DIC',
        date: '2026-03-02',
        placeType: 'fixed_site',
        items: [{ code: 'iec' }],
      });
      expect(
        (
          await h.db
            .selectFrom('contacts')
            .select('client_id')
            .where('id', '=', recorded.id)
            .executeTakeFirstOrThrow()
        ).client_id,
      ).toBe(a.id);
      expect(await listDuplicatePairs(h, manager)).toEqual([]);
      await expect(mergePair(h, manager, pair!.id, a.id)).rejects.toMatchObject({ status: 409 });
      await undoMerge(h, manager, mergeId);
      expect(
        (
          await h.db
            .selectFrom('clients')
            .select('merged_into')
            .where('id', '=', b.id)
            .executeTakeFirstOrThrow()
        ).merged_into,
      ).toBeNull();
      expect(await listDuplicatePairs(h, manager)).toHaveLength(1);
      await expect(undoMerge(h, manager, mergeId)).rejects.toMatchObject({ status: 409 });
      const actions = (await h.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['client.merged', 'client.unmerged']));
      await expect(mergePair(h, staff, pair!.id, a.id)).rejects.toMatchObject({ status: 404 });
    });

    it('enrols a different person who shares a code under the next suffix, found by code and suffix', async () => {
      const first = await enrolClient(h, staff, {
        siteCode: 'KYIV-DIC',
        uic: 'PUM3181',
        sex: 'male',
        birthYear: 1981,
      });
      const second = await enrolClient(h, staff, {
        siteCode: 'KYIV-DIC',
        uic: 'PUM3181',
        sex: 'female',
        birthYear: 1990,
        differentPersonSameCode: true,
      });
      expect(second.suffix).toBe(2);
      expect(
        (await lookupClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181' })).matches.map((m) => m.suffix),
      ).toEqual([0, 2]);
      expect(
        (await lookupClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181/2' })).matches.map((m) => m.id),
      ).toEqual([second.id]);
      void first;
    });

    it('marks a pair as different people', async () => {
      await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      await enrolClient(h, staff, { siteCode: 'KYIV-DIC', uic: 'PUM3161', sex: 'male' });
      const [pair] = await listDuplicatePairs(h, manager);
      expect(await markDistinct(h, manager, pair!.id)).toEqual({ suffixGiven: null });
      expect(await listDuplicatePairs(h, manager)).toEqual([]);
      expect(await listDuplicatePairs(h, manager, 'distinct')).toHaveLength(1);
    });
  });
}
