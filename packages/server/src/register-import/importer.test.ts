import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateClient } from '../clients/registry.js';
import { createDemo } from '../demo/demo.js';
import { generateRegister, REGISTER_HEADER, registerCsvLine } from '../demo/programme-generator.js';
import { systemActor } from '../identity/actor.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { ErrorsCsv, neutralise } from './errors-csv.js';
import { importRegister } from './importer.js';
import { bufferSource, fileSource } from './read-rows.js';

const SITES = ['KYIV-DIC', 'KYIV-OST', 'ODESA-PORT'];
const csvOf = (rows: string[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;
const src = (text: string | Buffer, name = 'r.csv') =>
  bufferSource(name, Buffer.isBuffer(text) ? text : Buffer.from(text));

function registerText(seed: number, clients: number, contacts: number): string {
  const lines = [REGISTER_HEADER.join(',')];
  for (const r of generateRegister({
    seed,
    clients,
    contacts,
    sites: SITES,
    start: '2025-01-01',
    months: 12,
  }))
    lines.push(registerCsvLine(r));
  return `${lines.join('\n')}\n`;
}

for (const dialect of DIALECTS) {
  describe(`register import on ${dialect}`, () => {
    let h: TestHarbour;
    beforeEach(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
    });
    // Files the tests write (the garbage one is 50 MB), removed after each test.
    const dirs: string[] = [];
    const tempDir = (prefix: string) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    };
    afterEach(async () => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      await h.dispose();
    });

    const count = async (table: 'contacts' | 'clients' | 'client_month' | 'referrals') =>
      Number(
        (
          await h.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('imports a generated register, and importing it again adds nothing', async () => {
      const text = registerText(5, 60, 600);
      const rows = text.trim().split('\n').length - 1;
      const first = await importRegister(h, systemActor(), src(text));
      expect(first).toMatchObject({ rows, imported: rows, duplicates: 0, rejected: 0 });
      expect(first.clientsCreated).toBeGreaterThanOrEqual(60);
      const snapshot = [
        await count('contacts'),
        await count('clients'),
        await count('client_month'),
        await count('referrals'),
      ];
      const again = await importRegister(h, systemActor(), src(text));
      expect(again).toMatchObject({ imported: 0, duplicates: rows, rejected: 0, clientsCreated: 0 });
      expect([
        await count('contacts'),
        await count('clients'),
        await count('client_month'),
        await count('referrals'),
      ]).toEqual(snapshot);
      expect((await h.audit.verify(h.db)).ok).toBe(true);
    });

    it('keeps good rows, reports each bad one by row and column, and imports the fixed rows later', async () => {
      const text = csvOf([
        ['contact_date', 'site', 'uic', 'sex', 'syringes_out', 'hiv_test'],
        ['2026-01-05', 'KYIV-DIC', 'ABC1201', 'male', '10', 'negative'],
        ['2026-13-05', 'KYIV-DIC', 'ABC1202', 'male', '10', ''],
        ['2026-01-06', 'NOWHERE', 'ABC1203', 'male', '10', ''],
        ['2026-01-07', 'KYIV-DIC', 'ABC1204', 'man', '-1', 'pos'],
        ['2026-01-08', 'KYIV-DIC', '', 'female', '', ''],
      ]);
      const dir = tempDir('harbour-import-');
      const errorsCsv = new ErrorsCsv(join(dir, 'errors.csv'));
      const r = await importRegister(h, systemActor(), src(text), {
        onHeader: (c) => errorsCsv.header(c),
        onRejectedRow: (row, reason) => errorsCsv.row(row.cells, reason),
      });
      await errorsCsv.close();
      expect(r).toMatchObject({ imported: 1, rejected: 4 });
      expect(r.errors.map((e) => `${e.row}:${e.column}`)).toEqual([
        '3:contact_date',
        '4:site',
        '5:sex',
        '5:syringes_out',
        '5:hiv_test',
        '6:uic',
      ]);
      const written = readFileSync(join(dir, 'errors.csv'), 'utf8');
      expect(written.split('\n')[0]).toBe('\uFEFFcontact_date,site,uic,sex,syringes_out,hiv_test,reason');
      expect(written).toContain("'-1");
      // Fix the rows and import the whole file again: only the fixed rows are new.
      const fixed = text
        .replace('2026-13-05', '2026-01-05')
        .replace('NOWHERE', 'KYIV-DIC')
        .replace('man,-1,pos', 'male,1,positive')
        .replace('2026-01-08,KYIV-DIC,,', '2026-01-08,KYIV-DIC,ABC1205,');
      const again = await importRegister(h, systemActor(), src(fixed));
      expect(again).toMatchObject({ imported: 4, duplicates: 1, rejected: 0 });
    });

    it('imports nothing with all-or-nothing when a row is bad, and changes nothing in a dry run', async () => {
      const good = registerText(9, 10, 80);
      const bad = `${good}2026-01-05,KYIV-DIC,ABC9999,male,1990,pwid,,5,,,,,,,,,,,,,,,,oops\n`.replace(
        /^contact_id,/,
        'contact_id,',
      );
      const badRow = `${good.trimEnd()}\nX1,2026-02-30,KYIV-DIC,ABC9999,male,1990,pwid,,5,,,,,,,,,,,,,,,\n`;
      void bad;
      const all = await importRegister(h, systemActor(), src(badRow), { allOrNothing: true });
      expect(all).toMatchObject({ rejected: 1, rolledBack: true });
      expect(await count('contacts')).toBe(0);
      const dry = await importRegister(h, systemActor(), src(good), { dryRun: true });
      expect(dry.imported).toBeGreaterThan(0);
      expect(dry.rolledBack).toBe(true);
      expect(await count('contacts')).toBe(0);
      expect(await count('clients')).toBe(0);
    });

    it('derives each client’s OST episodes when one batch carries several clients’ OST rows', async () => {
      const text = csvOf([
        ['contact_date', 'site', 'uic', 'ost'],
        ['2026-01-05', 'KYIV-OST', 'OST0101', 'start'],
        ['2026-01-05', 'KYIV-OST', 'OST0202', 'start'],
        ['2026-01-12', 'KYIV-OST', 'OST0101', 'dose'],
        ['2026-01-20', 'KYIV-OST', 'OST0101', 'stop'],
        ['2026-02-01', 'KYIV-OST', 'OST0101', 'start'],
        ['2026-02-03', 'KYIV-OST', 'OST0202', 'dose'],
        ['2026-02-04', 'ODESA-PORT', 'OST0303', 'dose'],
      ]);
      expect(await importRegister(h, systemActor(), src(text))).toMatchObject({ imported: 7, rejected: 0 });
      const episodes = await h.db
        .selectFrom('ost_episodes as e')
        .innerJoin('clients as c', 'c.id', 'e.client_id')
        .select(['c.uic_hash', 'e.start_date', 'e.stop_date', 'e.last_dose_date'])
        .orderBy('e.start_date')
        .execute();
      const sln = await h.db
        .selectFrom('org_units')
        .select('id')
        .where('code', '=', 'SLN')
        .executeTakeFirstOrThrow();
      const hasher = await h.uic.forOrg(sln.id);
      const code = (uic: string) => hasher.hash(uic);
      expect(episodes.map((e) => [e.uic_hash, e.start_date, e.stop_date, e.last_dose_date]).sort()).toEqual(
        [
          [code('OST0101'), '2026-01-05', '2026-01-20', '2026-01-12'],
          [code('OST0101'), '2026-02-01', null, null],
          [code('OST0202'), '2026-01-05', null, '2026-02-03'],
          // A dose with no start on record opens an episode.
          [code('OST0303'), '2026-02-04', null, '2026-02-04'],
        ].sort(),
      );
    });

    it('takes client attributes from the earliest row that gives them and warns about later contradictions', async () => {
      const text = csvOf([
        ['contact_id', 'contact_date', 'site', 'uic', 'sex', 'birth_year', 'kp'],
        ['A', '2026-02-01', 'KYIV-DIC', 'XYZ0190', 'female', '1990', ''],
        ['B', '2026-01-01', 'KYIV-DIC', 'XYZ0190', 'male', '', 'pwid'],
        ['C', '2026-03-01', 'KYIV-DIC', 'XYZ0190', 'female', '1991', 'pwid'],
      ]);
      const r = await importRegister(h, systemActor(), src(text));
      expect(r.imported).toBe(3);
      const c = await h.db.selectFrom('clients').selectAll().executeTakeFirstOrThrow();
      expect(c).toMatchObject({
        sex: 'male',
        birth_year: 1990,
        kp: 'pwid',
        first_contact_date: '2026-01-01',
        last_contact_date: '2026-03-01',
      });
      expect(r.warnings.map((w) => `${w.row}:${w.column}`).sort()).toEqual(
        ['2:sex', '4:birth_year', '4:sex'].sort(),
      );
    });

    it('keeps what was recorded before an import over a later row that contradicts it, and fills what was missing', async () => {
      const first = csvOf([
        ['contact_id', 'contact_date', 'site', 'uic', 'sex', 'birth_year', 'kp'],
        ['P1', '2026-01-10', 'KYIV-DIC', 'PRE0190', 'male', '1990', ''],
      ]);
      expect((await importRegister(h, systemActor(), src(first))).imported).toBe(1);
      const later = csvOf([
        ['contact_id', 'contact_date', 'site', 'uic', 'sex', 'birth_year', 'kp'],
        ['P2', '2026-02-10', 'KYIV-DIC', 'PRE0190', 'female', '1990', 'pwid'],
      ]);
      const r = await importRegister(h, systemActor(), src(later));
      expect(r.imported).toBe(1);
      expect(r.warnings).toEqual([
        {
          row: 2,
          column: 'sex',
          message:
            '"female" contradicts the client\'s sex "male" recorded before this import; the earlier value is kept',
        },
      ]);
      const c = await h.db
        .selectFrom('clients')
        .select(['sex', 'birth_year', 'kp'])
        .where('first_contact_date', '=', '2026-01-10')
        .executeTakeFirstOrThrow();
      expect(c).toEqual({ sex: 'male', birth_year: 1990, kp: 'pwid' });
    });

    it('keeps a "not stated" set at the console over a row that states it, and fills a gap', async () => {
      const first = csvOf([
        ['contact_id', 'contact_date', 'site', 'uic', 'sex', 'birth_year', 'kp'],
        ['N1', '2026-01-10', 'KYIV-DIC', 'NST0190', 'male', '', 'pwid'],
      ]);
      expect((await importRegister(h, systemActor(), src(first))).imported).toBe(1);
      const { id } = await h.db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
      // Someone corrects the group to "not stated" at the console; the birth year was never given.
      await updateClient(h, systemActor(), id, { kp: null });
      const later = csvOf([
        ['contact_id', 'contact_date', 'site', 'uic', 'sex', 'birth_year', 'kp'],
        ['N2', '2026-02-10', 'KYIV-DIC', 'NST0190', 'male', '1990', 'pwud'],
      ]);
      const r = await importRegister(h, systemActor(), src(later));
      expect(r.imported).toBe(1);
      expect(r.warnings).toEqual([
        {
          row: 2,
          column: 'kp',
          message:
            '"pwud" contradicts the client\'s kp "not stated" recorded before this import; the earlier value is kept',
        },
      ]);
      const c = await h.db
        .selectFrom('clients')
        .select(['birth_year', 'kp'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(c).toEqual({ birth_year: 1990, kp: null });
    });

    it('reads XLSX, including date cells', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Register');
      ws.addRow(['contact_date', 'site', 'uic', 'sex', 'syringes_out', 'condoms_out']);
      ws.addRow([new Date('2026-01-05T00:00:00Z'), 'KYIV-DIC', 'XLS1201', 'male', 10, 2]);
      ws.addRow(['06/01/2026', 'KYIV-DIC', 'XLS1202', 'female', 5, null]);
      ws.addRow([
        { formula: 'DATE(2026,1,7)', result: new Date('2026-01-07T00:00:00Z') },
        'KYIV-DIC',
        'XLS1203',
        'male',
        1,
        0,
      ]);
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      const r = await importRegister(h, systemActor(), src(buf, 'register.xlsx'));
      expect(r).toMatchObject({ imported: 3, rejected: 0 });
      const dates = (
        await h.db.selectFrom('contacts').select('contact_date').orderBy('contact_date').execute()
      ).map((d) => d.contact_date);
      expect(dates).toEqual(['2026-01-05', '2026-01-06', '2026-01-07']);
    });

    it('refuses files that are not registers, with a message that says what to do', async () => {
      await expect(
        importRegister(h, systemActor(), src('date,site_code,uic_code\n2026-01-01,KYIV-DIC,ABC\n')),
      ).rejects.toThrow(/Missing: "contact_date".*"site"/);
      const cp1251 = Buffer.from([
        ...Buffer.from('contact_date;site;uic;sex\n2026-01-05;KYIV-DIC;'),
        0xcf,
        0xd3,
        0xcc,
        ...Buffer.from('3181;male\n'),
      ]);
      await expect(importRegister(h, systemActor(), src(cp1251))).rejects.toThrow(/not UTF-8.*Windows-1251/);
      await expect(importRegister(h, systemActor(), src(''))).rejects.toThrow(/empty/);
      await expect(
        importRegister(h, systemActor(), src(Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3]), 'x.xlsx')),
      ).rejects.toThrow(/XLSX file cannot be read/);
    });

    it('keeps whole batches written before a file turns out unreadable midway, and imports the rest later', async () => {
      const good = registerText(11, 200, 6000);
      const rows = good.trim().split('\n').length - 1;
      const dir = tempDir('harbour-midway-');
      const path = join(dir, 'r.csv');
      // Past the first 256 KB read, a byte that is not UTF-8: batches are being written by then.
      writeFileSync(path, Buffer.concat([Buffer.from(good), Buffer.from([0xcf, 0xd3, 0x0a])]));
      await expect(importRegister(h, systemActor(), fileSource(path), { batchSize: 500 })).rejects.toThrow(
        /not UTF-8/,
      );
      const kept = await count('contacts');
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(rows);
      expect((await h.audit.verify(h.db)).ok).toBe(true);
      const again = await importRegister(h, systemActor(), src(good));
      expect(again).toMatchObject({ imported: rows - kept, duplicates: kept, rejected: 0 });
    });

    it('rejects 50 MB of garbage quickly and without holding it in memory', async () => {
      const dir = tempDir('harbour-garbage-');
      const path = join(dir, 'garbage.csv');
      const block = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < block.length; i++) block[i] = 32 + ((i * 7919) % 90);
      writeFileSync(path, Buffer.concat(Array.from({ length: 50 }, () => block)));
      const t0 = performance.now();
      await expect(importRegister(h, systemActor(), fileSource(path))).rejects.toThrow(
        /longer than 64 KB|Missing/,
      );
      expect(performance.now() - t0).toBeLessThan(10_000);
    });

    it('only imports into sites the importer may import for', async () => {
      const staff = await actorFor(h.db, 'manager');
      const text = csvOf([
        ['contact_date', 'site', 'uic', 'syringes_out'],
        ['2026-01-05', 'KYIV-DIC', 'ABC1201', '10'],
        ['2026-01-05', 'JKT-DIC', 'ABC1202', '10'],
      ]);
      const r = await importRegister(h, staff, src(text));
      expect(r).toMatchObject({ imported: 1, rejected: 1 });
      expect(r.errors[0]).toMatchObject({ row: 3, column: 'site', value: 'JKT-DIC' });
      await expect(importRegister(h, await actorFor(h.db, 'outreach'), src(text))).rejects.toMatchObject({
        status: 403,
      });
    });
  });
}

describe('CSV injection', () => {
  it('neutralises every cell a spreadsheet would evaluate', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = neutralise(s);
        expect(/^[=+\-@\t\r]/.test(out)).toBe(false);
      }),
    );
    expect(neutralise('=HYPERLINK("http://evil","x")')).toBe('\'=HYPERLINK("http://evil","x")');
    expect(neutralise('KYIV-DIC')).toBe('KYIV-DIC');
  });
});
