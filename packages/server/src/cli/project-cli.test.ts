/** Projects from the command line, built and run as an operator would: set-up from JSON, spending from CSV, the report as JSON and XLSX. */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/harbour.js', import.meta.url));

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 120_000 },
      (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 2) : 0, out, err }),
    );
  });
}

describe('project commands (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harbour-cli-projects-'));
  const env = { HARBOUR_DATA_DIR: dir };
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    expect((await run(['init'], env)).code).toBe(0);
    expect((await run(['demo', '--clients', '0'], env)).code).toBe(0);
  }, 120_000);

  it('sets a project up, records spending from a CSV naming the bad row, and reports it as JSON and XLSX', async () => {
    const setup = {
      code: 'CLI-1',
      name: 'Command line grant',
      donor: 'Test fund',
      keeper: 'SLN',
      currency: 'USD',
      start: '2025-01-01',
      end: '2025-12-31',
      totalBudget: '12000',
      members: [{ code: 'SLN', budget: { staff: '10000', travel: '2000' } }],
    };
    const made = await run(['project', 'import', file('p.json', JSON.stringify(setup))], env);
    expect(made.err).toBe('');
    expect(made.out).toBe('Project CLI-1 set up: Command line grant.\n');
    expect((await run(['project', 'import', file('p.json', JSON.stringify(setup))], env)).code).toBe(1);

    const csv =
      'member,line,period,amount,currency,rate\nSLN,staff,2025Q1,2500,,\nSLN,travel,2025Q2,20000,UAH,\nSLN,travel,2025Q2,20000,UAH,0.025\n';
    const spent = await run(['project', 'spending', file('s.csv', csv), '--project', 'CLI-1'], env);
    expect(spent.code).toBe(1);
    expect(spent.out).toBe('Recorded 2 row(s); rejected 1.\n');
    expect(spent.err).toContain('row 3, rate');

    const json = await run(['project', 'report', '--project', 'CLI-1', '--as-of', '2025-07-02'], env);
    const d = JSON.parse(json.out);
    // 2,500 + 20,000 UAH × 0.025 = 3,000 spent of 12,000, half the year gone.
    expect(d.total).toMatchObject({ budget: '12000.00', spent: '3000.00', projected: '5983.61' });
    const out = join(dir, 'r.xlsx');
    expect(
      (await run(['project', 'report', '--project', 'CLI-1', '--format', 'xlsx', '--out', out], env)).code,
    ).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'By member',
      'By line',
      'By member and line',
      'Spending',
      'About',
    ]);
    expect(wb.getWorksheet('By member')!.getRow(3).getCell(1).value).toBe('Total');
    expect((await run(['project', 'report', '--project', 'NOPE'], env)).code).toBe(1);
  });
});
