import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HarbourReport, parsePeriod } from '@harbour/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDhis2, startFakeDhis2 } from '../../test-support/fake-dhis2.js';
import { pushDataValueSet } from '../dhis2-client.js';
import { isInternalAddress } from '../outbound.js';
import { adxPeriod, reportToAdx, validateAdx } from './adx-export.js';
import { barChart } from './charts.js';
import { reportToCsv } from './csv-export.js';
import { reportToDataValueSet } from './dhis2-export.js';
import { checkMapping } from './dhis2-mapping.js';
import { reportToPdf } from './pdf-export.js';
import { reportToXlsx } from './xlsx-export.js';

const report: HarbourReport = {
  format: 'harbour.report/1',
  period: { id: '2026Q1', start: '2026-01-01', end: '2026-03-31' },
  orgUnit: 'UA',
  generatedAt: '2026-04-02T08:00:00Z',
  suppression: { threshold: 5 },
  values: [
    { indicator: 'reached', disaggregation: {}, value: 1234 },
    { indicator: 'reached', disaggregation: { sex: 'female', age: '20-24' }, value: 57 },
    { indicator: 'reached', disaggregation: { sex: 'male', age: '20-24' }, value: '<5' },
    { indicator: 'reached', disaggregation: { sex: 'trans_woman', age: '25+' }, value: 9 },
    { indicator: 'nsp.per_pwid_year', disaggregation: {}, value: 143.2 },
    { indicator: 'nsp.level', disaggregation: {}, value: 'medium' },
    { indicator: 'ost.retention_6m', disaggregation: {}, value: null },
  ],
};

const mapping = checkMapping({
  dataSet: 'HR_DS',
  orgUnits: { UA: 'OU_UA_UID' },
  dataElements: {
    reached: {
      dataElement: 'DE_REACHED',
      categoryOptionCombos: {
        '': 'COC_DEFAULT',
        'sex=female|age=20-24': 'COC_F_2024',
        'sex=male|age=20-24': 'COC_M_2024',
      },
    },
    'nsp.per_pwid_year': { dataElement: 'DE_SYR_PER_PWID', categoryOptionCombos: { '': 'COC_DEFAULT' } },
  },
  categories: {
    sex: { code: 'SEX', options: { female: 'F', male: 'M' } },
    age: { code: 'AGE', options: { '20-24': 'Y20_24' } },
  },
});

