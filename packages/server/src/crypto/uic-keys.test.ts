/**
 * Client codes hashed with a key per organisation: a phone holds only its own organisation's key,
 * which says nothing about another organisation's hashes; organisations that existed before keys
 * per organisation keep the installation's key (their hashes cannot be re-made without the codes).
 */

import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrolClient } from '../clients/registry.js';
import { createDemo } from '../demo/demo.js';
import { systemActor } from '../identity/actor.js';
import { openStore } from '../store/database.js';
import { migrate } from '../store/migration.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { enrolDevice } from '../sync/devices.js';
import { actorFor } from '../test-support/actors.js';
import {
  createTestDatabase,
  createTestHarbour,
  DIALECTS,
  disposedAfterEach,
} from '../test-support/dialects.js';
import { UicHasher, UicKeys } from './uic-hasher.js';

/** What the field app computes on the phone (packages/web/src/field/uic-hash.ts). */
const phoneHash = (key: string, code: string) =>
  createHmac('sha256', Buffer.from(key, 'base64url')).update(`uic\u0000${code}`).digest('base64url');

for (const dialect of DIALECTS) {
  describe(`UIC keys per organisation on ${dialect}`, () => {
    const cleanup = disposedAfterEach();

    it('hashes the same code differently in two organisations; a phone finds only its own', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      const cli = systemActor('test');
      const kyiv = await enrolClient(h, cli, { siteCode: 'KYIV-DIC', uic: 'PUM3181', sex: 'male' });
      const jakarta = await enrolClient(h, cli, { siteCode: 'JKT-DIC', uic: 'PUM3181', sex: 'male' });
      const hashOf = async (id: string) =>
        (await h.db.selectFrom('clients').select('uic_hash').where('id', '=', id).executeTakeFirstOrThrow())
          .uic_hash;
      expect(await hashOf(kyiv.id)).not.toBe(await hashOf(jakarta.id));
      expect(await hashOf(kyiv.id)).not.toBe(new UicHasher(h.keys.uic).hash('PUM3181'));

      const phone = await enrolDevice(h, await actorFor(h.db, 'outreach'), {
        name: 'p',
        siteCode: 'ODESA-PORT',
        appVersion: 't',
      });
      expect(Buffer.from(phone.uicKey, 'base64url').equals(h.keys.uic)).toBe(false);
      expect(phoneHash(phone.uicKey, 'PUM3181')).toBe(await hashOf(kyiv.id));
      expect(phoneHash(phone.uicKey, 'PUM3181')).not.toBe(await hashOf(jakarta.id));
      // Found by code again, at any of the organisation's sites.
      const { lookupClient } = await import('../clients/registry.js');
      expect(
        (await lookupClient(h, cli, { siteCode: 'ODESA-PORT', uic: 'PUM3181' })).matches.map((m) => m.id),
      ).toEqual([kyiv.id]);
    });

    it('keeps the installation key for organisations that existed before (migration 0010), and gives new ones their own', async () => {
      const tdb = await createTestDatabase(dialect);
      cleanup.push(tdb);
      const store = openStore(tdb.url);
      try {
        await migrate(
          store.db,
          dialect,
          MIGRATIONS.slice(
            0,
            MIGRATIONS.findIndex((m) => m.name.startsWith('0010')),
          ),
        );
        const at = '2026-01-01T00:00:00.000Z';
        const unit = (
          id: string,
          code: string,
          level: number,
          org: string | null,
          path: string,
          parent: string | null,
        ) => ({
          id,
          code,
          name: code,
          level,
          org_id: org,
          path,
          parent_id: parent,
          created_at: at,
          updated_at: at,
        });
        const [root, old, country] = [
          '0190e000-0000-7000-8000-000000000001',
          '0190e000-0000-7000-8000-000000000002',
          '0190e000-0000-7000-8000-000000000003',
        ];
        await store.db
          .insertInto('org_units')
          .values([
            unit(root!, 'ROOT', 1, null, `/${root}/`, null),
            unit(old!, 'OLD', 2, old!, `/${root}/${old}/`, root!),
            unit(country!, 'C', 3, old!, `/${root}/${old}/${country}/`, old!),
          ])
          .execute();
        await migrate(store.db, dialect, MIGRATIONS);
        const marked = await store.db
          .selectFrom('settings')
          .select(['org_id', 'value'])
          .where('key', '=', 'uic.key')
          .execute();
        expect(marked).toEqual([{ org_id: old, value: '"installation"' }]);
        const installationKey = randomBytes(32);
        const keys = new UicKeys(installationKey, store.db);
        expect((await keys.forOrg(old!)).hash('PUM3181')).toBe(
          new UicHasher(installationKey).hash('PUM3181'),
        );
        expect((await keys.keyFor(old!)).equals(installationKey)).toBe(true);
        const created = '0190e000-0000-7000-8000-000000000004';
        expect((await keys.forOrg(created)).hash('PUM3181')).not.toBe(
          new UicHasher(installationKey).hash('PUM3181'),
        );
      } finally {
        await store.close();
      }
    });
  });
}
