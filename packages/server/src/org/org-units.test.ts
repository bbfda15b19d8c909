import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { systemActor, userActor } from '../identity/actor.js';
import { loadGrants } from '../identity/users.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { createOrgUnit, importOrgUnits, listOrgUnits, moveOrgUnit, renameOrgUnit } from './org-units.js';

const cli = systemActor();

for (const dialect of DIALECTS) {
  describe(`organisation tree on ${dialect}`, () => {
    let h: TestHarbour;
    beforeEach(async () => {
      h = await createTestHarbour(dialect);
    });
    afterEach(async () => h.dispose());

    it('imports code,name,parent in any row order, with levels, organisations and paths', async () => {
      const r = await importOrgUnits(
        h,
        cli,
        'code,name,parent\nSITE1,Site one,REG\nREG,Region,ORG\nROOT,Root,\nORG,Organisation,ROOT\n',
      );
      expect(r).toMatchObject({ created: 4, errors: [] });
      const units = await listOrgUnits(h, cli);
      const byCode = Object.fromEntries(units.map((u) => [u.code, u]));
      expect(byCode.ROOT!.level).toBe(1);
      expect(byCode.SITE1!.level).toBe(4);
      expect(byCode.SITE1!.levelName).toBe('region');
      expect(byCode.ROOT!.orgId).toBeNull();
      expect(byCode.ORG!.orgId).toBe(byCode.ORG!.id);
      expect(byCode.SITE1!.orgId).toBe(byCode.ORG!.id);
      expect(byCode.SITE1!.path).toBe(
        `/${byCode.ROOT!.id}/${byCode.ORG!.id}/${byCode.REG!.id}/${byCode.SITE1!.id}/`,
      );
    });

    it('is idempotent, renames and moves to match the file, and reports bad rows while keeping good ones', async () => {
      await importOrgUnits(
        h,
        cli,
        'code,name,parent\nR,Root,\nO,Org,R\nA,Region A,O\nB,Region B,O\nS,Site,A\n',
      );
      const again = await importOrgUnits(
        h,
        cli,
        'code;name;parent\nR;Root;\nO;Org;R\nA;Region A;O\nB;Region B;O\nS;Site renamed;B\nX;New;NOWHERE\nY;Good;B\n',
      );
      expect(again).toMatchObject({ created: 1, renamed: 1, moved: 1, unchanged: 4 });
      expect(again.errors).toEqual([
        { row: 7, column: 'parent', value: 'NOWHERE', message: expect.stringContaining('NOWHERE') },
      ]);
      const units = await listOrgUnits(h, cli);
      const s = units.find((u) => u.code === 'S')!;
      const b = units.find((u) => u.code === 'B')!;
      expect(s.name).toBe('Site renamed');
      expect(s.parentId).toBe(b.id);
      expect(s.path.startsWith(b.path)).toBe(true);
    });

    it('refuses a wrong header, naming the missing columns', async () => {
      await expect(importOrgUnits(h, cli, 'code,title\nA,B\n')).rejects.toThrow(/missing: name, parent/);
    });

    it('refuses duplicate codes, moves under itself, moves that skip a level or cross organisations', async () => {
      await createDemo(h, { clients: 0 });
      await expect(
        createOrgUnit(h, cli, { code: 'KYIV-DIC', name: 'Again', parentCode: 'UA-KYIV' }),
      ).rejects.toMatchObject({ status: 409 });
      const units = await listOrgUnits(h, cli);
      const id = (code: string) => units.find((u) => u.code === code)!.id;
      await expect(moveOrgUnit(h, cli, id('UA'), 'UA-KYIV')).rejects.toThrow(/cannot move under itself/);
      await expect(moveOrgUnit(h, cli, id('KYIV-DIC'), 'UA')).rejects.toThrow(/level/);
      await expect(moveOrgUnit(h, cli, id('KYIV-DIC'), 'ID-JAKARTA')).rejects.toThrow(/another organisation/);
      const moved = await moveOrgUnit(h, cli, id('KYIV-DIC'), 'UA-ODESA');
      expect(moved.path).toContain(id('UA-ODESA'));
      const renamed = await renameOrgUnit(h, cli, id('KYIV-DIC'), '  Kyiv DIC  ');
      expect(renamed.name).toBe('Kyiv DIC');
    });

    it('shows each user only their subtree, and lets only admins change it', async () => {
      await createDemo(h, { clients: 0 });
      const user = async (name: string) => {
        const row = await h.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', name)
          .executeTakeFirstOrThrow();
        return userActor(row.id, name, await loadGrants(h.db, row.id));
      };
      const jakarta = await user('jakarta');
      expect((await listOrgUnits(h, jakarta)).map((u) => u.code)).toEqual(['JKT-DIC']);
      const manager = await user('manager');
      expect((await listOrgUnits(h, manager)).map((u) => u.code).sort()).toEqual([
        'KYIV-DIC',
        'KYIV-OST',
        'KYIV-VAN',
        'UA-KYIV',
      ]);
      await expect(
        createOrgUnit(h, manager, { code: 'NEW', name: 'New', parentCode: 'UA-KYIV' }),
      ).rejects.toMatchObject({ status: 403 });
      const admin = await user('admin');
      await expect(createOrgUnit(h, admin, { code: 'ROOT2', name: 'Root' })).rejects.toThrow(/command line/);
      const created = await createOrgUnit(h, admin, {
        code: 'KYIV-PHARM',
        name: 'Kyiv pharmacy',
        parentCode: 'UA-KYIV',
      });
      expect(created.level).toBe(5);
      const audit = await h.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'org_unit.created')
        .where('entity_id', '=', created.id)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toBe('admin');
    });
  });
}
