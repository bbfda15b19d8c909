/**
 * An advocate imports country figures, opens a profile, changes a what-if value and sees the figures
 * move, saves a scenario, downloads the brief (and its first page is looked at as an image), and
 * reads the gap map — every page free of accessibility violations axe can find.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, SCREENSHOTS, shot, watchPage } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

const FILE = [
  'country,year,measure,value,unit,source,as_of',
  'TH,2024,pwid,40000,,HRI GSHR 2024,2024',
  'TH,2024,pwud_opioid,30000,,HRI GSHR 2024,2024',
  'TH,2024,nsp.syringes,1200000,,National report,2024',
  'TH,2024,ost.clients,9000,,National report,2024',
  'TH,2024,policy.drug_use,criminal,,HRI GSHR 2024,2024',
  'TH,2024,pwids,1,,HRI GSHR 2024,2024',
].join('\n');

describe('advocacy evidence in the console', () => {
  let server: RunningHarbour;
  let browser: Browser;

  beforeAll(async () => {
    server = await startHarbour();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports figures, moves a what-if, saves a scenario, downloads the brief and reads the map', async () => {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'advocate');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Advocacy' }).click();
    await page.getByRole('heading', { name: 'Advocacy evidence' }).waitFor();

    // Import: check first (one bad row named), then import the good rest.
    await page.getByRole('link', { name: 'Figures and sources' }).click();
    const dir = mkdtempSync(join(tmpdir(), 'harbour-advocacy-'));
    const csv = join(dir, 'thailand.csv');
    writeFileSync(csv, FILE);
    await page.getByLabel('CSV file').setInputFiles(csv);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('Would import 5 new, update 0, leave 0 unchanged; 1 rows rejected.').waitFor();
    await page.getByRole('table', { name: 'Rejected rows' }).getByRole('cell', { name: 'pwids' }).waitFor();
    await shot(page, 'advocacy-01-import-checked');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 5 new, updated 0, 0 unchanged; 1 rows rejected.').first().waitFor();

    // The profile: Ukraine 2025 from the demo's evidence.
    await page.getByRole('link', { name: 'Country profile' }).click();
    await page.getByLabel('Country', { exact: true }).selectOption('UA');
    await page.getByLabel('Year', { exact: true }).fill('2025');
    await page.getByRole('heading', { name: 'Ukraine, 2025' }).waitFor();
    const ratio = page.locator('li[data-measure="criminalisation.ratio"] strong');
    await ratio.filter({ hasText: /\d/ }).waitFor();
    const before = await ratio.textContent();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'advocacy-02-profile');

    // What if a prison day cost twice as much: the ratio moves (and is marked), nothing is saved.
    await page.getByLabel('Daily cost of one prisoner').fill('1200');
    await page.locator('li.moved[data-measure="criminalisation.ratio"]').waitFor();
    const after = await ratio.textContent();
    expect(after).not.toBe(before);
    expect(Number(after?.replace(/[^0-9.]/g, ''))).toBeCloseTo(
      Number(before?.replace(/[^0-9.]/g, '')) * 2,
      1,
    );
    await page.getByLabel('Scenario name').fill('Prison day doubled');
    await page.getByRole('button', { name: 'Save as a scenario' }).click();
    await page.getByText('Scenario "Prison day doubled" saved.').waitFor();
    await page
      .getByRole('list', { name: 'Saved scenarios' })
      .getByRole('button', { name: 'Prison day doubled' })
      .waitFor();
    await shot(page, 'advocacy-03-what-if');

    // The brief, in Russian: a PDF whose first page is rendered to an image and kept with the screenshots.
    await page.getByLabel('Language of the brief').selectOption('ru');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the brief (PDF)' }).click(),
    ]);
    const pdf = join(dir, 'brief.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe('harbour-UA-2025.brief.pdf');
    execFileSync('pdftoppm', [
      '-r',
      '60',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      join(SCREENSHOTS, 'advocacy-04-brief-page1'),
    ]);
    const image = join(SCREENSHOTS, 'advocacy-04-brief-page1.png');
    expect(existsSync(image)).toBe(true);
    expect(statSync(image).size).toBeGreaterThan(10_000);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Украина');
    expect(text).toContain('Охват по уровням ВОЗ');

    // The gap map: shapes drawn, countries in a table that sorts.
    await page.getByRole('link', { name: 'Gap map' }).click();
    await page.getByLabel('Year', { exact: true }).fill('2025');
    await page
      .getByRole('img', { name: /World map of NSP coverage level/ })
      .locator('svg path')
      .first()
      .waitFor();
    const table = page.getByRole('table', { name: /countries with evidence up to 2025/ });
    await table.getByRole('button', { name: 'Ukraine' }).waitFor();
    await table.getByRole('button', { name: 'OST coverage', exact: true }).click();
    await table.locator('th[aria-sort="ascending"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'advocacy-05-map');
    // A country in the table opens its profile.
    await table.getByRole('button', { name: 'Kazakhstan' }).click();
    await page.getByRole('heading', { name: /^Kazakhstan, / }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows a donor the profiles without anything to change', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'donor');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Advocacy' }).click();
    await page.getByRole('heading', { name: 'Advocacy evidence' }).waitFor();
    await page.getByLabel('Country', { exact: true }).selectOption('UA');
    await page.locator('li[data-measure="criminalisation.ratio"] strong').filter({ hasText: /\d/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Save as a scenario' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Figures and sources' }).click();
    await page.getByRole('heading', { name: /^Figures for / }).waitFor();
    expect(await page.getByRole('heading', { name: 'Import figures' }).count()).toBe(0);
  });
});
