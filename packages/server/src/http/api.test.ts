import { type Permission, ROLE_PERMISSIONS, type Role } from '@harbour/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { DEMO_USERS } from '../demo/demo-tree.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { ENDPOINTS } from '../test-support/endpoints.js';
import { type Client, clientWithCookie, signInAs } from '../test-support/http.js';
import { buildApp } from './app.js';

const MUTATES_SESSION = new Set([
  '/api/v1/auth/sign-out',
  '/api/v1/auth/sign-out-everywhere',
  '/api/v1/auth/password',
]);

/**
 * Routes whose answer has no response schema, each for a reason. A new route must declare one; a
 * route given one leaves this list (the test fails either way).
 */
const ANSWERS_WITHOUT_SCHEMA = [
  // Files: PDF, XLSX, CSV or an applicant's upload, sent as downloads.
  'GET /api/v1/advocacy/countries/{country}/profile/export',
  'GET /api/v1/projects/template.xlsx',
  'GET /api/v1/grants/calls/{id}/decisions',
  'GET /api/v1/grants/applications/{id}/files/{fileId}',
  'GET /api/v1/scorecards/sites/{site}/export',
  // JSON or a file, by `format`.
  'GET /api/v1/reports',
  'GET /api/v1/rights/trends',
  'GET /api/v1/projects/{code}/report',
  'GET /api/v1/community/groups',
  // DHIS2's own path answers in DHIS2's import-summary shape, for DHIS2 clients.
  'POST /api/dataValueSets',
];

