/**
 * Rights cases through the HTTP API on both databases: who may do what, the narrative sealed and
 * read only with an audit entry, consent withdrawal destroying it for good, trends exact for the
 * programme and suppressed for advocates, key rotation, and a marker that never reaches the files.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7 } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';

const MARKER = 'MARKER-NARRATIVE-7Q3Z';

/** What the field app does (packages/web/src/field/rights-seal.ts), with Node's WebCrypto. */
async function sealLikeThePhone(spki: string, itemId: string, value: unknown) {
  const subtle = globalThis.crypto.subtle;
  const publicKey = await subtle.importKey(
    'spki',
    Buffer.from(spki, 'base64'),
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    false,
    ['wrapKey'],
  );
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(`rights-capture:${itemId}`) },
    aes,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  const key = await subtle.wrapKey('raw', aes, publicKey, { name: 'RSA-OAEP' });
  const b64 = (x: ArrayBuffer | Uint8Array) =>
    Buffer.from(x instanceof Uint8Array ? x : new Uint8Array(x)).toString('base64');
  return { key: b64(key), iv: b64(iv), data: b64(data) };
}

function newCase(extra: Record<string, unknown> = {}) {
  return {
    siteCode: 'ODESA-PORT',
    placeCode: 'UA-ODESA',
    occurredOn: '2026-11-02',
    channel: 'outreach',
    person: { sex: 'female', ageBand: '25-34', kp: 'pwid', hiv: 'positive' },
    consent: { record: true, advocacy: true, contact: true },
    acts: [
      { violation: 'extortion', perpetrator: 'police' },
      { violation: 'confiscation', perpetrator: 'police' },
    ],
    narrative: `Stopped near the port; ${MARKER}; syringes and naloxone taken.`,
    ...extra,
  };
}

/** Bytes of every file of a SQLite database (main file, WAL, shared memory). */
function databaseBytes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('harbour.db') || f.endsWith('.db') || f.endsWith('-wal'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('');
}

