/**
 * The directory of drug-user groups and networks on both databases: its readers see every entry in
 * their subtree with the contact a group shares; everyone else only the groups listed publicly, never
 * a contact; only the keeper's managers change an entry (reads and writes, inside and outside the
 * subtree, by id); contacts and notes are sealed at rest and a list that shows them is audited.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { demoCommunity } from '../demo/demo-community.js';
import { buildApp } from '../http/app.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { createStaff } from '../test-support/staff.js';

const GROUP = {
  keeper: 'HRC',
  name: 'Lviv Peer Circle',
  country: 'UA',
  region: 'Lviv',
  kind: 'group',
  status: 'informal',
  membership: '10_49',
  contact: 'Signal +000 1234 (coordinator)',
  notes: 'Prefers contact through the network',
  nationalSeat: 'observer',
  ccmSeat: 'member',
};

for (const dialect of DIALECTS) {
  describe(`the directory of drug-user groups (${dialect})`, () => {
    const open: { close(): Promise<unknown> }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0).reverse()) await o.close();
    });

    async function start() {
      const h: TestHarbour = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
      await demoCommunity(h);
      await createStaff(h, [['sln-manager', 'programme_manager', 'SLN']]);
      const app = await buildApp(h, { webDist: '/nonexistent' });
      open.push({ close: () => h.dispose() }, { close: () => app.close() });
      return { h, app };
    }

    it('shows its readers every entry with contacts, everyone else the public listing only', async () => {
      const { h, app } = await start();
      const advocate = await signInAs(app, 'advocate');
      const added = await advocate.post('/api/v1/community/groups', GROUP);
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({
        contact: GROUP.contact,
        notes: GROUP.notes,
        listedPublicly: false,
      });
      const listed = await advocate.get('/api/v1/community/groups');
      expect(listed.headers['cache-control']).toBe('no-store');
      const all = listed.json().groups;
      expect(all).toHaveLength(21);
      expect(all.every((g: { contact: string | null }) => g.contact !== null)).toBe(true);
      // A donor, and site staff, see the five groups listed publicly, without contact or notes.
      for (const who of ['donor', 'staff']) {
        const seen = (await (await signInAs(app, who)).get('/api/v1/community/groups')).json().groups;
        expect(seen.map((g: { name: string }) => g.name).sort(), who).toEqual(
          [
            'Almaty Peer Network',
            'Bishkek Harm Reduction Network',
            'Jakarta Drug User Union',
            'Tbilisi New Vector',
            'Voice of the Street',
          ].sort(),
        );
        expect(
          seen.every((g: { contact: unknown; notes: unknown }) => g.contact === null && g.notes === null),
        ).toBe(true);
        expect(
          JSON.stringify((await (await signInAs(app, who)).get('/api/v1/community/countries')).json()),
        ).not.toContain('"MD"');
      }
      // Filters, and the country summary (a seat is member or alternate).
      const ccm = (await advocate.get('/api/v1/community/groups?country=ua&seat=ccm')).json().groups;
      expect(ccm.map((g: { name: string }) => g.name).sort()).toEqual([
        'Lviv Peer Circle',
        'Voice of the Street',
      ]);
      const ua = (await advocate.get('/api/v1/community/countries'))
        .json()
        .countries.find((c: { country: string }) => c.country === 'UA');
      expect(ua).toEqual({
        country: 'UA',
        groups: 5,
        networks: 1,
        nationalSeats: 2,
        ccmSeats: 2,
        smallGrants: 2,
      });
      // Sealed at rest; each list with contacts is audited (the two above), the summary and listings without contacts are not.
      const stored = JSON.stringify(await h.db.selectFrom('community_groups').selectAll().execute());
      for (const secret of [GROUP.contact, GROUP.notes, 'coordinator, agreed to share'])
        expect(stored).not.toContain(secret);
      const reads = await h.db
        .selectFrom('audit_log')
        .select('actor')
        .where('action', '=', 'community.contacts_read')
        .execute();
      expect(reads.map((r) => r.actor)).toEqual(['advocate', 'advocate']);
      // CSV for those who work with it: formula-safe.
      await advocate.post('/api/v1/community/groups', { ...GROUP, name: '=HYPERLINK("x")' });
      const csv = (await advocate.get('/api/v1/community/groups?format=csv')).body;
      expect(csv.split('\n')[0]).toBe(
        'name,country,region,kind,status,founded,membership,languages,nationalSeat,ccmSeat,smallGrant,listedPublicly,contact,keeper',
      );
      expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    });

    it('lets only the keeper’s managers change an entry, and names bad input', async () => {
      const { app } = await start();
      const advocate = await signInAs(app, 'advocate');
      const sln = await signInAs(app, 'sln-manager');
      const id = (await advocate.post('/api/v1/community/groups', GROUP)).json().id;
      // A manager of a member organisation neither sees nor changes the consortium's entry by its id.
      expect((await sln.put(`/api/v1/community/groups/${id}`, { ...GROUP, name: 'x' })).statusCode).toBe(404);
      expect(
        (await sln.request({ method: 'DELETE', url: `/api/v1/community/groups/${id}` })).statusCode,
      ).toBe(404);
      expect(
        (await sln.get('/api/v1/community/groups')).json().groups.some((g: { id: string }) => g.id === id),
      ).toBe(false);
      // …nor adds one kept above its organisation, but keeps its own, which the consortium's readers see.
      expect((await sln.post('/api/v1/community/groups', GROUP)).json().errors[0]).toMatchObject({
        field: 'keeper',
        value: 'HRC',
      });
      const own = await sln.post('/api/v1/community/groups', {
        ...GROUP,
        keeper: 'SLN',
        name: 'Kyiv Night Peers',
      });
      expect(own.statusCode).toBe(201);
      expect(
        (await advocate.get('/api/v1/community/groups'))
          .json()
          .groups.some((g: { name: string }) => g.name === 'Kyiv Night Peers'),
      ).toBe(true);
      // A donor may not write at all.
      expect((await (await signInAs(app, 'donor')).post('/api/v1/community/groups', GROUP)).statusCode).toBe(
        403,
      );
      // Bad input, each field named.
      const bad = await advocate.post('/api/v1/community/groups', {
        ...GROUP,
        country: 'XX',
        kind: 'club',
        founded: 1800,
      });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['country', 'founded', 'kind']);
      // Changed, then removed at the group's request: nothing of it stays.
      const changed = await advocate.put(`/api/v1/community/groups/${id}`, {
        ...GROUP,
        listedPublicly: true,
        contact: undefined,
      });
      expect(changed.json()).toMatchObject({ listedPublicly: true, contact: null });
      expect(
        (await advocate.request({ method: 'DELETE', url: `/api/v1/community/groups/${id}` })).statusCode,
      ).toBe(204);
      expect(
        (await advocate.get('/api/v1/community/groups'))
          .json()
          .groups.some((g: { id: string }) => g.id === id),
      ).toBe(false);
    });
  });
}