for (const dialect of DIALECTS) {
  describe(`HTTP API on ${dialect}`, () => {
    let h: TestHarbour;
    let app: FastifyInstance;
    const clients = new Map<string, Client>();

    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      app = await buildApp(h, { webDist: '/nonexistent' });
      for (const u of DEMO_USERS) clients.set(u.username, await signInAs(app, u.username));
    });
    afterAll(async () => {
      await app.close();
      await h.dispose();
    });

    it('documents every endpoint in OpenAPI, and the access matrix covers every documented endpoint', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
      expect(res.statusCode).toBe(200);
      const spec = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(spec.openapi).toMatch(/^3\./);
      const documented = Object.entries(spec.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      );
      const covered = new Set(ENDPOINTS.map((e) => `${e.method} ${e.openapi}`));
      expect(documented.filter((d) => !covered.has(d))).toEqual([]);
    });

    it('declares the shape of every JSON answer (a response schema); the exceptions are named', async () => {
      const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
        paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
      };
      const undeclared = Object.entries(spec.paths).flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(
            ([, op]) =>
              !Object.entries(op.responses ?? {}).some(
                ([code, r]) => code === '204' || (code.startsWith('2') && r.content !== undefined),
              ),
          )
          .map(([m]) => `${m.toUpperCase()} ${p}`),
      );
      expect(undeclared.sort()).toEqual([...ANSWERS_WITHOUT_SCHEMA].sort());
    });

    it('answers 401 with a problem to every non-public endpoint without a session', async () => {
      for (const e of ENDPOINTS.filter((x) => x.permission !== 'public')) {
        const res = await app.inject({
          method: e.method as 'GET',
          url: e.url,
          ...(e.body ? { payload: e.body() as object } : {}),
        });
        expect(res.statusCode, `${e.method} ${e.url}`).toBe(401);
        // DHIS2's path answers as DHIS2 does, for the DHIS2 clients that send there.
        if (e.permission === 'token')
          expect(res.json()).toMatchObject({ httpStatusCode: 401, status: 'ERROR' });
        else expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('lets each role reach exactly the endpoints its permissions allow', async () => {
      const failures: string[] = [];
      for (const u of DEMO_USERS) {
        const client = clients.get(u.username)!;
        for (const e of ENDPOINTS.filter((x) => !MUTATES_SESSION.has(x.url))) {
          const res = await client.request({
            method: e.method as 'GET',
            url: e.url,
            ...(e.body ? { payload: e.body() as object } : {}),
          });
          if (e.permission === 'device' || e.permission === 'token') {
            // A session never opens a device route, or DHIS2's receiving path, whatever the role.
            if (res.statusCode !== 401)
              failures.push(`${u.username} ${e.method} ${e.url}: ${res.statusCode} but should be 401`);
            continue;
          }
          const needed =
            e.permission === 'public' || e.permission === 'signedIn'
              ? []
              : Array.isArray(e.permission)
                ? e.permission
                : [e.permission as Permission];
          const allowed =
            needed.length === 0 || needed.some((p) => ROLE_PERMISSIONS[u.role as Role].includes(p));
          if (res.statusCode >= 500) failures.push(`${u.username} ${e.method} ${e.url}: ${res.statusCode}`);
          if (allowed && res.statusCode === 403)
            failures.push(`${u.username} ${e.method} ${e.url}: refused but allowed`);
          if (!allowed && res.statusCode !== 403)
            failures.push(`${u.username} ${e.method} ${e.url}: ${res.statusCode} but should be 403`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('shows each user only their subtree of the organisation', async () => {
      const codes = async (name: string) =>
        ((await clients.get(name)!.get('/api/v1/org-units')).json() as { units: { code: string }[] }).units
          .map((u) => u.code)
          .sort();
      expect(await codes('jakarta')).toEqual(['JKT-DIC']);
      expect(await codes('outreach')).toEqual(['ODESA-PORT']);
      expect(await codes('meofficer')).toContain('KYIV-DIC');
      expect(await codes('meofficer')).not.toContain('JKT-DIC');
      const all = ((await clients.get('admin')!.get('/api/v1/org-units')).json() as { units: unknown[] })
        .units.length;
      expect((await codes('donor')).length).toBe(all);
      const jktId = (
        (await clients.get('jakarta')!.get('/api/v1/org-units')).json() as { units: { id: string }[] }
      ).units[0]!.id;
      expect((await clients.get('staff')!.get(`/api/v1/org-units/${jktId}`)).statusCode).toBe(404);
    });

    it('names the field, the value and the rule in every validation problem', async () => {
      const admin = clients.get('admin')!;
      let res = await admin.post('/api/v1/org-units', {
        code: 'bad code',
        name: 'X',
        parentCode: 'UA',
        colour: 'red',
      });
      expect(res.statusCode).toBe(400);
      const body = res.json() as {
        errors: { field: string; value?: string; rule: string; message: string }[];
      };
      expect(body.errors).toContainEqual(expect.objectContaining({ field: 'code', value: 'bad code' }));
      expect(body.errors).toContainEqual(expect.objectContaining({ field: 'colour', rule: 'unknown' }));
      res = await admin.post('/api/v1/users', {
        username: 'ab',
        displayName: 'X',
        password: 'secret-but-short',
        grants: [],
      });
      const errs = (res.json() as { errors: { field: string; value?: string }[] }).errors;
      expect(errs.map((e) => e.field)).toEqual(expect.arrayContaining(['username', 'grants']));
      expect(JSON.stringify(errs)).not.toContain('secret-but-short');
      res = await admin.request({
        method: 'POST',
        url: '/api/v1/org-units',
        payload: '{"code":',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errors: [{ field: 'body', rule: 'json' }] });
      res = await admin.request({
        method: 'POST',
        url: '/api/v1/org-units',
        payload: 'code=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode).toBe(415);
      res = await admin.request({
        method: 'POST',
        url: '/api/v1/org-units',
        payload: JSON.stringify({ code: 'x'.repeat(2 * 1024 * 1024) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(413);
      res = await admin.post('/api/v1/org-units', { code: 'KYIV-DIC', name: 'Dup', parentCode: 'UA-KYIV' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ errors: [{ field: 'code', rule: 'unique' }] });
    });

    it('sets strict security headers and a session cookie that scripts cannot read', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'staff', password: 'harbour-demo' },
      });
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    });

    it('answers health and readiness', async () => {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
        status: 'ready',
        database: dialect,
      });
    });

    it('ends the session on sign-out, and an expired cookie gets 401', async () => {
      const c = await signInAs(app, 'programme');
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      expect((await c.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
      const forged = clientWithCookie(app, 'harbour_session=not-a-real-token');
      expect((await forged.get('/api/v1/auth/me')).statusCode).toBe(401);
    });
  });
}
