import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRegisterRow, REGISTER_COLUMNS, readRegisterHeader, registerRowChecker } from './register.js';

const TODAY = '2026-03-15';
/** The header as formats.md §1 lists it — read from the contract itself, so the code cannot drift from it. */
const HEADER = [
  ...readFileSync(fileURLToPath(new URL('../../../docs/formats.md', import.meta.url)), 'utf8')
    .split('## 2.')[0]!
    .matchAll(/^\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|/gm),
].flatMap((m) => m[1]!.split(', ').map((c) => c.slice(1, -1)));

describe('the register contract', () => {
  it('has exactly the columns formats.md lists, in its order', () => {
    expect(HEADER.length).toBe(24);
    expect([...REGISTER_COLUMNS]).toEqual(HEADER);
  });
});

function row(values: Record<string, string | number | Date>) {
  const { header } = readRegisterHeader(HEADER);
  return parseRegisterRow(
    HEADER.map((h) => values[h] ?? ''),
    header,
    2,
    TODAY,
  );
}

describe('register header', () => {
  it('accepts exact names in any order and case, with a BOM and spaces', () => {
    const r = readRegisterHeader(['\uFEFF UIC ', 'Site', 'contact_date', 'colour']);
    expect(r.problem).toBeNull();
    expect(r.header.index).toEqual({ uic: 0, site: 1, contact_date: 2 });
    expect(r.warnings).toEqual(['Column "colour" is not part of the register format and is ignored']);
  });

  it('names missing required columns and suggests the near miss', () => {
    const r = readRegisterHeader(['date', 'site_code', 'uic_code', 'syringes']);
    expect(r.problem).toContain('Missing: "contact_date"');
    expect(r.problem).toContain('found "uic_code"');
    expect(r.warnings.join('\n')).toContain('did you mean "syringes_out"');
  });
});

