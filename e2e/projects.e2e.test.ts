/**
 * A consortium project in the console: the lead reads budget against spending (headline figures,
 * the chart, by member and line), records a member's spending in local currency at the period's
 * rate, and is told plainly what is missing; issues a member's own server a receiving token and
 * revokes it; a donor reads the totals only.
 */

import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, shot, watchPage } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

describe('projects in the console', () => {
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

  it('shows the lead budget against spending and records a member’s spending in another currency', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'programme');
    await page.getByRole('navigation').getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByLabel('Project', { exact: true }).selectOption('HRC-RCF');
    await page.getByRole('heading', { name: /Community-led harm reduction/ }).waitFor();
    const headline = page.getByRole('list', { name: 'Key figures' });
    await expect(headline.getByText('Spent', { exact: true }).isVisible()).resolves.toBe(true);
    await expect
      .poll(
        () => page.getByRole('img', { name: 'Budget, spent and projected by member' }).locator('svg').count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    // Each indicator of the results framework has its chart of target against achieved.
    await expect
      .poll(
        () =>
          page
            .getByRole('img', { name: 'People reached: target and achieved by period' })
            .locator('svg')
            .count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const byMember = page.getByRole('table', { name: 'By member', exact: true });
    await byMember.getByRole('rowheader', { name: 'Street Light Network' }).waitFor();
    await byMember.getByRole('rowheader', { name: 'Bridges Collective' }).waitFor();
    const entriesBefore = await page
      .getByRole('table', { name: 'Spending entries' })
      .getByRole('row')
      .count();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'projects-01-dashboard');

    const form = page.getByRole('form', { name: 'Record spending' });
    await form.getByLabel('Member').selectOption('BRC');
    await form.getByLabel('Budget line').selectOption('services');
    // Bridges' report for 2026Q2 was sent back in the demo, so that quarter is open to spending.
    await form.getByLabel('Period').fill('2026Q2');
    await form.getByLabel('Amount').fill('1000');
    await form.getByLabel('Currency').fill('UAH');
    await form.getByRole('button', { name: 'Save the spending' }).click();
    // The rate is asked for, beside its field, in the user's language.
    const rate = form.getByLabel('USD per 1 UAH in this period');
    await expect.poll(() => rate.getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('alert').filter({ hasText: 'This is required.' }).first().waitFor();
    await rate.fill('0.025');
    await form.getByRole('button', { name: 'Save the spending' }).click();
    await form.getByText(/^Recorded: \$25/).waitFor();
    await expect
      .poll(() => page.getByRole('table', { name: 'Spending entries' }).getByRole('row').count())
      .toBe(entriesBefore + 1);
    await page
      .getByRole('table', { name: 'Spending entries' })
      .getByRole('row', { name: /^2026Q2 Bridges Collective Services/ })
      .getByRole('cell', { name: '0.025', exact: true })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'projects-02-spending-recorded');

    // Results against targets: Harbour's own counts per member, with the caveat on people; a manual one entered.
    const results = page.getByRole('region', { name: 'Results against targets' });
    const reach = results.getByRole('article', { name: /^People reached/ });
    await expect(reach.locator('.result-headline').textContent()).resolves.toMatch(
      /^[\d,]+ of 1,000 in \d{4} \(\d/,
    );
    await reach.getByText(/counted twice in the total/).waitFor();
    const resultForm = page.getByRole('form', { name: 'Enter a result' });
    await resultForm.getByLabel('Member').selectOption('SLN');
    await resultForm.getByLabel('Period').fill(String(new Date().getFullYear()));
    await resultForm.getByLabel('Value').fill('3');
    await resultForm.getByLabel('Evidence').fill('Meeting with the regional parliament, minutes 14');
    await resultForm.getByRole('button', { name: 'Save the result' }).click();
    await resultForm.getByText('Result saved.').waitFor();
    await results.getByText(/Meeting with the regional parliament, minutes 14/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'projects-03-results');
    expect(problems).toEqual([]);
  });

  it('shows the report calendar with late reports flagged; the lead sends one back with a comment; an accepted period refuses spending', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'programme');
    await page.getByRole('navigation').getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByLabel('Project', { exact: true }).selectOption('HRC-RCF');
    const calendar = page.getByRole('region', { name: 'Report calendar' });
    const table = calendar.getByRole('table', { name: 'Report calendar' });
    await table.getByRole('rowheader', { name: '2026Q3' }).waitFor();
    // In the demo Street Light's last quarter waits for review; Bridges' is not in.
    const open = table.getByRole('button', { name: 'Street Light Network, 2026Q3: submitted' });
    await expect(table.getByText(/^(to submit|late)$/).count()).resolves.toBeGreaterThan(0);
    await open.click();
    const report = calendar.getByRole('article', { name: 'Report of Street Light Network for 2026Q3' });
    await report.getByText(/^Outreach and drop-in services as planned/).waitFor();
    const review = report.getByRole('form', { name: 'Review' });
    await review.getByRole('button', { name: 'Send back' }).click();
    // Sending back needs a comment, asked for beside the field.
    await review.getByRole('alert').waitFor();
    await expect
      .poll(() => review.getByLabel('Comment to the member').getAttribute('aria-invalid'))
      .toBe('true');
    await review.getByLabel('Comment to the member').fill('Add the van’s fuel costs.');
    await review.getByRole('button', { name: 'Send back' }).click();
    await report.getByText('Report sent back to the member with your comment.').waitFor();
    await report
      .getByRole('list', { name: 'What happened' })
      .getByText(/sent back by .*: Add the van’s fuel costs\.$/)
      .waitFor();
    await table.getByRole('button', { name: /^Street Light Network, 2026Q3: sent back/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'projects-05-report-calendar');
    // An accepted quarter is closed to spending, and the form says why.
    const form = page.getByRole('form', { name: 'Record spending' });
    await form.getByLabel('Member').selectOption('SLN');
    await form.getByLabel('Period').fill('2025Q1');
    await form.getByLabel('Amount').fill('10');
    await form.getByRole('button', { name: 'Save the spending' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /accepted/ })
      .first()
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('lets the lead issue a member’s server a token that works once shown, mark what it sent, and revoke it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'programme');
    await page.getByRole('navigation').getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByLabel('Project', { exact: true }).selectOption('HRC-RCF');
    // The demo's Bridges sends from its own Harbour: its figures are marked, and said to be.
    const reach = page
      .getByRole('region', { name: 'Results against targets' })
      .getByRole('article', { name: /^People reached/ });
    await reach.getByText(/^↧ Sent by the member’s own server \(Bridges Collective; last on /).waitFor();
    await expect(reach.getByText('sent by the member’s own server').count()).resolves.toBeGreaterThan(0);
    const servers = page.getByRole('region', { name: 'Members’ own servers' });
    const tokens = servers.getByRole('table', { name: 'Members’ own servers' });
    await tokens.getByRole('row', { name: /Bridges Collective’s own Harbour/ }).waitFor();
    const form = servers.getByRole('form', { name: 'Issue a token' });
    await form.getByLabel('Member', { exact: true }).selectOption('SLN');
    await form.getByLabel('Name of the server').fill('Street Light DHIS2');
    await form.getByLabel(/data element ids/).fill('kHr4dGx2 = reached\nnot-an-indicator = nothing');
    await form.getByRole('button', { name: 'Issue the token' }).click();
    // The bad line is named beside the mapping, and nothing is issued.
    await form
      .getByRole('alert')
      .filter({ hasText: /^not-an-indicator:/ })
      .waitFor();
    await form.getByLabel(/data element ids/).fill('kHr4dGx2 = reached');
    await form.getByRole('button', { name: 'Issue the token' }).click();
    const token = (await servers.locator('code.token').textContent()) ?? '';
    expect(token).toMatch(/^hrt_[\w-]{40,}$/);
    const row = tokens.getByRole('row', { name: /Street Light DHIS2/ });
    await row.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'projects-04-member-servers');
    // The token shown works on DHIS2's path, with the member's own data element id.
    const sent = await fetch(`${server.url}/api/dataValueSets`, {
      method: 'POST',
      headers: { authorization: `ApiToken ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dataValues: [{ dataElement: 'kHr4dGx2', period: '2025Q1', orgUnit: 'SLN', value: '40' }],
      }),
    });
    expect(
      ((await sent.json()) as { response: { importCount: { imported: number } } }).response.importCount
        .imported,
    ).toBe(1);
    await row.getByRole('button', { name: 'Revoke the token of Street Light DHIS2' }).click();
    await servers.getByText(/^Token revoked/).waitFor();
    await row.getByText(/^revoked /).waitFor();
    const refused = await fetch(`${server.url}/api/dataValueSets`, {
      method: 'POST',
      headers: { authorization: `ApiToken ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dataValues: [] }),
    });
    expect(refused.status).toBe(401);
    expect(problems).toEqual([]);
  });

  it("sets a project up from the finance officer's workbook: the template downloaded, a wrong cell named, then the project", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'programme');
    await page.getByRole('navigation').getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByRole('button', { name: 'Set up from a workbook' }).click();
    await page.getByRole('heading', { name: 'Set a project up from a workbook' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the template (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('project-setup.xlsx');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    wb.getWorksheet('Project')!.getCell('B2').value = 'WB-E2E';
    wb.getWorksheet('Project')!.getCell('B3').value = 'Workbook grant';
    wb.getWorksheet('Budget')!.getCell('C2').value = 'a lot';
    const file = async () => ({
      name: 'grant.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    const input = page.getByLabel('The filled-in workbook (.xlsx)');
    await input.setInputFiles(await file());
    await page.getByRole('button', { name: 'Set the project up' }).click();
    const wrong = page.getByRole('alert').getByText('Budget!C2');
    await wrong.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'projects-workbook-error');
    wb.getWorksheet('Budget')!.getCell('C2').value = 200000;
    await input.setInputFiles(await file());
    await page.getByRole('button', { name: 'Set the project up' }).click();
    await page.getByRole('heading', { name: /Workbook grant/ }).waitFor();
    await expect(page.getByLabel('Project', { exact: true }).inputValue()).resolves.toBe('WB-E2E');
    // Its results framework came with it.
    await page
      .getByRole('img', { name: 'People reached: target and achieved by period', exact: true })
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('gives a donor the totals, without entries or a form', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, server.url, 'donor');
    await page.getByRole('navigation').getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByLabel('Project', { exact: true }).selectOption('HRC-RCF');
    await page.getByRole('table', { name: 'By member', exact: true }).waitFor();
    expect(await page.getByRole('option', { name: /totals only/ }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Spending entries' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Record spending' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Set up a project' }).count()).toBe(0);
    await page.getByRole('region', { name: 'Results against targets' }).waitFor();
    expect(await page.getByRole('region', { name: 'Members’ own servers' }).count()).toBe(0);
    // The donor takes the project report away as PDF: their own copy, totals only.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'PDF for the donor' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^harbour-project-HRC-RCF-\d{4}-\d{2}-\d{2}\.pdf$/);
    const saved = await file.path();
    expect(readFileSync(saved!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await axeViolations(page)).toEqual([]);
  });
});
