/**
 * Monitoring in a real browser on the demo programme: the dashboard's charts and map draw (and print),
 * reports download, estimates import names bad rows, DHIS2 dry runs show conflicts, and donors only
 * ever see suppressed numbers.
 */

import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDhis2, startFakeDhis2 } from '../packages/server/src/test-support/fake-dhis2.js';
import { launchBrowser, shot, watchPage } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

describe('monitoring in the console', () => {
  let server: RunningHarbour;
  let browser: Browser;
  let dhis2: FakeDhis2;

  beforeAll(async () => {
    server = await startHarbour({ env: { HARBOUR_DHIS2_ALLOW_PRIVATE: 'true' } });
    browser = await launchBrowser();
    dhis2 = await startFakeDhis2({
      dataElements: ['DE_REACHED'],
      orgUnits: ['OU_UA'],
      categoryOptionCombos: ['COC_DEFAULT'],
      username: 'unused',
      password: 'unused',
      token: 'd2pat_e2e_token',
      dataSets: {
        HRdataSet01: {
          name: 'Harm reduction (quarterly)',
          dataElements: [
            {
              id: 'DE_REACHED',
              name: 'KP_PREV people reached',
              categoryOptionCombos: [
                { id: 'COC_DEFAULT', name: 'default' },
                { id: 'COC_F', name: 'Female' },
              ],
            },
            {
              id: 'DE_NOT_IN_DHIS2',
              name: 'Syringes (retired)',
              categoryOptionCombos: [{ id: 'COC_DEFAULT', name: 'default' }],
            },
          ],
          orgUnits: [{ id: 'OU_UA', name: 'Ukraine', code: 'UA' }],
        },
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dhis2?.close();
  });

  it('draws the dashboard for a country: key figures, eight charts, the map and data quality, also in print', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'programme');
    await nav(page, 'Dashboard');
    await page.getByLabel('Org unit', { exact: true }).selectOption('UA');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText(/^Ukraine, 2026 Q\d/).waitFor();
    await page.getByRole('heading', { name: 'Coverage map' }).waitFor();
    // Every chart is drawn as SVG once ECharts has loaded (lazily).
    await expect
      .poll(() => page.locator('.chart svg').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(8);
    const map = page.getByRole('img', { name: 'Coverage map' });
    await expect.poll(() => map.locator('path').count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByText('People reached', { exact: true }).first().isVisible()).resolves.toBe(true);
    await page.getByRole('heading', { name: 'Data quality' }).waitFor();
    // The numbers behind a chart are one click away, for screen readers and for checking.
    await page
      .getByRole('figure')
      .filter({ hasText: 'Syringe coverage by org unit' })
      .getByText('Show the numbers')
      .click();
    await page.getByRole('rowheader', { name: 'Kyiv' }).first().waitFor();
    await shot(page, 'monitoring-01-dashboard');
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    await shot(page, 'monitoring-02-dashboard-print');
    expect(problems).toEqual([]);
  });

  it('shows every indicator broken down by sex and downloads the same numbers as CSV', async () => {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'meofficer');
    await nav(page, 'Reports');
    await page.getByLabel('Org unit', { exact: true }).selectOption('UA');
    await page.getByLabel('Sex and gender').check();
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('columnheader', { name: 'Sex' }).waitFor();
    const reached = page.getByRole('row', { name: /^People reached all / });
    const total = (await reached.getByRole('cell').last().textContent())!.replace(/,/g, '');
    await shot(page, 'monitoring-03-reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^harbour-UA-2026Q\d\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.split(/\r?\n/).map((l) => l.split(','));
    const header = lines[0]!;
    expect(header).toEqual(expect.arrayContaining(['indicator', 'sex', 'value']));
    const at = (name: string) => header.indexOf(name);
    const row = lines.find((l) => l[at('indicator')] === 'reached' && l[at('sex')] === '')!;
    expect(row[at('org_unit')]).toBe('UA');
    expect(row[at('value')]).toBe(total);
    expect(problems).toEqual([]);
  });

  it('reads a sex × age report as a cross-tab in words, totals counted by the server, transgender apart', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'meofficer');
    await nav(page, 'Reports');
    await page.getByLabel('Org unit', { exact: true }).selectOption('UA');
    await page.getByLabel('Sex and gender').check();
    await page.getByLabel('Age bands').selectOption('gf');
    await page.getByRole('button', { name: 'Show' }).click();
    const table = page.getByRole('table', { name: 'People reached: Sex by Age' });
    await table.waitFor();
    // Age bands in their order (those the demo has), then the total.
    const headers = await table.getByRole('columnheader').allTextContents();
    const order = ['<15', '15-19', '20-24', '25+', 'Age not known'];
    expect(headers.at(-1)).toBe('Total');
    expect(headers.slice(0, -1)).toEqual(order.filter((b) => headers.includes(b)));
    expect(headers).toContain('25+');
    const quarter = /Ukraine, (\d{4}) Q(\d)/.exec(
      (await page.getByRole('heading', { level: 2 }).first().textContent())!,
    )!;
    const period = `${quarter[1]}Q${quarter[2]}`;
    const api = async (disaggregate: string) =>
      (
        (await (
          await page.request.get(
            `${server.url}/api/v1/reports?period=${period}&orgUnit=UA&disaggregate=${disaggregate}`,
          )
        ).json()) as {
          values: { indicator: string; disaggregation: Record<string, string>; value: number }[];
        }
      ).values.filter((v) => v.indicator === 'reached');
    const bySex = await api('sex');
    const byAge = await api('age:gf');
    const fmt = (n: number) => n.toLocaleString('en');
    // Row totals are the by-sex report's figures, the grand total its total: not sums of the cells.
    const female = table.getByRole('row', { name: /^Female / });
    await expect(female.getByRole('cell').last().textContent()).resolves.toBe(
      fmt(bySex.find((v) => v.disaggregation.sex === 'female')!.value),
    );
    const totals = table.locator('tfoot tr.margin');
    await expect(totals.getByRole('cell').last().textContent()).resolves.toBe(
      fmt(bySex.find((v) => Object.keys(v.disaggregation).length === 0)!.value),
    );
    await expect(totals.getByRole('cell').nth(headers.indexOf('25+')).textContent()).resolves.toBe(
      fmt(byAge.find((v) => v.disaggregation.age === '25+')!.value),
    );
    // The derived row stands after the totals, said to be counted above.
    await expect(table.locator('tfoot tr.derived').getByRole('rowheader').textContent()).resolves.toBe(
      'Transgender (women and men, counted above)',
    );
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/trans_woman|Contacts contacts/);
    await page.getByText(/^From [A-Z][a-z]{2} \d{1,2}, \d{4} to [A-Z][a-z]{2} \d{1,2}, \d{4}\./).waitFor();
    await shot(page, 'monitoring-03b-reports-cross-tab');
    expect(problems).toEqual([]);
  });

  it('imports size estimates, naming the bad row and saving the good one', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'meofficer');
    await nav(page, 'Estimates and targets');
    const panel = page.locator('.panel').filter({ hasText: 'Import estimates' });
    await panel.getByLabel('CSV file').setInputFiles({
      name: 'estimates.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('org_unit,year,pwid,pwid_opioid\nUA-KYIV,2027,950,610\nUA-ODESA,2027,lots,\n'),
    });
    await panel.getByRole('button', { name: 'Import' }).click();
    await panel.getByText(/1 row saved, 1 rejected/).waitFor();
    await panel.getByRole('cell', { name: 'pwid', exact: true }).waitFor();
    await page.getByRole('cell', { name: '950' }).waitFor();
    await shot(page, 'monitoring-04-estimates');
  });

  it('says why a DHIS2 download cannot be made yet, beside the download links', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'meofficer');
    await nav(page, 'Reports');
    await page.getByLabel('Org unit', { exact: true }).selectOption('UA');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('link', { name: 'DHIS2 JSON' }).click();
    await expect(
      page
        .getByRole('alert')
        .filter({ hasText: /no DHIS2 mapping/ })
        .textContent(),
    ).resolves.toContain('set one');
  });

  it('builds the DHIS2 mapping from the data set in DHIS2, then dry-runs a push, showing what DHIS2 said', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'meofficer');
    await nav(page, 'DHIS2');
    // Without a server the form takes typed ids, and says how to load DHIS2's lists.
    await page.getByText(/Save the DHIS2 address and credentials below first/).waitFor();
    await page.getByLabel('DHIS2 address').fill(dhis2.url);
    await page.getByLabel('Token').fill('d2pat_e2e_token');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = page.locator('form .notice--ok').filter({ hasText: 'Saved.' });
    await saved.waitFor();
    await expect(saved.isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Token').inputValue()).resolves.toBe('');
    await page.getByText(/A secret is stored/).waitFor();

    await page.getByLabel('Data set in DHIS2 (id)').fill('NOPE');
    await page.getByRole('button', { name: 'Load from DHIS2' }).click();
    await page.getByRole('alert').filter({ hasText: 'DHIS2 has no data set "NOPE"' }).waitFor();
    await page.getByLabel('Data set in DHIS2 (id)').fill('HRdataSet01');
    await page.getByRole('button', { name: 'Load from DHIS2' }).click();
    await page.getByText('Harm reduction (quarterly): 2 data elements, 1 org unit.').waitFor();
    await page.getByLabel('DHIS2 data element for People reached').selectOption('DE_REACHED');
    await page.getByLabel('DHIS2 data element for Syringes distributed').selectOption('DE_NOT_IN_DHIS2');
    await page.getByRole('button', { name: 'Fill the empty choices by name' }).click();
    // The total of each element, and Ukraine by its code.
    await page.getByText('3 choices filled: check them before saving.').waitFor();
    await expect(page.getByLabel('DHIS2 org unit for Ukraine').inputValue()).resolves.toBe('OU_UA');
    await page.getByText('1 of 1 cells set').first().click();
    await expect(
      page.getByLabel('Category option combo for People reached, Total (no breakdown)').inputValue(),
    ).resolves.toBe('COC_DEFAULT');
    await shot(page, 'monitoring-05a-dhis2-mapping-form');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await saved.waitFor();
    const config = await (await page.request.get(`${server.url}/api/v1/dhis2/config?orgUnit=UA`)).json();
    expect(config.mapping).toMatchObject({
      dataSet: 'HRdataSet01',
      orgUnits: { UA: 'OU_UA' },
      dataElements: {
        reached: { dataElement: 'DE_REACHED', categoryOptionCombos: { '': 'COC_DEFAULT' } },
        'nsp.syringes': { dataElement: 'DE_NOT_IN_DHIS2', categoryOptionCombos: { '': 'COC_DEFAULT' } },
      },
    });

    await page.getByRole('combobox', { name: 'Org unit', exact: true }).selectOption('UA');
    await page.getByRole('button', { name: /Dry run/ }).click();
    await page.getByText(/^Dry run: WARNING/).waitFor();
    await page
      .getByRole('table', { name: /conflict/ })
      .getByRole('cell', { name: 'DE_NOT_IN_DHIS2' })
      .waitFor();
    expect(dhis2.stored.size).toBe(0);
    expect(dhis2.requests.at(-1)).toMatchObject({ dryRun: true, authorization: 'ApiToken d2pat_e2e_token' });
    await shot(page, 'monitoring-05-dhis2-dry-run');
    expect(problems).toEqual([]);
  });

  it('gives donors suppressed numbers only, and no DHIS2 or client pages', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'donor');
    await nav(page, 'Dashboard');
    await page.getByText(/counts from 1 to 5 are shown as “<5”/).waitFor();
    const links = await page.getByRole('navigation').getByRole('link').allTextContents();
    expect(links).not.toContain('DHIS2');
    expect(links).not.toContain('Clients');
    await shot(page, 'monitoring-06-donor-dashboard');
  });
});
