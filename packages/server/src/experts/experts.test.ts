/**
 * The pool of community experts on both databases: an invitation link (token shown once, kept as a
 * hash, good for 14 days, once), joining with one's own username and password, the profile, who sees
 * which experts and whose contacts (audited), and no contact readable at rest.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';

const INVITE = {
  unit: 'HRC',
  displayName: 'Sasha from Odesa',
  country: 'UA',
  languages: ['uk', 'ru'],
  expertise: ['ost', 'human_rights'],
  contact: 'signal +380-private-555',
};

for (const dialect of DIALECTS) {
  describe(`community experts (${dialect})`, () => {
    const open: { close(): Promise<unknown> }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0).reverse()) await o.close();
    });

    async function start() {
      const h: TestHarbour = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      await createStaff(h, [['brc-pm', 'programme_manager', 'BRC']]);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ close: () => h.dispose() }, { close: () => app.close() });
      const join = (method: 'GET' | 'POST', token?: string, body?: unknown) =>
        app.inject({
          method,
          url: '/api/v1/join',
          headers: token ? { 'x-invitation': token } : {},
          ...(body === undefined ? {} : { payload: body as object }),
        });
      return { h, app, join };
    }

    it('invites, joins once with a chosen username, and keeps the contact sealed', async () => {
      const { h, app, join } = await start();
      const grants = await signInAs(app, 'grants');
      const bad = await grants.post('/api/v1/experts/invitations', {
        ...INVITE,
        country: 'XX',
        expertise: ['cooking'],
      });
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['country', 'expertise.0']);
      const sent = await grants.post('/api/v1/experts/invitations', INVITE);
      expect(sent.statusCode, sent.body).toBe(201);
      const { token, path, invitation } = sent.json();
      expect(path).toBe(`/console/join#${token}`);
      expect(invitation).toMatchObject({ name: 'Sasha from Odesa', state: 'pending', unit: 'HRC' });

      expect((await join('GET', token)).json()).toMatchObject({
        name: 'Sasha from Odesa',
        unit: 'Harm Reduction Consortium',
      });
      expect((await join('GET', 'A'.repeat(43))).statusCode).toBe(404);
      expect((await join('GET')).statusCode).toBe(404);
      const weak = await join('POST', token, { username: 'sasha', password: 'short' });
      expect(weak.statusCode).toBe(400);
      const taken = await join('POST', token, { username: 'grants', password: 'a long enough passphrase' });
      expect(taken.statusCode).toBe(409);
      const joined = await join('POST', token, {
        username: 'sasha',
        password: 'a long enough passphrase',
        locale: 'ru',
      });
      expect(joined.statusCode, joined.body).toBe(201);
      // Once only.
      expect((await join('GET', token)).statusCode).toBe(404);
      // Two tabs sending one link at once make one account.
      const twice = (await grants.post('/api/v1/experts/invitations', INVITE)).json().token;
      const both = await Promise.all([
        join('POST', twice, { username: 'tab-one', password: 'a long enough passphrase' }),
        join('POST', twice, { username: 'tab-two', password: 'a long enough passphrase' }),
      ]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 404]);
      expect(
        (await join('POST', token, { username: 'sasha2', password: 'a long enough passphrase' })).statusCode,
      ).toBe(404);

      const sasha = await signInAs(app, 'sasha', 'a long enough passphrase');
      expect((await sasha.get('/api/v1/experts/me')).json()).toEqual({
        name: 'Sasha from Odesa',
        country: 'UA',
        languages: ['uk', 'ru'],
        expertise: ['ost', 'human_rights'],
        contact: 'signal +380-private-555',
      });
      const changed = await sasha.put('/api/v1/experts/me', {
        country: 'PL',
        languages: ['uk', 'pl'],
        contact: 'signal +48-private-1',
      });
      expect(changed.json()).toMatchObject({ country: 'PL', expertise: [], contact: 'signal +48-private-1' });
      // Sasha reviews: the pool of visitors for a Kyiv site includes them.
      const pm = await signInAs(app, 'programme');
      const pool = (await pm.get('/api/v1/scorecards/visitors?site=KYIV-DIC')).json().experts;
      expect(pool.map((e: { name: string }) => e.name)).toContain('Sasha from Odesa');

      // Those who invite see the contact (audited); another organisation's manager sees the expert
      // who may work there, without the contact.
      const listed = (await grants.get('/api/v1/experts')).json().experts;
      expect(listed.find((e: { name: string }) => e.name === 'Sasha from Odesa')).toMatchObject({
        contact: 'signal +48-private-1',
        country: 'PL',
        active: true,
      });
      const brc = (await (await signInAs(app, 'brc-pm')).get('/api/v1/experts')).json().experts;
      expect(brc.find((e: { name: string }) => e.name === 'Sasha from Odesa')).toMatchObject({
        contact: null,
      });
      expect((await (await signInAs(app, 'staff')).get('/api/v1/experts')).statusCode).toBe(403);
      expect((await sasha.get('/api/v1/experts')).statusCode).toBe(403);
      expect((await sasha.post('/api/v1/experts/invitations', INVITE)).statusCode).toBe(403);

      const dump = JSON.stringify([
        await h.db.selectFrom('expert_invitations').selectAll().execute(),
        await h.db.selectFrom('expert_profiles').selectAll().execute(),
        await h.db.selectFrom('audit_log').selectAll().execute(),
      ]);
      for (const secret of ['-private-', token]) expect(dump).not.toContain(secret);
      const actions = (await h.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
      for (const a of [
        'experts.invited',
        'experts.joined',
        'experts.profile_updated',
        'experts.contacts_read',
      ])
        expect(actions).toContain(a);
    });

    it('holds joining to 10 tries a minute per address, whatever X-Forwarded-For says', async () => {
      const { app } = await start();
      const codes: number[] = [];
      for (let i = 0; i < 11; i += 1)
        codes.push(
          (
            await app.inject({
              method: 'POST',
              url: '/api/v1/join',
              headers: { 'x-invitation': 'B'.repeat(43), 'x-forwarded-for': `10.0.0.${i}` },
              payload: { username: 'nobody', password: 'a long enough passphrase' },
            })
          ).statusCode,
        );
      expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
      expect(codes[10]).toBe(429);
    });

    it('holds opening invitation links to 30 a minute per address', async () => {
      const { join } = await start();
      const codes: number[] = [];
      for (let i = 0; i < 31; i += 1) codes.push((await join('GET', 'C'.repeat(43))).statusCode);
      expect(codes.slice(0, 30).every((c) => c === 404)).toBe(true);
      expect(codes[30]).toBe(429);
    });

    it('lets an invitation lapse after 14 days, or be withdrawn, and keeps each to its subtree', async () => {
      const { h, app, join } = await start();
      const grants = await signInAs(app, 'grants');
      const late = (await grants.post('/api/v1/experts/invitations', INVITE)).json();
      const withdrawn = (await grants.post('/api/v1/experts/invitations', INVITE)).json();
      // Another organisation's manager cannot invite to the consortium, nor withdraw its invitations.
      const brc = await signInAs(app, 'brc-pm');
      expect((await brc.post('/api/v1/experts/invitations', INVITE)).json().errors[0]).toMatchObject({
        field: 'unit',
      });
      expect(
        (
          await brc.request({
            method: 'DELETE',
            url: `/api/v1/experts/invitations/${withdrawn.invitation.id}`,
          })
        ).statusCode,
      ).toBe(404);
      expect((await brc.get('/api/v1/experts/invitations')).json().invitations).toEqual([]);
      expect(
        (
          await grants.request({
            method: 'DELETE',
            url: `/api/v1/experts/invitations/${withdrawn.invitation.id}`,
          })
        ).statusCode,
      ).toBe(204);
      expect((await join('GET', withdrawn.token)).statusCode).toBe(404);
      h.setNow(new Date(h.now().getTime() + 15 * 86_400_000));
      expect((await join('GET', late.token)).statusCode).toBe(404);
      const again = await signInAs(app, 'grants');
      const states = (await again.get('/api/v1/experts/invitations'))
        .json()
        .invitations.map((i: { state: string }) => i.state);
      expect(states.sort()).toEqual(['expired', 'withdrawn']);
    });
  });
}
