/**
 * Figures from members' own servers, on both databases: a member's own Harbour pushes its quarter to
 * the consortium's Harbour with its ordinary DHIS2 push (two Harbours in one test, over a real
 * socket); the same set twice changes nothing; the consortium's results say which figure was
 * received and which computed. Then DHIS2's JSON with bad values (each a conflict, the rest kept),
 * the ADX file Harbour exports, malformed ADX, tokens refused, and who may manage tokens.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { enrolClient } from '../clients/registry.js';
import { recordContact } from '../contacts/contacts.js';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { createTestHarbour, DIALECTS } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';

const PROJECT = {
  code: 'RCF-2025',
  name: 'Harm reduction consortium grant',
  donor: 'Robert Carr Fund',
  keeper: 'HRC',
  currency: 'USD',
  start: '2025-01-01',
  end: '2026-12-31',
  totalBudget: '400000',
  members: [
    { code: 'SLN', budget: { staff: '200000' } },
    { code: 'BRC', budget: { staff: '200000' } },
  ],
};

const FRAMEWORK = {
  indicators: [
    {
      code: 'reach',
      objective: 'More people reached',
      result: 'People who use drugs reached',
      name: 'People reached',
      harbour: 'reached',
      targets: { '2025Q3': 10 },
    },
  ],
};

for (const dialect of DIALECTS) {
  describe(`figures from members' own servers (${dialect})`, () => {
    const open: { close(): Promise<unknown> }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0).reverse()) await o.close();
    });

    async function harbour(overrides = {}) {
      const h = await createTestHarbour(dialect, overrides);
      await createDemo(h, { clients: 0 });
      h.setNow('2025-12-31T12:00:00Z');
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ close: () => h.dispose() }, { close: () => app.close() });
      return { h, app };
    }

    async function consortium() {
      const c = await harbour();
      await createStaff(c.h, [['sln-manager', 'programme_manager', 'SLN']]);
      const lead = await signInAs(c.app, 'programme');
      expect((await lead.post('/api/v1/projects', PROJECT)).statusCode).toBe(201);
      expect((await lead.put('/api/v1/projects/RCF-2025/framework', FRAMEWORK)).statusCode).toBe(204);
      return { ...c, lead };
    }

    it("takes a member Harbour's own DHIS2 push, once, and says which figures were received", async () => {
      const c = await consortium();
      await c.app.listen({ port: 0, host: '127.0.0.1' });
      const address = c.app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const issued = await c.lead.post('/api/v1/projects/RCF-2025/tokens', {
        member: 'BRC',
        label: 'Bridges own server',
      });
      expect(issued.statusCode).toBe(201);
      const { token } = issued.json();
      // Only the token's hash is kept.
      const kept = await c.h.db.selectFrom('receiving_tokens').selectAll().execute();
      expect(JSON.stringify(kept)).not.toContain(token);

      // Bridges' own Harbour: three people reached in Jakarta in the third quarter of 2025.
      const m = await harbour({ dhis2AllowPrivate: true });
      await createStaff(m.h, [['brc-me', 'me_officer', 'BRC']]);
      for (const uic of ['AAA0190', 'BBB0191', 'CCC0192']) {
        const client = await enrolClient(m.h, systemActor(), {
          siteCode: 'JKT-DIC',
          uic,
          sex: 'male',
          birthYear: 1990,
          kp: 'pwid',
        });
        await recordContact(m.h, systemActor(), {
          clientId: client.id,
          siteCode: 'JKT-DIC',
          date: '2025-08-05',
          placeType: 'fixed_site',
          items: [{ code: 'syringes', qty: 10 }],
        });
      }
      const me = await signInAs(m.app, 'brc-me');
      const config = await me.put('/api/v1/dhis2/config', {
        orgUnit: 'BRC',
        exact: true,
        mapping: {
          orgUnits: { BRC: 'BRC' },
          dataElements: {
            reached: { dataElement: 'reached', categoryOptionCombos: { '': 'HllvX50cXC0' } },
            'nsp.syringes': { dataElement: 'nsp.syringes', categoryOptionCombos: { '': 'HllvX50cXC0' } },
          },
        },
        server: { url, authKind: 'token', secret: token },
      });
      expect(config.statusCode).toBe(200);
      const dry = (
        await me.post('/api/v1/dhis2/push', { period: '2025Q3', orgUnit: 'BRC', dryRun: true })
      ).json();
      expect(dry.summary).toMatchObject({ status: 'SUCCESS', dryRun: true, imported: 2 });
      expect(await c.h.db.selectFrom('received_values').selectAll().execute()).toEqual([]);
      const first = (
        await me.post('/api/v1/dhis2/push', { period: '2025Q3', orgUnit: 'BRC', dryRun: false })
      ).json();
      expect(first.summary).toMatchObject({ status: 'SUCCESS', imported: 2, updated: 0, ignored: 0 });
      // The same set again changes nothing.
      const again = (
        await me.post('/api/v1/dhis2/push', { period: '2025Q3', orgUnit: 'BRC', dryRun: false })
      ).json();
      expect(again.summary).toMatchObject({ status: 'SUCCESS', imported: 0, updated: 0, ignored: 2 });
      const rows = await c.h.db.selectFrom('received_values').selectAll().orderBy('indicator').execute();
      expect(rows.map((r) => [r.indicator, r.period, r.cell, r.value])).toEqual([
        ['nsp.syringes', '2025Q3', '', 30],
        ['reached', '2025Q3', '', 3],
      ]);

      const results = (await c.lead.get('/api/v1/projects/RCF-2025/results')).json();
      const q3 = results.indicators[0].periods.find((p: { period: string }) => p.period === '2025Q3');
      expect(q3.byMember).toEqual([
        expect.objectContaining({ member: 'SLN', value: 0, source: 'computed', receivedAt: null }),
        expect.objectContaining({
          member: 'BRC',
          value: 3,
          source: 'received',
          receivedAt: expect.any(String),
        }),
      ]);
      expect(q3.achieved).toBe(3);
      const audit = await c.h.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('action', '=', 'project.values_received')
        .execute();
      expect(audit).toHaveLength(2);
      expect(audit[0]!.actor).toBe('token:Bridges own server');

      // A donor viewer of the consortium reads the received small count suppressed, as computed ones.
      const donor = await signInAs(c.app, 'donor');
      const seen = (await donor.get('/api/v1/projects/RCF-2025/results')).json();
      const dq3 = seen.indicators[0].periods.find((p: { period: string }) => p.period === '2025Q3');
      expect(dq3.byMember.find((b: { member: string }) => b.member === 'BRC')).toMatchObject({
        value: '<5',
        source: 'received',
      });
      expect(dq3.achieved).toBeNull();

      // The ADX file Bridges' Harbour exports for the quarter is taken too: the same figures, unchanged.
      const adx = await me.get('/api/v1/reports?period=2025Q3&orgUnit=BRC&format=adx');
      expect(adx.statusCode).toBe(200);
      const sent = await c.app.inject({
        method: 'POST',
        url: '/api/dataValueSets',
        headers: { authorization: `ApiToken ${token}`, 'content-type': 'application/adx+xml' },
        payload: adx.body,
      });
      expect(sent.json().response).toMatchObject({
        status: 'SUCCESS',
        importCount: { imported: 0, updated: 0, ignored: 2 },
      });
    });

    it('keeps the good values of a set and names each bad one as a conflict', async () => {
      const c = await consortium();
      const { token, id } = (
        await c.lead.post('/api/v1/projects/RCF-2025/tokens', {
          member: 'BRC',
          label: 'Bridges DHIS2',
          dataElements: { DE_REACH: 'reached' },
          orgUnits: { OU_JKT: 'ID-JAKARTA' },
        })
      ).json();
      const send = (payload: unknown, headers: Record<string, string> = {}, query = '') =>
        c.app.inject({
          method: 'POST',
          url: `/api/dataValueSets${query}`,
          headers: { authorization: `ApiToken ${token}`, ...headers },
          payload: payload as object,
        });
      const res = await send({
        dataValues: [
          { dataElement: 'DE_REACH', period: '2025Q3', orgUnit: 'BRC', value: '12' },
          { dataElement: 'DE_REACH', period: '2025Q3', orgUnit: 'OU_JKT', value: 7 },
          { dataElement: 'DE_UNKNOWN', period: '2025Q3', orgUnit: 'BRC', value: '1' },
          { dataElement: 'DE_REACH', period: 'Q3-2025', orgUnit: 'BRC', value: '1' },
          { dataElement: 'DE_REACH', period: '2025Q3', orgUnit: 'SLN', value: '1' },
          { dataElement: 'DE_REACH', period: '2025Q3', orgUnit: 'NOWHERE', value: '1' },
          { dataElement: 'reached', period: '2025Q2', orgUnit: 'BRC', value: 'many' },
          { dataElement: 'reached', period: '2025Q3', orgUnit: 'BRC', value: '13' },
        ],
      });
      expect(res.statusCode).toBe(409);
      const body = res.json();
      expect(body.response).toMatchObject({
        status: 'WARNING',
        importCount: { imported: 2, updated: 0, ignored: 6 },
      });
      expect(
        body.response.conflicts.map((x: { property: string; object: string; indexes: number[] }) => [
          x.property,
          x.object,
          x.indexes,
        ]),
      ).toEqual([
        ['dataElement', 'DE_UNKNOWN', [2]],
        ['period', 'Q3-2025', [3]],
        ['orgUnit', 'SLN', [4]],
        ['orgUnit', 'NOWHERE', [5]],
        ['value', 'many', [6]],
        ['dataElement', 'reached', [7]],
      ]);
      const rows = await c.h.db.selectFrom('received_values').select(['value', 'org_unit_id']).execute();
      expect(rows.map((r) => r.value).sort()).toEqual([12, 7]);
      // A changed value is an update.
      const changed = await send({
        dataValues: [{ dataElement: 'DE_REACH', period: '2025Q3', orgUnit: 'BRC', value: '14' }],
      });
      expect(changed.json().response.importCount).toEqual({
        imported: 0,
        updated: 1,
        ignored: 0,
        deleted: 0,
      });
      // The set's period and org unit stand for values that give none; a unit's id here is taken too.
      const brcId = (
        await c.h.db.selectFrom('org_units').select('id').where('code', '=', 'BRC').executeTakeFirstOrThrow()
      ).id;
      const defaults = await send({
        period: '2025Q2',
        orgUnit: brcId,
        dataValues: [{ dataElement: 'DE_REACH', value: '5' }],
      });
      expect(defaults.json().response.importCount.imported).toBe(1);
      await c.h.db.deleteFrom('received_values').where('period', '=', '2025Q2').execute();
      // More than 100,000 values in one set: refused whole.
      const huge = await send({ dataValues: Array.from({ length: 100_001 }, () => ({})) });
      expect(huge.json().response).toMatchObject({ status: 'ERROR', importCount: { imported: 0 } });
      // A dry run keeps nothing.
      await send(
        { dataValues: [{ dataElement: 'DE_REACH', period: '2025Q4', orgUnit: 'BRC', value: '1' }] },
        {},
        '?dryRun=true',
      );
      expect(await c.h.db.selectFrom('received_values').selectAll().execute()).toHaveLength(2);

      // Malformed: not a set, not ADX, a document type declaration — refused whole, never a 500.
      const notSet = await send({ values: [] });
      expect(notSet.statusCode).toBe(409);
      expect(notSet.json().response.description).toContain('dataValues');
      const badAdx = await send('<adx xmlns="urn:ihe:qrph:adx:2015"><group/></adx>', {
        'content-type': 'application/adx+xml',
      });
      expect(badAdx.statusCode).toBe(409);
      expect(badAdx.json().response).toMatchObject({ status: 'ERROR', importCount: { imported: 0 } });
      expect(badAdx.json().response.description).toContain('Not a valid ADX message');
      const entity = await send('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><adx>&e;</adx>', {
        'content-type': 'application/xml',
      });
      expect(entity.json().response.description).toContain('no document type declaration');
      expect((await send({ dataValues: [] }, {}, '?importStrategy=DELETE')).statusCode).toBe(409);

      // Hostile text and numbers in any field of a value: refused or a conflict, never a server error.
      for (const hostile of [
        '\u0000',
        '<script>',
        "'; drop table received_values; --",
        'x'.repeat(5000),
        1e308,
        -1,
        {},
      ])
        for (const field of ['dataElement', 'period', 'orgUnit', 'value', 'categoryOptionCombo'])
          expect(
            (
              await send({
                dataValues: [
                  { dataElement: 'DE_REACH', period: '2025Q4', orgUnit: 'BRC', value: '1', [field]: hostile },
                ],
              })
            ).statusCode,
          ).toBeLessThan(500);

      // Tokens: none, a wrong one, a revoked one — refused alike.
      for (const authorization of ['', 'ApiToken hrt_nope', `Basic ${Buffer.from('a:b').toString('base64')}`])
        expect((await send({ dataValues: [] }, { authorization })).statusCode).toBe(401);
      const sln = await signInAs(c.app, 'sln-manager');
      // A member does not manage tokens; an outsider does not learn the project exists.
      expect((await sln.get('/api/v1/projects/RCF-2025/tokens')).statusCode).toBe(403);
      expect(
        (await sln.request({ method: 'DELETE', url: `/api/v1/projects/RCF-2025/tokens/${id}` })).statusCode,
      ).toBe(403);
      const outreach = await signInAs(c.app, 'staff');
      expect((await outreach.get('/api/v1/projects/RCF-2025/tokens')).statusCode).toBe(403);
      const listed = (await c.lead.get('/api/v1/projects/RCF-2025/tokens')).json().tokens;
      expect(listed).toEqual([
        expect.objectContaining({ id, member: 'BRC', dataElements: { DE_REACH: 'reached' } }),
      ]);
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(
        (await c.lead.request({ method: 'DELETE', url: `/api/v1/projects/RCF-2025/tokens/${id}` }))
          .statusCode,
      ).toBe(204);
      expect((await send({ dataValues: [] })).statusCode).toBe(401);
      // What it sent stays.
      expect(await c.h.db.selectFrom('received_values').selectAll().execute()).toHaveLength(listed[0].values);
      // Issuing for a non-member, with an unknown indicator or a unit outside the member: named.
      const bad = await c.lead.post('/api/v1/projects/RCF-2025/tokens', {
        member: 'BRC',
        label: 'x',
        dataElements: { X: 'no.such' },
        orgUnits: { Y: 'UA-KYIV' },
      });
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
        'dataElements.X',
        'orgUnits.Y',
      ]);
    });
  });
}
