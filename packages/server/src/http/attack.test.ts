/**
 * The attacks an outside test found, each as the request that worked before: forwarded headers that
 * escaped the sign-in limit, NUL and huge numbers on every endpoint, JSON nested thousands deep, and
 * sensitive answers a browser could cache.
 */

import { ROLE_PERMISSIONS, type Role } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo/demo-tree.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { ENDPOINTS } from '../test-support/endpoints.js';
import { type Client, clientWithCookie } from '../test-support/http.js';
import { buildApp } from './app.js';

/** Every way the valid body's values are replaced: NUL and other controls in text, numbers past any column. */
const HOSTILE_TEXT = ['a\u0000b', '\u0000', 'x\u0007y', 'line\u001bbreak'];
const HOSTILE_NUMBERS = [2 ** 40, -(2 ** 40), 1e308, 2 ** 53 + 2];

/** Copies of `body` with one value at a time replaced by `value` (strings by strings, numbers by numbers). */
function variants(body: unknown, kind: 'string' | 'number', value: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown, replace: (v: unknown) => unknown) => {
    if (typeof node === kind) out.push(replace(value));
    else if (Array.isArray(node))
      for (const [i, child] of node.entries())
        visit(child, (v) => replace(node.map((c, j) => (i === j ? v : c))));
    else if (node !== null && typeof node === 'object')
      for (const k of Object.keys(node))
        visit((node as Record<string, unknown>)[k], (v) => replace({ ...(node as object), [k]: v }));
  };
  visit(body, (v) => v);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`attacks that once worked, on ${dialect}`, () => {
    let h: TestHarbour;
    let app: FastifyInstance;
    const clients = new Map<string, Client>();

    beforeAll(async () => {
      h = await createTestHarbour(dialect, { signInRatePerMinute: 5 });
      await createDemo(h, { clients: 30 });
      app = await buildApp(h, { webDist: '/nonexistent' });
      // Each from its own address: the sign-in limit here is 5 a minute.
      for (const [i, u] of DEMO_USERS.entries()) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          remoteAddress: `10.9.${i}.1`,
          payload: { username: u.username, password: DEMO_PASSWORD },
        });
        clients.set(u.username, clientWithCookie(app, String(res.headers['set-cookie']).split(';')[0]!));
      }
    });
    afterAll(async () => {
      await app.close();
      await h.dispose();
    });

    it('holds the sign-in limit per address whatever X-Forwarded-For says', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          remoteAddress: '203.0.113.7',
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
          payload: { username: 'nobody', password: 'wrong-password' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
      // Another address has its own allowance.
      const other = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        remoteAddress: '203.0.113.8',
        payload: { username: 'nobody', password: 'wrong-password' },
      });
      expect(other.statusCode).toBe(401);
    });

    it('answers 400 naming the field, never 5xx, for control characters and out-of-range numbers on every endpoint', async () => {
      const userFor = (permission: (typeof ENDPOINTS)[number]['permission']) => {
        if (['public', 'signedIn', 'device', 'token'].includes(permission as string)) return 'staff';
        const wanted = Array.isArray(permission) ? permission : [permission];
        return DEMO_USERS.find((u) => wanted.some((p) => ROLE_PERMISSIONS[u.role as Role].includes(p)))!
          .username;
      };
      const before = await h.db.selectFrom('org_units').select(['code', 'name']).orderBy('code').execute();
      let sent = 0;
      const failures: string[] = [];
      for (const e of ENDPOINTS) {
        if (e.url.includes('sign-out') || e.url.endsWith('/auth/password')) continue;
        const client = clients.get(userFor(e.permission))!;
        const bodies = e.body
          ? [
              ...HOSTILE_TEXT.flatMap((t) => variants(e.body!(), 'string', t)),
              ...HOSTILE_NUMBERS.flatMap((n) => variants(e.body!(), 'number', n)),
            ]
          : [];
        const queries = HOSTILE_TEXT.map((t) => {
          const [path, query] = e.url.split('?');
          const params = new URLSearchParams(query ?? '');
          if ([...params.keys()].length === 0) params.set('q', t);
          else for (const k of [...params.keys()]) params.set(k, t);
          return `${path}?${params.toString()}`;
        });
        for (const payload of bodies) {
          sent++;
          const res = await client.request({
            method: e.method as 'POST',
            url: e.url,
            payload: payload as object,
          });
          if (res.statusCode >= 500)
            failures.push(`${e.method} ${e.url} ${JSON.stringify(payload)} → ${res.statusCode}`);
          else if (res.statusCode < 300)
            failures.push(`${e.method} ${e.url} ${JSON.stringify(payload)} accepted (${res.statusCode})`);
        }
        for (const url of queries) {
          sent++;
          const res = await client.request({
            method: e.method as 'GET',
            url,
            ...(e.body ? { payload: e.body() as object } : {}),
          });
          if (res.statusCode >= 500) failures.push(`${e.method} ${url} → ${res.statusCode}`);
        }
      }
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(300);
      // Nothing with a control character reached the database.
      expect(await h.db.selectFrom('org_units').select(['code', 'name']).orderBy('code').execute()).toEqual(
        before,
      );
      const nul = await h.db
        .selectFrom('audit_log')
        .select('details')
        .where('details', 'like', '%\\u0000%')
        .execute();
      expect(nul).toEqual([]);
    });

    it('names the field of a NUL in an unauthenticated sign-in and of a huge stock minimum', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        remoteAddress: '10.1.1.1',
        payload: { username: 'admin\u0000', password: 'x' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errors: [{ field: 'username', rule: 'control_character' }] });
      const staff = clients.get('staff')!;
      const min = await staff.put('/api/v1/stock/thresholds', {
        siteCode: 'KYIV-DIC',
        commodity: 'syringe',
        minimum: 2 ** 40,
      });
      expect(min.statusCode).toBe(400);
      expect(min.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'minimum' })] });
    });

    it('answers a locked account exactly as an unknown user, so a lockout reveals no username', async () => {
      const signIn = (username: string, password: string, i: number) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          remoteAddress: `10.7.${i}.1`,
          payload: { username, password },
        });
      for (let i = 0; i < h.config.lockoutAttempts; i++) await signIn('donor', 'wrong-password', i);
      const locked = await signIn('donor', DEMO_PASSWORD, 50);
      const unknown = await signIn('no-such-user', DEMO_PASSWORD, 51);
      expect(locked.statusCode).toBe(401);
      expect(locked.body).toBe(unknown.body);
    });

    it('gives suppressed figures for months, quarters and years only, never for day ranges that subtract', async () => {
      const donor = clients.get('donor')!;
      for (const period of ['2025-10-01/2025-10-14', '2025-10-01/2025-10-15', '20251001', '2025W40']) {
        const res = await donor.get(`/api/v1/reports?period=${period}&orgUnit=SLN`);
        expect(res.statusCode, period).toBe(400);
        expect(res.json().errors[0]).toMatchObject({ field: 'period', rule: 'standard_period' });
      }
      for (const period of ['202510', '2025Q4', '2025'])
        expect((await donor.get(`/api/v1/reports?period=${period}&orgUnit=SLN`)).statusCode, period).toBe(
          200,
        );
      // An M&E officer asking for a suppressed copy is held to the same periods; exact figures are not.
      const me = clients.get('meofficer')!;
      expect(
        (await me.get('/api/v1/reports?period=2025-10-01/2025-10-14&orgUnit=SLN&suppress=5')).statusCode,
      ).toBe(400);
      expect((await me.get('/api/v1/reports?period=2025-10-01/2025-10-14&orgUnit=SLN')).statusCode).toBe(200);
    });

    it('answers 400, not 500, to JSON nested thousands of levels deep, signed in or not', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      for (const payload of [deep, deepArray]) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          remoteAddress: '10.1.1.2',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ errors: [{ field: 'body', rule: 'depth' }] });
      }
    });

    it('tells browsers and proxies to keep no copy of client records, rights cases and exports', async () => {
      const staff = clients.get('staff')!;
      const db = h.db as Kysely<any>;
      const client = await db.selectFrom('clients').select('id').limit(1).executeTakeFirstOrThrow();
      const me = clients.get('meofficer')!;
      const rights = clients.get('rights')!;
      const answers = [
        await staff.get(`/api/v1/clients/${client.id}`),
        await staff.get(`/api/v1/clients/${client.id}/timeline`),
        await rights.get('/api/v1/rights/cases'),
        await me.get('/api/v1/reports?period=2025Q4&orgUnit=SLN&format=csv'),
        await me.get('/api/v1/auth/me'),
      ];
      for (const res of answers)
        expect(res.headers['cache-control'], res.body.slice(0, 100)).toBe('no-store');
    });
  });
}
