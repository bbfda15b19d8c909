/**
 * An organisation created before keys per organisation moves onto its own key: its phones get the
 * new key at once, and each client is re-keyed when their code next arrives — by a lookup, an
 * enrolment in the console or from a phone, a register import or a rights case — and is found, never
 * enrolled twice. Both databases.
 */

import { createHmac } from 'node:crypto';
import { formatHlc, uuidv7 } from '@harbour/core';
import { describe, expect, it } from 'vitest';
import { enrolClient, lookupClient } from '../clients/registry.js';
import { createDemo } from '../demo/demo.js';
import { generateRegister, REGISTER_HEADER, registerCsvLine } from '../demo/programme-generator.js';
import { systemActor } from '../identity/actor.js';
import { findUnitByCode } from '../org/org-units.js';
import { importRegister } from '../register-import/importer.js';
import { bufferSource } from '../register-import/read-rows.js';
import { createCase } from '../rights/cases.js';
import { putSetting } from '../settings/settings.js';
import { enrolDevice } from '../sync/devices.js';
import { pushItems } from '../sync/push.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, disposedAfterEach } from '../test-support/dialects.js';
import { UIC_KEY_SETTING, UicHasher } from './uic-hasher.js';
import { rekeyStatus, startRekey } from './uic-rekey.js';

/** What the field app computes on the phone (packages/web/src/field/uic-hash.ts). */
const phoneHash = (key: string, code: string) =>
  createHmac('sha256', Buffer.from(key, 'base64url')).update(`uic\u0000${code}`).digest('base64url');

const CODES = ['ANA1985', 'BOR1979', 'CHE1990', 'DAN1988', 'EVA1992', 'FED1975'];

