/** Monitoring from the command line, built and run as an operator would: estimates, targets, boundaries, reports, DHIS2. */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDhis2, startFakeDhis2 } from '../test-support/fake-dhis2.js';

const BIN = fileURLToPath(new URL('../../bin/harbour.js', import.meta.url));

/** Asynchronous, so the stand-in DHIS2 in this process can answer while the command runs. */
function run(args: string[], env: Record<string, string>, input?: string) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 120_000 },
      (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 2) : 0, out, err }),
    );
    child.stdin?.end(input ?? '');
  });
}

describe('monitoring commands (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harbour-cli-mon-'));
  const env = { HARBOUR_DATA_DIR: dir, HARBOUR_DHIS2_ALLOW_PRIVATE: 'true' };
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  let dhis2: FakeDhis2;

  beforeAll(async () => {
    expect((await run(['init'], env)).code).toBe(0);
    expect((await run(['demo', '--clients', '200', '--contacts', '2000'], env)).code).toBe(0);
    dhis2 = await startFakeDhis2({
      dataElements: ['DE_REACHED'],
      orgUnits: ['OU_UA'],
      categoryOptionCombos: ['COC_DEFAULT'],
      username: 'hmis',
      password: 'district-pass',
    });
  }, 120_000);
  afterAll(async () => dhis2?.close());

  it('imports estimates and targets, naming bad rows (exit 1) and keeping good ones', async () => {
    const est = await run(
      [
        'estimates',
        'import',
        file('est.csv', 'org_unit,year,pwid,pwid_opioid\nUA-KYIV,2030,900,600\nNOPE,2030,1,\n'),
      ],
      env,
    );
    expect(est.code).toBe(1);
    expect(est.out).toContain('Saved 1 row(s); rejected 1.');
    expect(est.err).toContain('row 3, org_unit "NOPE"');
    const tgt = await run(
      ['targets', 'import', file('tgt.csv', 'org_unit,indicator,period,value\nUA,reached,2030Q1,100\n')],
      env,
    );
    expect(tgt.code).toBe(0);
  });

  it('writes harbour.report/1 to standard output and other formats to files', async () => {
    const json = await run(
      ['report', '--period', '2026', '--org', 'UA', '--disaggregate', 'sex,age:gf'],
      env,
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ format: 'harbour.report/1', orgUnit: 'UA', suppression: null });
    expect(report.period).toEqual({ id: '2026', start: '2026-01-01', end: '2026-12-31' });
    const csvPath = join(dir, 'r.csv');
    const csv = await run(
      ['report', '--period', '2026', '--org', 'UA', '--format', 'csv', '--out', csvPath],
      env,
    );
    expect(csv.code).toBe(0);
    expect(readFileSync(csvPath, 'utf8')).toMatch(
      /^\uFEFFperiod,period_start,period_end,org_unit,indicator,/,
    );
    const pdfPath = join(dir, 'r.pdf');
    expect(
      (await run(['report', '--period', '2026Q3', '--org', 'UA', '--format', 'pdf', '--out', pdfPath], env))
        .code,
    ).toBe(0);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const suppressed = JSON.parse(
      (await run(['report', '--period', '202601', '--org', 'KYIV-VAN', '--suppress', '5'], env)).out,
    );
    expect(suppressed.suppression).toEqual({ threshold: 5 });
  });

  it('says which field is wrong (exit 1) for a bad period or unit', async () => {
    const r = await run(['report', '--period', '2026Q5', '--org', 'UA'], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain('period');
    expect(r.err).toContain('2026Q5');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('loads boundaries from GeoJSON', async () => {
    const geo = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'UA-KYIV' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [30, 50],
                [31, 50],
                [31, 51],
                [30, 51],
                [30, 50],
              ],
            ],
          },
        },
      ],
    };
    const r = await run(['org', 'boundaries', file('b.geojson', JSON.stringify(geo))], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Saved 1 boundary');
    expect((await run(['org', 'boundaries', file('bad.geojson', '{')], env)).code).toBe(1);
  });

  it('sets up DHIS2 with the password on standard input and dry-runs a push', async () => {
    const mapping = {
      orgUnits: { UA: 'OU_UA' },
      dataElements: { reached: { dataElement: 'DE_REACHED', categoryOptionCombos: { '': 'COC_DEFAULT' } } },
    };
    expect(
      (await run(['dhis2', 'mapping', file('m.json', JSON.stringify(mapping)), '--org', 'SLN'], env)).code,
    ).toBe(0);
    // ADX comes from a chunk of its own in the bundle, loaded when the first ADX file is written.
    const adxPath = join(dir, 'q1.adx.xml');
    const adx = await run(
      ['report', '--period', '2026Q1', '--org', 'UA', '--format', 'adx', '--out', adxPath],
      env,
    );
    expect(adx.code).toBe(0);
    expect(readFileSync(adxPath, 'utf8')).toMatch(/<adx [^>]*xmlns="urn:ihe:qrph:adx:2015"/);
    const server = await run(
      ['dhis2', 'server', '--org', 'SLN', '--url', dhis2.url, '--username', 'hmis'],
      env,
      'district-pass\n',
    );
    expect(server.code).toBe(0);
    expect(server.out).not.toContain('district-pass');
    const push = await run(
      ['dhis2', 'push', '--period', '2026Q1', '--org', 'UA', '--dry-run', '--json'],
      env,
    );
    expect(push.code).toBe(0);
    expect(JSON.parse(push.out).summary).toMatchObject({ status: 'SUCCESS', dryRun: true, imported: 1 });
    expect(dhis2.stored.size).toBe(0);
  });

  it('accepts the mapping exactly as docs/monitoring.md shows it, and names a bad breakdown', async () => {
    const docs = readFileSync(
      fileURLToPath(new URL('../../../../docs/monitoring.md', import.meta.url)),
      'utf8',
    );
    const example = /## DHIS2[\s\S]*?```json\n([\s\S]*?)```/.exec(docs)![1]!;
    expect(JSON.parse(example)).toMatchObject({ disaggregate: 'sex', exact: false });
    const ok = await run(['dhis2', 'mapping', file('docs-example.json', example), '--org', 'SLN'], env);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    const bad = await run(
      [
        'dhis2',
        'mapping',
        file('bad.json', example.replace('"disaggregate": "sex"', '"disaggregate": "gender"')),
        '--org',
        'SLN',
      ],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('disaggregate');
    expect(bad.err).toContain('gender');
  });
});