describe('exports, all from harbour.report/1', () => {
  it('writes CSV with one column per disaggregation, keeping "<5" and neutralising formulas', () => {
    const csv = reportToCsv({ ...report, orgUnit: '=cmd|x' });
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('period,period_start,period_end,org_unit,indicator,sex,age,value');
    expect(lines[2]).toBe("2026Q1,2026-01-01,2026-03-31,'=cmd|x,reached,female,20-24,57");
    expect(lines[3]).toContain(',<5');
    expect(lines).toHaveLength(8);
  });

  it('writes XLSX with the same rows, in words, each with its period and org unit, codes at the right', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      await reportToXlsx(
        {
          ...report,
          values: [
            ...report.values,
            { indicator: 'reached', disaggregation: { sex: 'transgender', age: '25+' }, value: 9 },
          ],
        },
        new Map([['UA', 'Ukraine']]),
      ),
    );
    const ws = wb.getWorksheet('Report')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'Period',
      'From',
      'To',
      'Org unit',
      'Indicator',
      'Sex',
      'Age',
      'Value',
      'Org unit code',
      'Indicator code',
      'sex code',
      'age code',
    ]);
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '2026Q1',
      '2026-01-01',
      '2026-03-31',
      'Ukraine',
      'People reached',
      'Female',
      '20-24',
      57,
      'UA',
      'reached',
      'female',
      '20-24',
    ]);
    expect(ws.getRow(5).getCell(6).value).toBe('Transgender woman');
    const derived = ws.getRow(9);
    expect(derived.getCell(6).value).toBe('Transgender (women and men, counted above)');
    expect(derived.font?.italic).toBe(true);
    expect(ws.rowCount).toBe(9);
  });

  it('writes a PDF in words that says why the cascade differs from the period', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'harbour-pdf-')), 'report.pdf');
    const pdf = await reportToPdf(
      {
        ...report,
        values: [
          ...report.values,
          { indicator: 'hts.tested', disaggregation: {}, value: 142 },
          { indicator: 'hts.positive', disaggregation: {}, value: 8 },
          { indicator: 'cascade.tested', disaggregation: {}, value: 372 },
          { indicator: 'cascade.diagnosed', disaggregation: {}, value: 42 },
          { indicator: 'cascade.on_art', disaggregation: {}, value: 30 },
          { indicator: 'cascade.suppressed', disaggregation: {}, value: 21 },
        ],
      },
      new Map([['UA', 'Ukraine']]),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const table = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ukraine · 2026Q1');
    expect(text).toContain('ever tested 372, ever diagnosed 42');
    expect(text).toContain('from 2026-01-01 to 2026-03-31: tested 142, positive 8');
    expect(table).toMatch(/People reached +Female +20-24 +57/);
    expect(text).not.toContain('trans_woman');
  });

  it('draws a two-series chart with its legend under the plot, inside the picture', () => {
    const svg = barChart(
      'A long title that once ran into the legend at the top right',
      ['a', 'b'],
      [
        { name: 'this programme', values: [1, 2] },
        { name: '95-95-95 target', values: [95, 95] },
      ],
    );
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    const legend = [
      ...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) ([\d.]+)\)"[^>]*>95-95-95 target</g),
    ];
    expect(legend).toHaveLength(1);
    const [x, y] = [Number(legend[0]![1]), Number(legend[0]![2])];
    expect(y).toBeGreaterThan(height - 30);
    expect(y).toBeLessThan(height);
    expect(x).toBeLessThan(500 - 60);
  });

  it('maps values to DHIS2 data elements and category option combos, leaving out suppressed and unmapped cells', () => {
    const { payload, skipped } = reportToDataValueSet(report, mapping);
    expect(payload).toEqual({
      dataSet: 'HR_DS',
      dataValues: [
        {
          dataElement: 'DE_REACHED',
          period: '2026Q1',
          orgUnit: 'OU_UA_UID',
          categoryOptionCombo: 'COC_DEFAULT',
          value: '1234',
        },
        {
          dataElement: 'DE_REACHED',
          period: '2026Q1',
          orgUnit: 'OU_UA_UID',
          categoryOptionCombo: 'COC_F_2024',
          value: '57',
        },
        {
          dataElement: 'DE_SYR_PER_PWID',
          period: '2026Q1',
          orgUnit: 'OU_UA_UID',
          categoryOptionCombo: 'COC_DEFAULT',
          value: '143.2',
        },
      ],
    });
    expect(skipped).toEqual([
      { indicator: 'reached', cell: 'sex=male|age=20-24', reason: 'suppressed' },
      { indicator: 'reached', cell: 'sex=trans_woman|age=25+', reason: 'unmapped' },
    ]);
    expect(() =>
      reportToDataValueSet(
        { ...report, period: { id: '2026-01-01/2026-03-31', start: '2026-01-01', end: '2026-03-31' } },
        mapping,
      ),
    ).toThrow(/DHIS2 period id/);
    expect(() => checkMapping({ dataElements: { 'not.an.indicator': { dataElement: 'X' } } })).toThrow(
      /Not Harbour indicator ids/,
    );
  });

  it('writes ADX that validates against the ADX schema, with periods as start/duration', async () => {
    const { xml, values } = reportToAdx(report, parsePeriod('2026Q1')!, mapping);
    expect(values).toBe(3);
    expect(xml).toContain('<adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-04-02T08:00:00Z">');
    expect(xml).toContain('period="2026-01-01/P3M"');
    expect(xml).toContain('SEX="F" AGE="Y20_24" value="57"');
    expect(await validateAdx(xml)).toEqual({ valid: true, errors: [] });
    const broken = xml.replace('value="57"', 'value="many"');
    expect((await validateAdx(broken)).valid).toBe(false);
    expect([
      adxPeriod(parsePeriod('202602')!),
      adxPeriod(parsePeriod('2026W3')!),
      adxPeriod(parsePeriod('2026April')!),
      adxPeriod(parsePeriod('2026-01-10/2026-01-19')!),
    ]).toEqual(['2026-02-01/P1M', '2026-01-12/P7D', '2026-04-01/P1Y', '2026-01-10/P10D']);
  });
});