for (const dialect of DIALECTS) {
  describe(`moving an organisation onto its own UIC key on ${dialect}`, () => {
    const cleanup = disposedAfterEach();

    it('re-keys each client as their code arrives, finds every one, enrols nobody twice', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      h.setNow('2026-11-20T10:00:00Z');
      await createDemo(h, { clients: 0 });
      const cli = systemActor('test');
      const orgId = (await findUnitByCode(h.db, 'ODESA-PORT'))!.org_id!;
      // An organisation as migration 0010 left it: every code hashed with the installation's key.
      await putSetting(h.db, UIC_KEY_SETTING, 'installation', h.now(), orgId);
      h.uic.forget(orgId);
      const clients = new Map<string, string>();
      for (const code of CODES)
        clients.set(code, (await enrolClient(h, cli, { siteCode: 'KYIV-DIC', uic: code, sex: 'male' })).id);
      const other = await enrolClient(h, cli, { siteCode: 'JKT-DIC', uic: 'ANA1985', sex: 'female' });
      const outreach = await actorFor(h.db, 'outreach');
      const oldPhone = await enrolDevice(h, outreach, {
        name: 'old',
        siteCode: 'ODESA-PORT',
        appVersion: 't',
      });
      expect(Buffer.from(oldPhone.uicKey, 'base64url').equals(h.keys.uic)).toBe(true);
      const installation = new UicHasher(h.keys.uic);
      const row = async (id: string) =>
        h.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const partials = async (id: string) =>
        (
          await h.db
            .selectFrom('client_uic_partials')
            .select('hash')
            .where('client_id', '=', id)
            .orderBy('part')
            .execute()
        ).map((p) => p.hash);
      expect((await row(clients.get('ANA1985')!)).uic_hash).toBe(installation.hash('ANA1985'));

      h.setNow('2026-11-21T10:00:00Z');
      const started = await startRekey(h, cli, orgId);
      expect(started).toMatchObject({ scheme: 'migrating', clients: 6, pending: 6, phonesWithOldKey: 1 });
      expect(await startRekey(h, cli, orgId)).toMatchObject({ scheme: 'migrating', pending: 6 });

      // A phone enrolled now holds the organisation's own key, not the installation's.
      const newPhone = await enrolDevice(h, outreach, {
        name: 'new',
        siteCode: 'ODESA-PORT',
        appVersion: 't',
      });
      expect(Buffer.from(newPhone.uicKey, 'base64url').equals(h.keys.uic)).toBe(false);
      const mine = await h.uic.forOrg(orgId);

      // 1. A lookup finds the client and moves them: hash and partial codes under the new key.
      const a = clients.get('ANA1985')!;
      expect(
        (await lookupClient(h, cli, { siteCode: 'KYIV-DIC', uic: 'ANA1985' })).matches.map((m) => m.id),
      ).toEqual([a]);
      expect((await row(a)).uic_hash).toBe(phoneHash(newPhone.uicKey, 'ANA1985'));
      expect(await partials(a)).toEqual(mine.partials('ANA1985'));
      // Another organisation's client with the same code is untouched.
      expect((await row(other.id)).uic_hash).not.toBe((await row(a)).uic_hash);
      const otherBefore = (await row(other.id)).uic_hash;

      // 2. Enrolling a client again in the console is refused: they are found under the old key.
      await expect(
        enrolClient(h, cli, { siteCode: 'KYIV-DIC', uic: 'BOR1979', sex: 'male' }),
      ).rejects.toMatchObject({ status: 409 });

      // 3. A phone's offline enrolment of an existing client converges on them.
      const device = await h.db
        .selectFrom('devices')
        .selectAll()
        .where('id', '=', newPhone.deviceId)
        .executeTakeFirstOrThrow();
      const pushed = await pushItems(
        h,
        { device, actor: outreach },
        {
          items: [
            {
              kind: 'client.enrol',
              id: uuidv7(),
              siteCode: 'ODESA-PORT',
              uic: 'CHE1990',
              sex: 'male',
              birthYear: 1990,
              kp: 'pwid',
              at: formatHlc({ ms: h.now().getTime(), counter: 0, node: 'phone1' }),
            },
          ],
        },
      );
      expect(pushed.results[0]?.status, JSON.stringify(pushed.results)).toBe('accepted');
      expect((await row(clients.get('CHE1990')!)).uic_hash).toBe(mine.hash('CHE1990'));

      // 4. A register row with a code already enrolled lands on that client.
      const [rec] = [
        ...generateRegister({
          seed: 4,
          clients: 1,
          contacts: 1,
          sites: ['KYIV-DIC'],
          start: '2026-10-01',
          months: 1,
        }),
      ];
      const csv = `${REGISTER_HEADER.join(',')}\n${registerCsvLine({ ...rec!, uic: 'DAN1988' })}\n`;
      const imported = await importRegister(h, cli, bufferSource('r.csv', Buffer.from(csv)));
      expect(imported.imported).toBe(1);
      const contactOf = await h.db
        .selectFrom('contacts')
        .select('client_id')
        .where('client_id', '=', clients.get('DAN1988')!)
        .execute();
      expect(contactOf).toHaveLength(1);

      // 5. A rights case linked by code finds the client.
      const responder = await actorFor(h.db, 'rights');
      const rightsCase = await createCase(h, responder, {
        siteCode: 'ODESA-PORT',
        placeCode: 'UA-ODESA',
        occurredOn: '2026-11-02',
        channel: 'outreach',
        person: { sex: 'male', ageBand: '25-34', kp: 'pwid' },
        uic: 'EVA1992',
        consent: { record: true, advocacy: false, contact: false },
        acts: [{ violation: 'extortion', perpetrator: 'police' }],
      });
      const linked = await h.db
        .selectFrom('rights_cases')
        .select('client_id')
        .where('id', '=', rightsCase.id)
        .executeTakeFirstOrThrow();
      expect(linked.client_id).toBe(clients.get('EVA1992'));

      // Nobody enrolled twice; BOR1979 (refused enrolment) and FED1975 (never seen) still pending.
      const count = await h.db
        .selectFrom('clients')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(6);
      expect(await rekeyStatus(h, orgId)).toMatchObject({ scheme: 'migrating', clients: 6, pending: 2 });
      // FED1975, whose code has not come back, is still found when it does.
      expect(
        (await lookupClient(h, cli, { siteCode: 'ODESA-PORT', uic: 'FED1975' })).matches.map((m) => m.id),
      ).toEqual([clients.get('FED1975')]);
      expect(await rekeyStatus(h, orgId)).toMatchObject({ pending: 1 });
      expect((await row(other.id)).uic_hash).toBe(otherBefore);
      const audited = await h.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'in', ['uic.rekey_started', 'uic.clients_rekeyed'])
        .execute();
      expect(audited.filter((e) => e.action === 'uic.rekey_started')).toHaveLength(1);
      expect(audited.filter((e) => e.action === 'uic.clients_rekeyed').length).toBeGreaterThanOrEqual(5);
    });

    it('has nothing to move for an organisation with its own key', async () => {
      const h = await createTestHarbour(dialect);
      cleanup.push(h);
      await createDemo(h, { clients: 0 });
      const orgId = (await findUnitByCode(h.db, 'KYIV-DIC'))!.org_id!;
      expect(await startRekey(h, systemActor('test'), orgId)).toMatchObject({
        scheme: 'organisation',
        pending: 0,
        phonesWithOldKey: 0,
      });
    });
  });
}
