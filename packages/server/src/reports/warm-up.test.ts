import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { warmUpReports } from './warm-up.js';

for (const dialect of DIALECTS) {
  describe(`the report computed when the server starts (${dialect})`, () => {
    let h: TestHarbour;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      h.setNow('2026-11-23T12:00:00Z');
    });
    afterAll(() => h.dispose());

    const auditEntries = async () =>
      Number(
        (
          await h.db
            .selectFrom('audit_log')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('does nothing on a database with no org units yet', async () => {
      await expect(warmUpReports(h)).resolves.toBeUndefined();
    });

    it('reads, and writes nothing: not even an audit entry', async () => {
      await createDemo(h, { clients: 60, contacts: 400 });
      const before = await auditEntries();
      await warmUpReports(h);
      expect(await auditEntries()).toBe(before);
    });

    it('holds a report asked meanwhile until it is done, then answers it; the server is ready only then', async () => {
      let finish = () => {};
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      // The warm-up as a thenable that says when it is waited on: once by the app when it is built
      // (to turn /readyz ready), then by each report asked before it is over.
      let waits = 0;
      let reportWaits = () => {};
      const reportWaiting = new Promise<void>((resolve) => {
        reportWaits = resolve;
      });
      const warmingUp = {
        // biome-ignore lint/suspicious/noThenProperty: a thenable is the point: it reports each await
        then: (done: () => unknown, failed?: (e: unknown) => unknown) => {
          if (++waits >= 2) reportWaits();
          return gate.then(done, failed);
        },
      } as unknown as Promise<void>;
      const app = await buildApp(h, { webDist: '/nonexistent', warmingUp });
      try {
        const me = await signInAs(app, 'meofficer');
        let answered = false;
        const asked = me.get('/api/v1/reports?period=2026Q3&orgUnit=UA-KYIV').then((r) => {
          answered = true;
          return r;
        });
        // The report is now held by the warm-up, not merely slow.
        await reportWaiting;
        expect(answered).toBe(false);
        const warming = await app.inject({ method: 'GET', url: '/readyz' });
        expect([warming.statusCode, warming.json().status]).toEqual([503, 'warming']);
        finish();
        expect((await asked).statusCode).toBe(200);
        const ready = await app.inject({ method: 'GET', url: '/readyz' });
        expect([ready.statusCode, ready.json().status]).toEqual([200, 'ready']);
      } finally {
        await app.close();
      }
    });
  });
}
