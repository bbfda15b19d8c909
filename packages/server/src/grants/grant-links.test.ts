/**
 * Where a small grant shows beyond its call: on the consortium project the call reports to (linked
 * only within the call's part of the tree; counts and money for every reader of the project, never a
 * group's name), and on the group's entry in the directory of groups and networks (linked by the
 * officer; the grant's call, amount and status for the directory's readers only).
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { demoGrants } from '../demo/demo-grants.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { saveProject } from '../projects/project-service.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';
import { definitionOf, listCalls, saveCall } from './call-service.js';
import * as repo from './grant-repository.js';

const project = (code: string, keeper: string, members: string[]) => ({
  code,
  name: `Project ${code}`,
  donor: 'A donor',
  keeper,
  currency: 'USD',
  start: '2026-01-01',
  end: '2027-12-31',
  totalBudget: '100000',
  lines: [{ code: 'grants', name: 'Small grants' }],
  members: members.map((m) => ({ code: m, budget: { grants: '10000' } })),
});

for (const dialect of DIALECTS) {
  describe(`small grants on a consortium project (${dialect})`, () => {
    let h: TestHarbour | undefined;
    afterEach(async () => {
      await h?.dispose();
    });

    it('links a call to a project of its part of the tree and shows counts and money to its readers', async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      await createStaff(h);
      await demoGrants(h, '2026-03-15');
      await saveProject(h, systemActor(), project('RCF-2026', 'HRC', ['SLN', 'BRC']));
      await saveProject(h, systemActor(), project('BRC-ONLY', 'BRC', ['BRC']));
      const app = await buildApp(h, { webDist: '/nonexistent' });
      try {
        const decided = (await listCalls(h, systemActor())).find((c) => c.phase === 'closed')!;
        const row = (await repo.callById(h.db, decided.id))!;
        const def = definitionOf(row);
        const officer = await signInAs(app, 'grants');
        // A project that does not exist is named beside its field; so is one of another part of
        // the tree (this call is run by the consortium, so BRC's project is below it: allowed).
        const wrong = await officer.put(`/api/v1/grants/calls/${decided.id}`, { ...def, project: 'NOPE' });
        expect(wrong.json().errors[0]).toMatchObject({ field: 'project', value: 'NOPE' });
        const linked = await officer.put(`/api/v1/grants/calls/${decided.id}`, {
          ...def,
          project: 'RCF-2026',
        });
        expect(linked.statusCode, linked.body).toBe(200);
        expect(linked.json().project).toBe('RCF-2026');
        const sln = await saveCall(h, systemActor(), { ...def, unit: 'SLN', project: undefined });
        await expect(
          saveCall(h, systemActor(), { ...def, unit: 'SLN', project: 'BRC-ONLY' }, sln.id),
        ).rejects.toThrow(/project/);

        for (const reader of ['programme', 'donor', 'sln-manager']) {
          const r = await (await signInAs(app, reader)).get('/api/v1/projects/RCF-2026/grants');
          expect(r.statusCode, reader).toBe(200);
          const [call] = r.json().calls;
          expect(call).toMatchObject({ id: decided.id, phase: 'closed', currency: 'USD', applications: 5 });
          expect(call.awarded).toBeGreaterThanOrEqual(2);
          expect(call.paidAmount).toBe('2000.00');
          // Counts and money only: no group, no contact.
          expect(r.body).not.toMatch(/Sunrise|Night|Signal|group/i);
        }
        // Not a reader of that project: as if it did not exist; no project permission at all: refused.
        expect(
          (await (await signInAs(app, 'brc-manager')).get('/api/v1/projects/RCF-2026/grants')).statusCode,
        ).toBe(200);
        expect(
          (await (await signInAs(app, 'sln-manager')).get('/api/v1/projects/BRC-ONLY/grants')).statusCode,
        ).toBe(404);
        expect(
          (await (await signInAs(app, 'staff')).get('/api/v1/projects/RCF-2026/grants')).statusCode,
        ).toBe(403);
      } finally {
        await app.close();
      }
    });

    it("links an awarded grant to its group's directory entry, for the directory's readers", async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      await demoGrants(h, '2026-03-15');
      const app = await buildApp(h, { webDist: '/nonexistent' });
      try {
        const advocate = await signInAs(app, 'advocate');
        const entry = await advocate.post('/api/v1/community/groups', {
          keeper: 'HRC',
          name: 'Steppe Voices',
          country: 'KZ',
          kind: 'group',
          status: 'informal',
          listedPublicly: true,
        });
        expect(entry.statusCode, entry.body).toBe(201);
        const groupId = entry.json().id as string;
        const decided = (await listCalls(h, systemActor())).find((c) => c.phase === 'closed')!;
        const apps = await repo.applicationsOfCall(h.db, decided.id);
        const awarded = apps.find((a) => a.decision === 'awarded')!;
        const declined = apps.find((a) => a.decision !== 'awarded')!;
        const officer = await signInAs(app, 'grants');
        const link = (id: string, body: unknown) =>
          officer.post(`/api/v1/grants/applications/${id}/directory`, body);
        expect((await link(declined.id, { groupId })).statusCode).toBe(409);
        expect(
          (await link(awarded.id, { groupId: '00000000-0000-7000-8000-000000000000' })).json().errors[0],
        ).toMatchObject({
          field: 'groupId',
        });
        const linked = await link(awarded.id, { groupId });
        expect(linked.statusCode, linked.body).toBe(200);
        expect(linked.json().directoryGroup).toEqual({ id: groupId, name: 'Steppe Voices' });

        const read = async (who: string) =>
          (
            (await (await signInAs(app, who)).get('/api/v1/community/groups')).json().groups as {
              id: string;
              grant: unknown;
              smallGrant: boolean;
            }[]
          ).find((g) => g.id === groupId)!;
        expect(await read('advocate')).toMatchObject({
          smallGrant: true,
          grant: {
            callId: decided.id,
            call: 'Community voices',
            amount: awarded.awarded_amount,
            currency: 'USD',
          },
        });
        // The public listing says the group had a small grant, not which or how much.
        expect(await read('donor')).toMatchObject({ smallGrant: true, grant: null });
        // Changing the entry keeps the link; unlinking clears it.
        const changed = await advocate.put(`/api/v1/community/groups/${groupId}`, {
          keeper: 'HRC',
          name: 'Steppe Voices',
          country: 'KZ',
          region: 'Almaty',
          kind: 'group',
          status: 'informal',
          listedPublicly: true,
        });
        expect(changed.statusCode, changed.body).toBe(200);
        expect((await read('advocate')).grant).not.toBeNull();
        expect((await link(awarded.id, { groupId: null })).json().directoryGroup).toBeNull();
        expect((await read('advocate')).grant).toBeNull();
      } finally {
        await app.close();
      }
    });
  });
}
