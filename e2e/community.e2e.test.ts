/**
 * The directory of drug-user groups and networks in the console: an advocate reads the map, the
 * table by country and the list with contacts, adds a group (a bad country named beside its field
 * first) and removes it; a donor sees only the groups listed publicly, with no contacts.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, shot, watchPage } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

describe('groups and networks in the console', () => {
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

  it('lets an advocate read the map and the list with contacts, add a group and remove it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems = watchPage(page);
    await signIn(page, server.url, 'advocate');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Groups and networks', exact: true })
      .click();
    await expect
      .poll(
        () =>
          page
            .getByRole('img', { name: /^Map: groups and networks per country/ })
            .locator('svg')
            .count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const byCountry = page.getByRole('table', { name: 'By country' });
    await byCountry.getByRole('row', { name: /^Ukraine 4 1 2 1 2$/ }).waitFor();
    const list = page.getByRole('table', { name: /groups and networks$/ });
    await list
      .getByRole('row', { name: /Voice of the Street/ })
      .getByText(/^Signal: /)
      .waitFor();
    // The filters narrow the list.
    await page.getByRole('form', { name: 'Filter the groups' }).getByLabel('Seats').selectOption('ccm');
    await page.getByRole('table', { name: '6 groups and networks' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'community-01-directory');

    await page.getByRole('button', { name: 'Add a group' }).click();
    const form = page.getByRole('form', { name: 'Add a group' });
    await form.getByLabel('Name', { exact: true }).fill('Lviv Peer Circle');
    await form.getByLabel('Country', { exact: true }).fill('XX');
    await form.getByLabel('City or region').fill('Lviv');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => form.getByLabel('Country', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    await form.getByLabel('Country', { exact: true }).fill('UA');
    await form.getByLabel('Contact', { exact: true }).fill('Signal +000 4242 (coordinator)');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Lviv Peer Circle saved.').waitFor();
    await page.getByRole('form', { name: 'Filter the groups' }).getByLabel('Seats').selectOption('');
    const row = page.getByRole('row', { name: /Lviv Peer Circle/ });
    await row.getByText('Signal +000 4242 (coordinator)').waitFor();
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Remove Lviv Peer Circle' }).click();
    await page.getByText('Lviv Peer Circle removed from the directory.').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Lviv Peer Circle/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows a donor only the groups listed publicly, without contacts or changes', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, server.url, 'donor');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Groups and networks', exact: true })
      .click();
    const list = page.getByRole('table', { name: '5 groups and networks' });
    await list.getByRole('row', { name: /Voice of the Street/ }).waitFor();
    expect(await list.getByText(/^Signal: /).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add a group' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});
