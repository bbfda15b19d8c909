/**
 * DHIS2 set-up and push through the API, against a local stand-in for DHIS2's /api/dataValueSets
 * (no DHIS2 server can run here): the secret is sealed and never returned, the push is suppressed
 * unless the mapping says the DHIS2 is the programme's own, and conflicts come back to the caller.
 */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolClient } from '../clients/registry.js';
import { recordContact } from '../contacts/contacts.js';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { createTestHarbour, type TestHarbour } from '../test-support/dialects.js';
import { type FakeDhis2, startFakeDhis2 } from '../test-support/fake-dhis2.js';
import { type Client, signInAs } from '../test-support/http.js';

describe('DHIS2 set-up and push through the API', () => {
  let h: TestHarbour;
  let app: FastifyInstance;
  let dhis2: FakeDhis2;
  let me: Client;
  const secret = 'district-Secret-42';

  beforeAll(async () => {
    h = await createTestHarbour('sqlite', { dhis2AllowPrivate: true });
    await createDemo(h, { clients: 0 });
    h.setNow('2026-11-23T12:00:00Z');
    const cli = systemActor();
    // Three people, six contacts in October at a Kyiv site.
    for (const uic of ['AAA0190', 'BBB0191', 'CCC0192']) {
      const c = await enrolClient(h, cli, {
        siteCode: 'KYIV-DIC',
        uic,
        sex: 'male',
        birthYear: 1990,
        kp: 'pwid',
      });
      for (const date of ['2026-10-05', '2026-10-19'])
        await recordContact(h, cli, {
          clientId: c.id,
          siteCode: 'KYIV-DIC',
          date,
          placeType: 'fixed_site',
          items: [{ code: 'syringes', qty: 10 }],
        });
    }
    dhis2 = await startFakeDhis2({
      dataElements: ['DE_REACHED', 'DE_CONTACTS'],
      orgUnits: ['OU_KYIV'],
      categoryOptionCombos: ['COC_DEFAULT'],
      username: 'hmis',
      password: secret,
      dataSets: {
        HRdataSet01: {
          name: 'Harm reduction (quarterly)',
          dataElements: [
            {
              id: 'DE_REACHED',
              name: 'KP_PREV people reached',
              categoryOptionCombos: [
                { id: 'COC_F', name: 'Female' },
                { id: 'COC_DEFAULT', name: 'default' },
              ],
            },
            {
              id: 'DE_CONTACTS',
              name: 'Contacts',
              categoryOptionCombos: [{ id: 'COC_DEFAULT', name: 'default' }],
            },
          ],
          orgUnits: [{ id: 'OU_KYIV', name: 'Kyiv city', code: 'UA-KYIV' }],
        },
      },
    });
    app = await buildApp(h, { webDist: '/nonexistent' });
    me = await signInAs(app, 'meofficer');
  });
  afterAll(async () => {
    await app.close();
    await dhis2.close();
    await h.dispose();
  });

  const mapping = {
    orgUnits: { 'UA-KYIV': 'OU_KYIV' },
    dataElements: {
      reached: { dataElement: 'DE_REACHED', categoryOptionCombos: { '': 'COC_DEFAULT' } },
      contacts: { dataElement: 'DE_CONTACTS', categoryOptionCombos: { '': 'COC_DEFAULT' } },
      'nsp.syringes': { dataElement: 'DE_UNKNOWN_TO_DHIS2', categoryOptionCombos: { '': 'COC_DEFAULT' } },
    },
  };

  it('keeps the password sealed and never returns it', async () => {
    const res = await me.put('/api/v1/dhis2/config', {
      orgUnit: 'SLN',
      mapping,
      server: { url: `${dhis2.url}/`, authKind: 'basic', username: 'hmis', secret },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    expect(res.json().server).toEqual({
      url: dhis2.url,
      authKind: 'basic',
      username: 'hmis',
      hasSecret: true,
    });
    const settings = await h.db.selectFrom('settings').select(['key', 'value']).execute();
    expect(JSON.stringify(settings)).not.toContain(secret);
    const audit = await h.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('names a bad mapping field', async () => {
    const res = await me.put('/api/v1/dhis2/config', {
      orgUnit: 'SLN',
      mapping: { dataElements: { 'no.such.indicator': { dataElement: 'X' } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'mapping.dataElements', value: 'no.such.indicator' });
  });

  it('dry-runs a suppressed push (three people is a small cell), then pushes exact numbers to the programme’s own DHIS2', async () => {
    const dry = await me.post('/api/v1/dhis2/push', { period: '202610', orgUnit: 'UA-KYIV', dryRun: true });
    expect(dry.statusCode).toBe(200);
    const body = dry.json();
    // reached = 3 is "<5" and left out; contacts = 6 goes; syringes goes and DHIS2 reports a conflict.
    expect(body.conversion.values).toBe(2);
    expect(body.conversion.skipped).toEqual(
      expect.arrayContaining([expect.objectContaining({ indicator: 'reached' })]),
    );
    expect(body.summary).toMatchObject({
      dryRun: true,
      imported: 1,
      conflicts: [{ object: 'DE_UNKNOWN_TO_DHIS2' }],
    });
    expect(dhis2.stored.size).toBe(0);

    await me.put('/api/v1/dhis2/config', { orgUnit: 'SLN', mapping, exact: true });
    const real = await me.post('/api/v1/dhis2/push', { period: '202610', orgUnit: 'UA-KYIV', dryRun: false });
    expect(real.json().summary).toMatchObject({ dryRun: false, imported: 2 });
    expect(dhis2.stored.get('DE_REACHED|202610|OU_KYIV|COC_DEFAULT')).toBe('3');
    expect(dhis2.stored.get('DE_CONTACTS|202610|OU_KYIV|COC_DEFAULT')).toBe('6');
    const actions = (await h.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['dhis2.dry_run', 'dhis2.pushed']));
  });

  it('reads a data set’s elements, category option combos and org units from DHIS2 for the mapping form', async () => {
    const res = await me.get('/api/v1/dhis2/data-set?orgUnit=SLN&dataSet=HRdataSet01');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: 'HRdataSet01',
      name: 'Harm reduction (quarterly)',
      dataElements: [
        {
          id: 'DE_CONTACTS',
          name: 'Contacts',
          categoryOptionCombos: [{ id: 'COC_DEFAULT', name: 'default' }],
        },
        {
          id: 'DE_REACHED',
          name: 'KP_PREV people reached',
          categoryOptionCombos: [
            { id: 'COC_F', name: 'Female' },
            { id: 'COC_DEFAULT', name: 'default' },
          ],
        },
      ],
      orgUnits: [{ id: 'OU_KYIV', name: 'Kyiv city', code: 'UA-KYIV' }],
    });
    // One request, asking DHIS2 for the combos nested under each element.
    expect(dhis2.metadataFields.at(-1)).toContain('categoryCombo[categoryOptionCombos[id,name]]');
    const missing = await me.get('/api/v1/dhis2/data-set?orgUnit=SLN&dataSet=NOPE');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ field: 'dataSet', value: 'NOPE', rule: 'not_found' });
    expect((await me.get('/api/v1/dhis2/data-set?orgUnit=BRC&dataSet=HRdataSet01')).statusCode).toBe(404);
    const programme = await signInAs(app, 'programme');
    expect((await programme.get('/api/v1/dhis2/data-set?orgUnit=SLN&dataSet=HRdataSet01')).statusCode).toBe(
      403,
    );
  });

  it('says why when DHIS2 refuses the credentials', async () => {
    await me.put('/api/v1/dhis2/config', {
      orgUnit: 'SLN',
      server: { url: dhis2.url, authKind: 'basic', username: 'hmis', secret: 'wrong' },
    });
    const res = await me.get('/api/v1/dhis2/data-set?orgUnit=SLN&dataSet=HRdataSet01');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'server', rule: 'refused' });
    expect(res.body).not.toContain('wrong');
    await me.put('/api/v1/dhis2/config', {
      orgUnit: 'SLN',
      server: { url: dhis2.url, authKind: 'basic', username: 'hmis', secret },
    });
  });

  it('is only for those who manage DHIS2, inside their own organisation', async () => {
    const programme = await signInAs(app, 'programme');
    expect(
      (await programme.post('/api/v1/dhis2/push', { period: '202610', orgUnit: 'UA-KYIV', dryRun: true }))
        .statusCode,
    ).toBe(403);
    expect((await me.get('/api/v1/dhis2/config?orgUnit=BRC')).statusCode).toBe(404);
  });
});
