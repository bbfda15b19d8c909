/**
 * A project's set-up from the spreadsheet a finance officer already keeps, and the template for it
 * (docs/projects.md). Three sheets: "Project" (field | value), "Budget" (a row per member, a column
 * per budget line; the optional "Lines" sheet names the lines) and the optional "Framework" (an
 * indicator per row, a column per period for its targets). What a cell holds is read as the JSON
 * set-up would say it, then checked by the same rules; a cell that cannot be read is named by its
 * sheet and address.
 */

import { type FieldIssue, type FrameworkInput, InputError, type ProjectInput } from '@harbour/core';
import type { Cell, Workbook, Worksheet } from 'exceljs';

const PROJECT_FIELDS: [string, keyof ProjectInput | 'every' | 'dueDays'][] = [
  ['Code', 'code'],
  ['Name', 'name'],
  ['Donor', 'donor'],
  ['Led by (org unit code)', 'keeper'],
  ['Currency', 'currency'],
  ['First day', 'start'],
  ['Last day', 'end'],
  ['Total budget', 'totalBudget'],
  ['Reports every (quarter, sixmonth, year)', 'every'],
  ['Reports due (days after the period)', 'dueDays'],
];

/** A cell as text: dates as YYYY-MM-DD, numbers as written, formulas by their result. */
function text(cell: Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && v !== null && 'result' in v)
    return String((v as { result: unknown }).result ?? '');
  if (typeof v === 'object' && v !== null && 'richText' in v)
    return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  return String(v).trim();
}

const address = (ws: Worksheet, cell: Cell) => `${ws.name}!${cell.address}`;

export async function readProjectWorkbook(
  bytes: Buffer,
): Promise<{ project: ProjectInput; framework: FrameworkInput | null }> {
  const { default: ExcelJS } = await import('exceljs');
  const wb: Workbook = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new InputError({ field: 'file', rule: 'format', message: 'Not an XLSX workbook' });
  }
  const issues: FieldIssue[] = [];
  const sheet = (name: string, required: boolean) => {
    const ws = wb.getWorksheet(name);
    if (!ws && required)
      issues.push({ field: name, rule: 'required', message: `The workbook needs a sheet named "${name}"` });
    return ws;
  };
  const about = sheet('Project', true);
  const budget = sheet('Budget', true);
  if (!about || !budget) throw new InputError(issues);

  const fields = new Map<string, string>();
  about.eachRow((row) => {
    const label = text(row.getCell(1));
    const entry = PROJECT_FIELDS.find(([l]) => l.toLowerCase() === label.toLowerCase());
    if (entry) fields.set(entry[1], text(row.getCell(2)));
  });
  for (const [label, key] of PROJECT_FIELDS.slice(0, 8))
    if (!fields.get(key))
      issues.push({
        field: `Project!${label}`,
        rule: 'required',
        message: `Give the project's ${label.toLowerCase()}`,
      });

  const names = new Map<string, string>();
  wb.getWorksheet('Lines')?.eachRow((row, n) => {
    if (n > 1 && text(row.getCell(1)))
      names.set(text(row.getCell(1)), text(row.getCell(2)) || text(row.getCell(1)));
  });
  const header = budget.getRow(1);
  const lineCols: { col: number; code: string }[] = [];
  header.eachCell((cell, col) => {
    if (col > 1 && text(cell)) lineCols.push({ col, code: text(cell) });
  });
  if (!lineCols.length)
    issues.push({
      field: 'Budget!B1',
      rule: 'required',
      message: 'Budget line codes go in the first row, from column B',
    });
  const members: ProjectInput['members'] = [];
  budget.eachRow((row, n) => {
    if (n === 1) return;
    const code = text(row.getCell(1));
    if (!code) return;
    const amounts: Record<string, string> = {};
    for (const { col, code: line } of lineCols) {
      const cell = row.getCell(col);
      const value = text(cell);
      if (value === '') continue;
      if (!/^\d{1,15}(\.\d{1,2})?$/.test(value))
        issues.push({
          field: address(budget, cell),
          value,
          rule: 'format',
          message: 'A non-negative amount with up to 2 decimals',
        });
      else amounts[line] = value;
    }
    members.push({ code, budget: amounts });
  });

  let framework: FrameworkInput | null = null;
  const fw = wb.getWorksheet('Framework');
  if (fw) {
    const cols = new Map<string, number>();
    const periods: { col: number; period: string }[] = [];
    fw.getRow(1).eachCell((cell, col) => {
      const h = text(cell);
      if (/^\d{4}(Q[1-4]|S[12]|\d{2})?$/.test(h)) periods.push({ col, period: h });
      else cols.set(h.toLowerCase(), col);
    });
    const at = (row: import('exceljs').Row, name: string) => {
      const c = cols.get(name);
      return c ? text(row.getCell(c)) : '';
    };
    const indicators: FrameworkInput['indicators'] = [];
    fw.eachRow((row, n) => {
      if (n === 1 || !at(row, 'code')) return;
      const targets: Record<string, number> = {};
      for (const { col, period } of periods) {
        const cell = row.getCell(col);
        const value = text(cell);
        if (value === '') continue;
        if (!Number.isFinite(Number(value)) || Number(value) < 0)
          issues.push({
            field: address(fw, cell),
            value,
            rule: 'format',
            message: 'A target is a number of zero or more',
          });
        else targets[period] = Number(value);
      }
      const baseline = at(row, 'baseline');
      indicators.push({
        code: at(row, 'code'),
        objective: at(row, 'objective'),
        result: at(row, 'expected result'),
        name: at(row, 'indicator'),
        ...(at(row, 'harbour indicator') ? { harbour: at(row, 'harbour indicator') } : {}),
        ...(at(row, 'unit') ? { unit: at(row, 'unit') } : {}),
        ...(baseline ? { baseline: Number(baseline) } : {}),
        ...(/^(yes|y|true|1)$/i.test(at(row, 'split yearly')) ? { splitYearly: true } : {}),
        targets,
      });
    });
    framework = { indicators };
  }
  if (issues.length) throw new InputError(issues);
  const every = fields.get('every');
  const dueDays = fields.get('dueDays');
  return {
    project: {
      code: fields.get('code')!,
      name: fields.get('name')!,
      donor: fields.get('donor')!,
      keeper: fields.get('keeper')!,
      currency: fields.get('currency')!.toUpperCase(),
      start: fields.get('start')!,
      end: fields.get('end')!,
      totalBudget: fields.get('totalBudget')!,
      lines: lineCols.map((l) => ({ code: l.code, name: names.get(l.code) ?? l.code })),
      members,
      ...(every || dueDays
        ? {
            reporting: {
              ...(every ? { every: every as 'quarter' } : {}),
              ...(dueDays ? { dueDays: Number(dueDays) } : {}),
            },
          }
        : {}),
    },
    framework,
  };
}

