/** A rights responder records a case, responds, follows up and closes it; an advocate sees the suppressed trend chart. */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot, watchPage } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

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

    const respond = page.getByRole('form', { name: 'Add the action' });
    await respond.getByLabel('Action').selectOption('legal_aid');
    // The "by referral" box sits on the line of its words, not above or below them.
    const box = (await respond.getByRole('checkbox').boundingBox())!;
    const words = (await respond.locator('label.tick').boundingBox())!;
    expect(Math.abs(box.y + box.height / 2 - (words.y + words.height / 2))).toBeLessThan(4);
    await respond.getByLabel('Done by referral to another organisation').check();
    await respond.getByLabel('Note (optional)').fill('Lawyer called; hearing set for December.');
    await respond.getByRole('button', { name: 'Add the action' }).click();
    // The message stands beside the form it is about.
    await page
      .locator('form[aria-label="Add the action"] + .notice')
      .filter({ hasText: 'Action recorded.' })
      .waitFor();
    await page.getByText('Lawyer called; hearing set for December.').waitFor();
    await expect(respond.getByLabel('Note (optional)').inputValue()).resolves.toBe('');
    const plan = page.getByRole('form', { name: 'Plan a follow-up' });
    for (const [due, note] of [
      ['2026-12-01', 'Ask how the hearing went.'],
      ['2026-12-15', ''],
    ]) {
      await plan.getByLabel('Due').fill(due!);
      await plan.getByLabel('Note (optional)').fill(note!);
      await plan.getByRole('button', { name: 'Plan a follow-up' }).click();
      await page.getByText(`Due ${due} —`).waitFor();
    }
    await page.getByText('Ask how the hearing went.').waitFor();
    await expect.poll(() => page.getByText('to do', { exact: true }).count()).toBe(2);
    await shot(page, 'rights-02-case');
    await page.getByRole('button', { name: 'Mark as done' }).first().click();
    await page.getByText('Follow-up done.').waitFor();
    await page.getByText(/^done \d{4}-\d{2}-\d{2}$/).waitFor();

    // One follow-up is still to do: closing says so until the responder chooses to cancel it.
    const close = page.getByRole('form', { name: 'Close the case' });
    await close.getByLabel('Outcome').selectOption('partly_resolved');
    await close.getByRole('button', { name: 'Close the case' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /still to do/ })
      .waitFor();
    await close.getByLabel('Cancel the follow-up still to do').check();
    await close.getByRole('button', { name: 'Close the case' }).click();
    await page.getByText('Case closed.').waitFor();
    await page.getByText(/^cancelled \d{4}-\d{2}-\d{2} \(case closed\)$/).waitFor();
    await shot(page, 'rights-03-closed');

    await page.getByRole('navigation').getByRole('link', { name: 'Rights trends' }).click();
    await page.getByRole('heading', { name: 'Rights violations: trends' }).waitFor();
    // The demo documents a year of cases, so the trends are not empty.
    const summary = await page.getByText(/^\d+ cases; \d+ with a response\./).textContent();
    expect(Number(/^(\d+)/.exec(summary!)![1])).toBeGreaterThan(20);
    await expect.poll(() => page.locator('.chart svg, .chart canvas').count(), { timeout: 20_000 }).toBe(4);
    await shot(page, 'rights-04-trends');
    expect(problems).toEqual([]);

    // An advocate sees the same place through suppression: a single case is "<5", never the narrative.
    const adv = await (await browser.newContext()).newPage();
    await signIn(adv, server.url, 'advocate');
    await adv.getByRole('navigation').getByRole('link', { name: 'Rights trends' }).click();
    await adv.getByText(/counts below 5 are hidden/).waitFor();
    await expect
      .poll(() => adv.locator('.chart svg, .chart canvas').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    // One month in one city: every count is below 5, so each chart keeps its title and says why it is empty.
    await adv.getByLabel('From', { exact: true }).fill('2026-11');
    await adv.getByLabel('To', { exact: true }).fill('2026-11');
    await adv
      .getByRole('combobox', { name: 'Part of the organisation', exact: true })
      .selectOption('UA-ODESA');
    await adv.getByText(/<5 cases/).waitFor();
    const empty = adv.locator('.chart--empty');
    await expect.poll(() => empty.count()).toBe(4);
    await expect(empty.first().textContent()).resolves.toMatch(
      /^Cases by violationEvery count here is below 5 and hidden/,
    );
    expect(await adv.content()).not.toContain(MARKER);
    await shot(adv, 'rights-05-advocate');
  });
});
