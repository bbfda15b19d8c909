import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { ENDPOINTS } from '../test-support/endpoints.js';
import { type Client, signInAs } from '../test-support/http.js';
import { buildApp } from './app.js';

/** What a non-admin may never change, whatever they send: the tree, accounts (bar sign-in counters), roles, settings. */
async function protectedState(db: Kysely<any>) {
  return {
    org: await db.selectFrom('org_units').selectAll().orderBy('id').execute(),
    users: await db
      .selectFrom('users')
      .select([
        'id',
        'username',
        'password_hash',
        'disabled_at',
        'totp_enabled',
        'display_name',
        'staff_code',
      ])
      .orderBy('id')
      .execute(),
    grants: await db.selectFrom('role_grants').selectAll().orderBy('id').execute(),
    settings: await db.selectFrom('settings').selectAll().orderBy('key').execute(),
  };
}

const SELF_ONLY = new Set([
  '/api/v1/auth/sign-out',
  '/api/v1/auth/sign-out-everywhere',
  '/api/v1/auth/password',
]);

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(
    '../../etc/passwd',
    '%00',
    '\u0000',
    "' or 1=1 --",
    '"; drop table users; --',
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style probe, sent as plain text
    '${jndi:ldap://x}',
    '__proto__',
    'constructor',
  ),
  fc.string({ minLength: 1000, maxLength: 5000 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ code: hostileString, name: hostileString, parentCode: hostileString }),
  fc.record({ username: hostileString, password: hostileString }),
  fc.record({
    username: hostileString,
    displayName: hostileString,
    password: hostileString,
    grants: fc.array(fc.record({ role: hostileString, orgUnitCode: hostileString }), { maxLength: 3 }),
  }),
  fc.constant(JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}')),
  fc.constant({ levelNames: Array.from({ length: 1000 }, () => 'x') }),
  fc.integer().map((n) => {
    let o: unknown = n;
    for (let i = 0; i < 200; i++) o = { a: o };
    return o;
  }),
);

const request = fc.record({
  endpoint: fc.constantFrom(...ENDPOINTS.filter((e) => !SELF_ONLY.has(e.url))),
  method: fc.option(fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE'), { nil: undefined }),
  pathJunk: fc.option(
    hostileString.map((s) => encodeURIComponent(s)),
    { nil: undefined },
  ),
  query: fc.option(
    fc.dictionary(
      fc.string({ maxLength: 10 }),
      hostileString.map((s) => s.slice(0, 200)),
      { maxKeys: 4 },
    ),
    { nil: undefined },
  ),
  body: fc.oneof(
    hostileJson.map((b) => ({ kind: 'json' as const, b })),
    fc.string({ maxLength: 200 }).map((b) => ({ kind: 'raw' as const, b })),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-16',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    undefined,
  ),
  asStaff: fc.boolean(),
});

for (const dialect of DIALECTS) {
  describe(`hostile requests on ${dialect}`, () => {
    let h: TestHarbour;
    let app: FastifyInstance;
    let staff: Client;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      app = await buildApp(h, { webDist: '/nonexistent' });
      staff = await signInAs(app, 'staff');
    });
    afterAll(async () => {
      await app.close();
      await h.dispose();
    });

    it('answers 1,000 generated hostile requests without a 5xx and without changing what the caller may not touch', async () => {
      const before = await protectedState(h.db as Kysely<any>);
      const statuses = new Map<number, number>();
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          tried++;
          let url = r.endpoint.url;
          if (r.pathJunk !== undefined) url = url.replace('unknown', r.pathJunk.slice(0, 500));
          if (r.query) url += `?${new URLSearchParams(r.query).toString()}`;
          const payload = r.body.kind === 'json' ? JSON.stringify(r.body.b) : r.body.b;
          const res = await app.inject({
            method: (r.method ?? r.endpoint.method) as 'GET',
            url,
            headers: {
              ...(r.contentType ? { 'content-type': r.contentType } : {}),
              ...(r.asStaff ? { cookie: staff.cookie } : {}),
            },
            ...((r.method ?? r.endpoint.method) === 'GET' ? {} : { payload }),
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(
            res.statusCode,
            `${r.method ?? r.endpoint.method} ${url.slice(0, 120)} → ${res.body.slice(0, 300)}`,
          ).toBeLessThan(500);
          expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
        }),
        { numRuns: 1000, seed: 20261123 },
      );
      expect(tried).toBeGreaterThanOrEqual(1000);
      expect(await protectedState(h.db as Kysely<any>)).toEqual(before);
      // Most requests must be refused or rejected, not quietly accepted.
      const accepted = [...statuses].filter(([s]) => s < 300).reduce((a, [, n]) => a + n, 0);
      expect(accepted).toBeLessThan(tried / 2);
      expect((await h.audit.verify(h.db)).ok).toBe(true);
    });
  });
}