describe('register rows', () => {
  it('rejects a control character in the free-text columns, naming each, without showing it', () => {
    const r = row({
      contact_id: 'R\u0000-1',
      contact_date: '2026-03-14',
      site: 'KYIV\u0007DIC',
      uic: 'PUM3181',
      worker: 'OW\u001b1',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.filter((i) => i.message.includes('control character')).map((i) => i.column)).toEqual([
      'contact_id',
      'site',
      'worker',
    ]);
    expect(JSON.stringify(r.issues)).not.toContain('\\u0000');
  });

  it('turns a full row into a contact with items', () => {
    const r = row({
      contact_id: 'R-1',
      contact_date: '14.03.2026',
      site: 'KYIV-DIC',
      uic: 'pum 3181',
      sex: 'Male',
      birth_year: '1981',
      kp: 'pwid',
      worker: 'OW-1',
      syringes_out: '10',
      needles_out: '0',
      syringes_returned: '8',
      condoms_out: '5',
      naloxone_out: '1',
      naloxone_reversals: '1',
      iec: 'yes',
      hiv_test: 'Positive',
      art_started: 'yes',
      viral_load: '1200',
      prep: '',
      hcv_test: 'negative',
      tb_screened: 'presumptive',
      ost: 'dose',
      referral: 'art; tb;art',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row).toMatchObject({
      contactId: 'R-1',
      date: '2026-03-14',
      siteCode: 'KYIV-DIC',
      uic: { base: 'PUM3181', suffix: 0 },
      sex: 'male',
      birthYear: 1981,
      kp: 'pwid',
      worker: 'OW-1',
    });
    expect(r.row.items).toEqual([
      { code: 'syringes', qty: 10 },
      { code: 'syringes_returned', qty: 8 },
      { code: 'condoms', qty: 5 },
      { code: 'naloxone', qty: 1 },
      { code: 'naloxone_reversal', qty: 1 },
      { code: 'iec' },
      { code: 'art_start' },
      { code: 'hiv_test', result: 'positive' },
      { code: 'hcv_test', result: 'negative' },
      { code: 'tb_screening', result: 'presumptive' },
      { code: 'viral_load', copies: 1200 },
      { code: 'ost', event: 'dose' },
      { code: 'referral', to: 'art' },
      { code: 'referral', to: 'tb' },
    ]);
  });

  it('accepts the three date forms and an Excel date cell', () => {
    for (const d of ['2026-03-01', '01.03.2026', '1/3/2026', new Date('2026-03-01T00:00:00Z')]) {
      const r = row({ contact_date: d, site: 'S', uic: 'ABC123' });
      expect(r.ok && r.row.date).toBe('2026-03-01');
    }
  });

  it('names the column, the value and what is allowed for each bad cell, and never echoes a UIC', () => {
    const r = row({
      contact_date: '2026-02-30',
      site: '',
      uic: '=HYPERLINK("http://x")',
      sex: 'man',
      kp: 'injector',
      birth_year: '81',
      syringes_out: '-3',
      condoms_out: '99999',
      hiv_test: 'pos',
      iec: 'maybe',
      ost: 'continue',
      referral: 'art;dentist',
      worker: '=cmd|x',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const by = Object.fromEntries(r.issues.map((i) => [i.column, i]));
    expect(by.contact_date!.message).toContain('Not a real date');
    expect(by.site!.message).toContain('missing');
    expect(by.uic!.value).toBe('(hidden)');
    expect(JSON.stringify(r.issues)).not.toContain('HYPERLINK');
    expect(by.sex!).toMatchObject({ value: 'man', message: expect.stringContaining('trans_woman') });
    expect(by.kp!.value).toBe('injector');
    expect(by.birth_year!.message).toContain('YYYY');
    expect(by.syringes_out!.message).toContain('whole number');
    expect(by.condoms_out!.message).toContain('at most 1000');
    expect(by.hiv_test!.message).toContain('negative, positive, indeterminate, declined, referred');
    expect(by.iec!.message).toContain('yes');
    expect(by.ost!.message).toContain('start, dose, stop');
    expect(by.referral!.value).toBe('dentist');
    expect(by.worker!.message).toContain('staff code');
    for (const i of r.issues) expect(i.row).toBe(2);
  });

  it('refuses future dates and dates before 1990', () => {
    const future = row({ contact_date: '2026-03-17', site: 'S', uic: 'ABC123' });
    expect(!future.ok && future.issues[0]!.message).toContain('future');
    expect(row({ contact_date: '2026-03-16', site: 'S', uic: 'ABC123' }).ok).toBe(true);
    const old = row({ contact_date: '1989-12-31', site: 'S', uic: 'ABC123' });
    expect(!old.ok && old.issues[0]!.message).toContain('1990');
  });

  it('treats empty cells as not given', () => {
    const r = row({ contact_date: '2026-03-01', site: 'S', uic: 'ABC123', syringes_out: '0', iec: 'no' });
    expect(r.ok && r.row).toMatchObject({ sex: null, birthYear: null, kp: null, items: [] });
  });

  it('checks every row of a file alike with one checker: a date seen before is judged the same again', () => {
    const { header } = readRegisterHeader(HEADER);
    const check = registerRowChecker(header, TODAY);
    const cells = (v: Record<string, string>) => HEADER.map((h) => v[h] ?? '');
    for (const rowNumber of [2, 3, 4]) {
      const bad = check(cells({ contact_date: '30.02.2025', site: 'S', uic: 'ABC123' }), rowNumber);
      expect(bad).toEqual({
        ok: false,
        issues: [expect.objectContaining({ row: rowNumber, column: 'contact_date', value: '30.02.2025' })],
      });
      const good = check(
        cells({ contact_date: '28.02.2025', site: 'S', uic: 'ABC123', iec: 'yes' }),
        rowNumber,
      );
      expect(good.ok && good.row).toMatchObject({
        row: rowNumber,
        date: '2025-02-28',
        items: [{ code: 'iec' }],
      });
    }
  });
});