for (const dialect of DIALECTS) {
  describe(`rights cases (${dialect})`, () => {
    const open: { h: TestHarbour; app: FastifyInstance }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0)) {
        await o.app.close();
        await o.h.dispose();
      }
    });
    async function start() {
      const h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      h.setNow('2026-11-23T10:00:00Z');
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ h, app });
      return { h, app };
    }

    it('records, reads with an audit entry, responds, follows up and closes a case', async () => {
      const { h, app } = await start();
      const rights = await signInAs(app, 'rights');
      const created = await rights.post('/api/v1/rights/cases', newCase());
      expect(created.statusCode).toBe(201);
      const { id, ref } = created.json();
      expect(ref).toMatch(/^RC-/);
      const read = await rights.get(`/api/v1/rights/cases/${id}`);
      expect(read.json()).toMatchObject({ narrative: expect.stringContaining(MARKER), status: 'open' });
      const audits = await h.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('entity_id', '=', id)
        .execute();
      expect(audits.map((a) => a.action)).toEqual(['rights.case_recorded', 'rights.case_read']);
      expect(JSON.stringify(audits)).not.toContain(MARKER);

      expect(
        (
          await rights.post(`/api/v1/rights/cases/${id}/responses`, {
            action: 'legal_aid',
            byReferral: true,
            date: '2026-11-03',
          })
        ).statusCode,
      ).toBe(204);
      expect(
        (await rights.post(`/api/v1/rights/cases/${id}/follow-ups`, { dueDate: '2026-11-10' })).statusCode,
      ).toBe(204);
      const due = (await rights.get('/api/v1/rights/follow-ups')).json().followUps;
      expect(due).toMatchObject([{ caseId: id, overdue: true }]);
      await rights.post(`/api/v1/rights/cases/${id}/follow-ups/${due[0].id}/done`);
      expect((await rights.get('/api/v1/rights/follow-ups')).json().followUps).toEqual([]);
      expect(
        (await rights.post(`/api/v1/rights/cases/${id}/close`, { outcome: 'partly_resolved' })).statusCode,
      ).toBe(204);
      const list = (await rights.get('/api/v1/rights/cases?status=closed')).json().cases;
      expect(list).toMatchObject([
        { id, status: 'closed', outcome: 'partly_resolved', violations: ['extortion', 'confiscation'] },
      ]);
      expect(JSON.stringify(list)).not.toContain(MARKER);
    });

    it('keeps notes on responses and follow-ups sealed with the case key, gone with consent; never closes over an open follow-up silently', async () => {
      const { h, app } = await start();
      const rights = await signInAs(app, 'rights');
      // A case without a narrative has no key until its first note.
      const { id } = (await rights.post('/api/v1/rights/cases', newCase({ narrative: '' }))).json();
      const NOTE = 'NOTE-MARKER-5KX';
      expect(
        (
          await rights.post(`/api/v1/rights/cases/${id}/responses`, {
            action: 'legal_aid',
            date: '2026-11-03',
            note: `Lawyer met them at the station; ${NOTE}`,
          })
        ).statusCode,
      ).toBe(204);
      expect(
        (
          await rights.post(`/api/v1/rights/cases/${id}/follow-ups`, {
            dueDate: '2026-11-30',
            note: `Check the hearing; ${NOTE}`,
          })
        ).statusCode,
      ).toBe(204);
      expect(
        (await rights.post(`/api/v1/rights/cases/${id}/follow-ups`, { dueDate: '2026-12-10' })).statusCode,
      ).toBe(204);
      const read = (await rights.get(`/api/v1/rights/cases/${id}`)).json();
      expect(read.responses[0].note).toBe(`Lawyer met them at the station; ${NOTE}`);
      expect(read.followUps.map((f: { note: string | null }) => f.note)).toEqual([
        `Check the hearing; ${NOTE}`,
        null,
      ]);
      const stored = JSON.stringify([
        await h.db.selectFrom('rights_responses').selectAll().execute(),
        await h.db.selectFrom('rights_followups').selectAll().execute(),
        await h.db.selectFrom('audit_log').selectAll().execute(),
      ]);
      expect(stored).not.toContain(NOTE);
      expect(
        await h.db.selectFrom('rights_case_keys').select('case_id').where('case_id', '=', id).execute(),
      ).toHaveLength(1);

      // Two follow-ups are still to do: closing says so, and names the field to answer.
      const refused = await rights.post(`/api/v1/rights/cases/${id}/close`, { outcome: 'resolved' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0]).toMatchObject({
        field: 'cancelOpenFollowUps',
        value: '2',
        rule: 'open_follow_ups',
      });
      expect((await rights.get(`/api/v1/rights/cases/${id}`)).json().status).toBe('open');
      expect(
        (
          await rights.post(`/api/v1/rights/cases/${id}/close`, {
            outcome: 'resolved',
            cancelOpenFollowUps: true,
          })
        ).statusCode,
      ).toBe(204);
      const closed = (await rights.get(`/api/v1/rights/cases/${id}`)).json();
      expect(closed.followUps.map((f: { cancelledOn: string | null }) => f.cancelledOn)).toEqual([
        '2026-11-23',
        '2026-11-23',
      ]);
      expect((await rights.get('/api/v1/rights/follow-ups')).json().followUps).toEqual([]);
      const [audit] = await h.db
        .selectFrom('audit_log')
        .select('details')
        .where('entity_id', '=', id)
        .where('action', '=', 'rights.case_closed')
        .execute();
      expect(audit!.details).toContain('"followUpsCancelled":2');

      // Withdrawal destroys the notes with the key.
      expect((await rights.post(`/api/v1/rights/cases/${id}/withdraw`)).statusCode).toBe(204);
      const after = (await rights.get(`/api/v1/rights/cases/${id}`)).json();
      expect(after.responses[0].note).toBeNull();
      expect(
        await h.db.selectFrom('rights_responses').select('note').where('case_id', '=', id).execute(),
      ).toEqual([{ note: null }]);
    });

    it('lets an outreach worker capture a case but never read it back; keeps admins, advocates and staff out', async () => {
      const { app } = await start();
      const outreach = await signInAs(app, 'outreach');
      const created = await outreach.post('/api/v1/rights/cases', newCase());
      expect(created.statusCode).toBe(201);
      expect(JSON.stringify(created.json())).not.toContain(MARKER);
      const { id } = created.json();
      expect((await outreach.get(`/api/v1/rights/cases/${id}`)).statusCode).toBe(403);
      for (const who of ['admin', 'advocate', 'donor', 'staff', 'manager', 'meofficer', 'programme']) {
        const c = await signInAs(app, who);
        expect((await c.get(`/api/v1/rights/cases/${id}`)).statusCode, who).toBe(403);
        expect((await c.get('/api/v1/rights/cases')).statusCode, who).toBe(403);
      }
      // A responder of another part of the tree cannot open it either.
      const rights = await signInAs(app, 'rights');
      expect((await rights.get(`/api/v1/rights/cases/${id}`)).statusCode).toBe(200);
    });

    it('never echoes the narrative in an error, and refuses an exact address as the place', async () => {
      const { app } = await start();
      const rights = await signInAs(app, 'rights');
      const bad = await rights.post(
        '/api/v1/rights/cases',
        newCase({ placeCode: 'ODESA-PORT', occurredOn: 'yesterday' }),
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.body).not.toContain(MARKER);
      const site = await rights.post('/api/v1/rights/cases', newCase({ placeCode: 'ODESA-PORT' }));
      expect(site.statusCode).toBe(400);
      expect(site.json().errors[0]).toMatchObject({ field: 'placeCode', rule: 'coarse' });
      expect(site.body).not.toContain(MARKER);
      // Another organisation's city is answered exactly as a code that does not exist.
      const foreign = await rights.post('/api/v1/rights/cases', newCase({ placeCode: 'ID-JAKARTA' }));
      const unknown = await rights.post('/api/v1/rights/cases', newCase({ placeCode: 'NOWHERE' }));
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors).toEqual(
        unknown.json().errors.map((e: object) => ({ ...e, value: 'ID-JAKARTA' })),
      );
    });

    it("answers trends for a unit outside the caller's tree exactly as for an unknown unit", async () => {
      const { app } = await start();
      const rights = await signInAs(app, 'rights');
      const foreign = await rights.get('/api/v1/rights/trends?orgUnit=JKT-DIC&from=2026-01&to=2026-12');
      const unknown = await rights.get('/api/v1/rights/trends?orgUnit=NOWHERE&from=2026-01&to=2026-12');
      expect(foreign.statusCode).toBe(400);
      expect(unknown.statusCode).toBe(400);
      expect(foreign.json().errors[0].message.replace('JKT-DIC', 'X')).toBe(
        unknown.json().errors[0].message.replace('NOWHERE', 'X'),
      );
    });

    it('gives exact trends to the programme and suppressed ones to advocates; files only hold consented cases', async () => {
      const { app } = await start();
      const rights = await signInAs(app, 'rights');
      for (let i = 0; i < 6; i++)
        await rights.post(
          '/api/v1/rights/cases',
          newCase({ acts: [{ violation: 'extortion', perpetrator: 'police' }] }),
        );
      await rights.post(
        '/api/v1/rights/cases',
        newCase({
          consent: { record: true, advocacy: false, contact: false },
          acts: [{ violation: 'eviction', perpetrator: 'landlord' }],
        }),
      );
      const q = '/api/v1/rights/trends?orgUnit=HRC&from=2026-01&to=2026-12';
      const exact = (await (await signInAs(app, 'programme')).get(q)).json();
      expect(exact.trends).toMatchObject({
        cases: 7,
        byViolation: { extortion: 6, eviction: 1 },
        suppression: null,
      });
      const advocate = (await (await signInAs(app, 'advocate')).get(q)).json();
      expect(advocate.trends).toMatchObject({
        cases: 6,
        byViolation: { extortion: 6 },
        byPerpetrator: { police: 6 },
        suppression: { threshold: 5 },
      });
      expect(advocate.trends.byViolation.eviction).toBeUndefined();
      const csv = await (await signInAs(app, 'programme')).get(`${q}&format=csv`);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body).toContain('all,violation,extortion,6');
      expect(csv.body).not.toContain('eviction');
      const xlsx = await (await signInAs(app, 'donor')).get(`${q}&format=xlsx`);
      expect(xlsx.statusCode).toBe(200);
      const pdf = await (await signInAs(app, 'advocate')).get(`${q}&format=pdf`);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect((await (await signInAs(app, 'staff')).get(q)).statusCode).toBe(403);
    });

    it('destroys the narrative for good when consent is withdrawn, and drops the case from trends', async () => {
      const { h, app } = await start();
      const rights = await signInAs(app, 'rights');
      const { id } = (await rights.post('/api/v1/rights/cases', newCase())).json();
      const sealed = (
        await h.db
          .selectFrom('rights_cases')
          .select('narrative')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).narrative!;
      expect(sealed).not.toContain(MARKER);
      if (dialect === 'sqlite') expect(databaseBytes(h.testDb.dataDir)).not.toContain(MARKER);
      expect((await rights.post(`/api/v1/rights/cases/${id}/withdraw`)).statusCode).toBe(204);
      const after = (await rights.get(`/api/v1/rights/cases/${id}`)).json();
      expect(after).toMatchObject({
        narrative: null,
        consent: { advocacy: false, withdrawnAt: expect.any(String) },
      });
      expect(
        await h.db.selectFrom('rights_case_keys').selectAll().where('case_id', '=', id).execute(),
      ).toEqual([]);
      const trends = (
        await (
          await signInAs(app, 'programme')
        ).get('/api/v1/rights/trends?orgUnit=HRC&from=2026-01&to=2026-12')
      ).json();
      expect(trends.trends.cases).toBe(0);
      if (dialect === 'sqlite') {
        const bytes = databaseBytes(h.testDb.dataDir);
        expect(bytes).not.toContain(MARKER);
        expect(bytes).not.toContain(sealed.slice(0, 40));
      }
      const trail = await h.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('entity_id', '=', id)
        .where('action', '=', 'rights.consent_withdrawn')
        .execute();
      expect(trail[0]!.details).toContain('countedSince');
      expect(
        (await rights.post(`/api/v1/rights/cases/${id}/close`, { outcome: 'resolved' })).statusCode,
      ).toBe(403);
    });

    /** An outreach phone enrolled at Odesa with one case sealed on it, and its push of that case. */
    const phoneWithCase = async (app: FastifyInstance) => {
      const outreach = await signInAs(app, 'outreach');
      const enrolled = (
        await outreach.post('/api/v1/devices', { name: 'p', siteCode: 'ODESA-PORT', appVersion: 't' })
      ).json();
      const itemId = uuidv7();
      const sealed = await sealLikeThePhone(enrolled.settings.rightsKey, itemId, newCase());
      const push = async () =>
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/sync/push',
            headers: { authorization: `Bearer ${enrolled.token}` },
            payload: { appVersion: 't', pending: 0, items: [{ kind: 'rights.case', id: itemId, sealed }] },
          })
        ).json();
      return { outreach, itemId, sealed, push };
    };

    it('takes a case sealed on a phone to the organisation key; the worker who captured it cannot read it', async () => {
      const { h, app } = await start();
      const { outreach, itemId, sealed, push } = await phoneWithCase(app);
      expect(JSON.stringify(sealed)).not.toContain(MARKER);
      expect((await push()).results[0]).toMatchObject({ status: 'accepted' });
      expect((await push()).results[0]).toMatchObject({ status: 'duplicate' });
      expect((await outreach.get(`/api/v1/rights/cases/${itemId}`)).statusCode).toBe(403);
      const rights = await signInAs(app, 'rights');
      expect((await rights.get(`/api/v1/rights/cases/${itemId}`)).json().narrative).toContain(MARKER);
      const recorded = await h.db
        .selectFrom('audit_log')
        .select('details')
        .where('entity_id', '=', itemId)
        .where('action', '=', 'rights.case_recorded')
        .executeTakeFirstOrThrow();
      expect(recorded.details).toContain('field');
    });

    it('commits a field case and the record of its sync item together, so a failure between them cannot strand the phone', async () => {
      const { h, app } = await start();
      const { itemId, push } = await phoneWithCase(app);
      const cases = async () =>
        (await h.db.selectFrom('rights_cases').select('id').where('id', '=', itemId).execute()).length;
      // The item's record cannot be written (as if the server died right after the case).
      if (dialect === 'sqlite')
        await sql`create trigger crash before insert on sync_items begin select raise(abort, 'crash'); end`.execute(
          h.db,
        );
      else {
        await sql`create function crash() returns trigger language plpgsql as $$ begin raise exception 'crash'; end $$`.execute(
          h.db,
        );
        await sql`create trigger crash before insert on sync_items for each row execute function crash()`.execute(
          h.db,
        );
      }
      // The request dies (the phone gets no answer and keeps the item): nothing of the case stays.
      expect((await push()).status).toBe(500);
      expect(await cases()).toBe(0);
      await sql`drop trigger crash${sql.raw(dialect === 'postgres' ? ' on sync_items' : '')}`.execute(h.db);
      // The phone sends the same batch again: one case, answered, and then a duplicate.
      expect((await push()).results[0]).toMatchObject({ status: 'accepted' });
      expect((await push()).results[0]).toMatchObject({ status: 'duplicate' });
      expect(await cases()).toBe(1);
    });

    it('rotates the organisation key online: every narrative stays readable', async () => {
      const { h, app } = await start();
      const rights = await signInAs(app, 'rights');
      const { id } = (await rights.post('/api/v1/rights/cases', newCase())).json();
      const admin = await signInAs(app, 'admin');
      const rotated = await admin.post('/api/v1/rights/keys/rotate', { orgUnit: 'SLN' });
      expect(rotated.json()).toMatchObject({ rotated: true, version: expect.any(Number), caseKeys: 1 });
      expect((await rights.get(`/api/v1/rights/cases/${id}`)).json().narrative).toContain(MARKER);
      const versions = await h.db
        .selectFrom('data_keys')
        .select('version')
        .where('retired_at', 'is', null)
        .execute();
      expect(versions.length).toBeGreaterThan(0);
    });
  });
}
