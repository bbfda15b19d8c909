/** A rights responder records a case, responds, follows up and closes it; an advocate sees the suppressed trend chart. */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot, watchPage } from './support/browser.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

async function signIn(page: Page, url: string, username: string) {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('harbour-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
}

const MARKER = 'E2E-NARRATIVE-MARKER-41';

describe('rights cases in the console', () => {
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

  it('records a case with consent, responds, follows up, closes it, and shows the trend', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'rights');
    await page.getByRole('navigation').getByRole('link', { name: 'Rights cases' }).click();
    await page.getByRole('link', { name: 'Record a case' }).click();
    const form = page.getByRole('form', { name: 'Record a case' });
    await form.getByLabel('The person agrees that this case is recorded').check();
    await form.getByLabel('…and that it is counted, anonymously, in advocacy and reports').check();
    await form.getByLabel('When it happened').fill('2026-11-02');
    await form.getByLabel('Where (city, district or region)').selectOption({ label: 'Odesa' });
    await form.getByLabel('Recorded by (site)').selectOption({ label: 'Odesa harbour outreach' });
    await form.getByLabel('Sex or gender').selectOption('female');
    await form.getByLabel('Violation').selectOption('extortion');
    await form.getByLabel('By whom').selectOption('police');
    await form.getByRole('button', { name: 'Add another act' }).click();
    await form.getByLabel('Violation').nth(1).selectOption('confiscation');
    await form.getByLabel('What happened, in their words').fill(`Stopped at the port. ${MARKER}`);
    await shot(page, 'rights-01-record');
    await form.getByRole('button', { name: 'Record the case' }).click();
    await page.getByRole('heading', { name: /^Case RC-/ }).waitFor();
    await page.getByText(MARKER).waitFor();

    await page.getByRole('form', { name: 'Add the action' }).getByLabel('Action').selectOption('legal_aid');
    await page
      .getByRole('form', { name: 'Add the action' })
      .getByRole('button', { name: 'Add the action' })
      .click();
    await page.getByText('Action recorded.').waitFor();
    await page.getByRole('form', { name: 'Plan a follow-up' }).getByLabel('Due').fill('2026-12-01');
    await page
      .getByRole('form', { name: 'Plan a follow-up' })
      .getByRole('button', { name: 'Plan a follow-up' })
      .click();
    await page.getByText('Follow-up planned.').waitFor();
    await shot(page, 'rights-02-case');
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByText('Follow-up done.').waitFor();
    await page
      .getByRole('form', { name: 'Close the case' })
      .getByLabel('Outcome')
      .selectOption('partly_resolved');
    await page
      .getByRole('form', { name: 'Close the case' })
      .getByRole('button', { name: 'Close the case' })
      .click();
    await page.getByText('Case closed.').waitFor();
    await shot(page, 'rights-03-closed');

    await page.getByRole('navigation').getByRole('link', { name: 'Rights trends' }).click();
    await page.getByRole('heading', { name: 'Rights violations: trends' }).waitFor();
    await page.getByText(/1 cases; 1 with a response/).waitFor();
    await page.locator('canvas, svg').first().waitFor();
    await shot(page, 'rights-04-trends');
    expect(problems).toEqual([]);

    // An advocate sees the same place through suppression: a single case is "<5", never the narrative.
    const adv = await (await browser.newContext()).newPage();
    await signIn(adv, server.url, 'advocate');
    await adv.getByRole('navigation').getByRole('link', { name: 'Rights trends' }).click();
    await adv.getByText(/counts below 5 are hidden/).waitFor();
    await adv.getByText(/<5 cases/).waitFor();
    expect(await adv.content()).not.toContain(MARKER);
    await shot(adv, 'rights-05-advocate');
  });
});
