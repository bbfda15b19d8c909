/**
 * Projects from the command line, built and run as an operator would: set-up from JSON or from the
 * finance officer's workbook (the template written, filled in, a bad cell named), spending from CSV,
 * the report as JSON, XLSX and PDF.
 */

import { execFile, execFileSync } from 'node:child_process';
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
      'Reports',
      'About',
    ]);
    expect(wb.getWorksheet('By member')!.getRow(3).getCell(1).value).toBe('Total');
    expect((await run(['project', 'report', '--project', 'NOPE'], env)).code).toBe(1);
  });

  it('sets a project up from the workbook template, names a bad cell, and reports it as PDF and XLSX with its results', async () => {
    const template = join(dir, 'template.xlsx');
    expect((await run(['project', 'template', '--out', template], env)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(template));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Project', 'Lines', 'Budget', 'Framework']);
    // The finance officer's own project: another code and dates; a bad amount first.
    const about = wb.getWorksheet('Project')!;
    about.getCell('B2').value = 'WB-1';
    about.getCell('B5').value = 'SLN';
    about.getCell('B7').value = new Date('2025-01-01T00:00:00Z');
    about.getCell('B8').value = '2025-12-31';
    about.getCell('B9').value = 264024;
    const budget = wb.getWorksheet('Budget')!;
    budget.getRow(3).values = [];
    budget.getCell('C2').value = 'a lot';
    const fw = wb.getWorksheet('Framework')!;
    fw.getRow(1).getCell(10).value = null;
    fw.getRow(2).getCell(10).value = null;
    fw.getRow(3).getCell(10).value = null;
    const filled = join(dir, 'wb.xlsx');
    await wb.xlsx.writeFile(filled);
    const bad = await run(['project', 'import', filled], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Budget!C2');
    budget.getCell('C2').value = 64024;
    await wb.xlsx.writeFile(filled);
    const made = await run(['project', 'import', filled], env);
    expect(made.err).toBe('');
    expect(made.out).toBe('Project WB-1 set up: Community-led harm reduction, with its results framework.\n');
    const json = JSON.parse(
      (await run(['project', 'report', '--project', 'WB-1', '--period', '2025Q2'], env)).out,
    );
    expect(json.asOf).toBe('2025-06-30');
    expect(json.project.reporting).toEqual({ every: 'quarter', dueDays: 30 });
    expect(json.lines.map((l: { name: string }) => l.name)).toEqual(['Staff', 'Services', 'Advocacy']);
    expect(json.results.indicators.map((i: { code: string }) => i.code)).toEqual(['reach', 'events']);
    expect(json.reports.periods).toHaveLength(4);

    const pdf = join(dir, 'wb.pdf');
    expect(
      (await run(['project', 'report', '--project', 'WB-1', '--format', 'pdf', '--out', pdf], env)).code,
    ).toBe(0);
    const textOf = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const words of [
      'Community-led harm reduction (WB-1)',
      'By member',
      'Results against targets',
      'People reached',
      'Report calendar',
    ])
      expect(textOf).toContain(words);
    const xlsx = join(dir, 'wb-report.xlsx');
    expect(
      (await run(['project', 'report', '--project', 'WB-1', '--format', 'xlsx', '--out', xlsx], env)).code,
    ).toBe(0);
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(readFileSync(xlsx));
    expect(report.worksheets.map((w) => w.name)).toContain('Results');
    const results = report.getWorksheet('Results')!;
    expect(results.getRow(2).getCell(3).value).toBe('People reached');
    expect(results.getRow(2).getCell(7).value).toBe(1000);
  });
});