/** The template: the three sheets filled with an example a finance officer overwrites. */
export async function projectTemplate(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Harbour';
  const about = wb.addWorksheet('Project');
  about.columns = [{ width: 42 }, { width: 50 }];
  const example: Record<string, string | number> = {
    code: 'RCF-2025',
    name: 'Community-led harm reduction',
    donor: 'Robert Carr Fund',
    keeper: 'HRC',
    currency: 'USD',
    start: '2025-01-01',
    end: '2026-12-31',
    totalBudget: '974623.00',
    every: 'quarter',
    dueDays: 30,
  };
  about.addRow(['Field', 'Value']).font = { bold: true };
  for (const [label, key] of PROJECT_FIELDS) about.addRow([label, example[key]]);
  const lines = wb.addWorksheet('Lines');
  lines.columns = [{ width: 16 }, { width: 30 }];
  lines.addRow(['Code', 'Name']).font = { bold: true };
  for (const [code, name] of [
    ['staff', 'Staff'],
    ['services', 'Services'],
    ['advocacy', 'Advocacy'],
  ])
    lines.addRow([code, name]);
  const budget = wb.addWorksheet('Budget');
  budget.columns = [{ width: 24 }, { width: 14 }, { width: 14 }, { width: 14 }];
  budget.addRow(['Member (organisation code)', 'staff', 'services', 'advocacy']).font = { bold: true };
  budget.addRow(['SLN', 200000, 64024, 0]);
  budget.addRow(['BRC', 100000, 0, 50000]);
  const fw = wb.addWorksheet('Framework');
  fw.columns = [
    { width: 10 },
    { width: 30 },
    { width: 30 },
    { width: 26 },
    { width: 18 },
    { width: 10 },
    { width: 10 },
    { width: 12 },
    { width: 10 },
    { width: 10 },
  ];
  fw.addRow([
    'Code',
    'Objective',
    'Expected result',
    'Indicator',
    'Harbour indicator',
    'Unit',
    'Baseline',
    'Split yearly',
    '2025',
    '2026',
  ]).font = { bold: true };
  fw.addRow([
    'reach',
    'People reach services',
    'More people reached',
    'People reached',
    'reached',
    '',
    800,
    'yes',
    1000,
    1400,
  ]);
  fw.addRow([
    'events',
    'Laws that do not punish',
    'Decision makers hear communities',
    'Advocacy events held',
    '',
    'events',
    '',
    '',
    8,
    10,
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