describe('DHIS2 client against a local stand-in for /api/dataValueSets (no DHIS2 server can run here)', () => {
  let dhis2: FakeDhis2;
  beforeAll(async () => {
    dhis2 = await startFakeDhis2({
      dataElements: ['DE_REACHED'],
      orgUnits: ['OU_UA_UID'],
      categoryOptionCombos: ['COC_DEFAULT', 'COC_F_2024'],
      username: 'hmis',
      password: 'district',
      token: 'd2pat_abc',
    });
  });
  afterAll(async () => dhis2.close());

  it('does a dry run that imports nothing, then a real push, reading back counts and conflicts', async () => {
    const { payload } = reportToDataValueSet(report, mapping);
    const dry = await pushDataValueSet(
      { url: dhis2.url, auth: { kind: 'basic', username: 'hmis', password: 'district' } },
      payload,
      { dryRun: true, allowPrivate: true },
    );
    expect(dry).toMatchObject({
      status: 'WARNING',
      dryRun: true,
      imported: 2,
      ignored: 1,
      conflicts: [{ object: 'DE_SYR_PER_PWID', value: 'Data element not found or not accessible' }],
    });
    expect(dhis2.stored.size).toBe(0);
    const real = await pushDataValueSet(
      { url: `${dhis2.url}/`, auth: { kind: 'token', token: 'd2pat_abc' } },
      payload,
      { dryRun: false, allowPrivate: true },
    );
    expect(real).toMatchObject({ imported: 2, dryRun: false });
    expect(dhis2.stored.get('DE_REACHED|2026Q1|OU_UA_UID|COC_F_2024')).toBe('57');
    const again = await pushDataValueSet(
      { url: dhis2.url, auth: { kind: 'token', token: 'd2pat_abc' } },
      payload,
      { dryRun: false, allowPrivate: true },
    );
    expect(again).toMatchObject({ imported: 0, updated: 2 });
    expect(dhis2.requests.at(-1)!.authorization).toBe('ApiToken d2pat_abc');
  });

  it('says plainly when credentials are refused or the server cannot be reached', async () => {
    const { payload } = reportToDataValueSet(report, mapping);
    expect(
      await pushDataValueSet(
        { url: dhis2.url, auth: { kind: 'basic', username: 'hmis', password: 'wrong' } },
        payload,
        { dryRun: true, allowPrivate: true },
      ),
    ).toMatchObject({ status: 'REFUSED', httpStatus: 401 });
    expect(
      await pushDataValueSet({ url: 'http://127.0.0.1:9', auth: { kind: 'token', token: 'x' } }, payload, {
        dryRun: true,
        timeoutMs: 2000,
        allowPrivate: true,
      }),
    ).toMatchObject({ status: 'UNREACHABLE' });
  });

  it('sends nothing to loopback, private or link-local addresses unless the operator allows them', async () => {
    const { payload } = reportToDataValueSet(report, mapping);
    const before = dhis2.requests.length;
    const port = new URL(dhis2.url).port;
    for (const url of [
      dhis2.url,
      `http://localhost:${port}`,
      `http://[::1]:${port}`,
      'http://10.1.2.3',
      'http://169.254.169.254',
      'http://192.168.0.1',
      'http://[::ffff:127.0.0.1]',
    ]) {
      const r = await pushDataValueSet({ url, auth: { kind: 'token', token: 'x' } }, payload, {
        dryRun: true,
        timeoutMs: 2000,
      });
      expect(r, url).toMatchObject({ status: 'REFUSED', httpStatus: null });
      expect(r.message).toContain('HARBOUR_DHIS2_ALLOW_PRIVATE');
    }
    expect(dhis2.requests.length).toBe(before);
    for (const a of ['8.8.8.8', '2001:db8::1', '93.184.216.34']) expect(isInternalAddress(a), a).toBe(false);
    for (const a of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '172.31.255.255',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ])
      expect(isInternalAddress(a), a).toBe(true);
  });

  it('relays only an import summary, never whatever else a server answers', async () => {
    const { payload } = reportToDataValueSet(report, mapping);
    const { createServer } = await import('node:http');
    const secret = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'internal secret', data: 'metadata of the cloud' }));
    });
    await new Promise<void>((r) => secret.listen(0, '127.0.0.1', r));
    const { port } = secret.address() as { port: number };
    try {
      const r = await pushDataValueSet(
        { url: `http://127.0.0.1:${port}`, auth: { kind: 'token', token: 'x' } },
        payload,
        { dryRun: true, allowPrivate: true },
      );
      expect(r).toMatchObject({ status: 'ERROR', message: 'DHIS2 answered 200 without an import summary' });
      expect(JSON.stringify(r)).not.toContain('secret');
    } finally {
      secret.close();
    }
  });
});
