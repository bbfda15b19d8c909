/**
 * Community-led monitoring in the browser: a programme manager asks an expert to visit a site; the
 * expert scores it on a phone (the draft survives a reload; sent with no network it waits sealed on
 * the phone and goes when the network is back); the programme reads the scorecard and turns a finding
 * into an action item; the site's manager moves it along; the scorecard downloads as a workbook. Then
 * the pool of experts: a grants officer invites someone, who joins through the link with their own
 * username and password.
 */

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, shot, watchPage } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const NOTE = 'Two kits at the desk, shown how to use them by a peer';

describe('community scorecards in the browser', () => {
  let server: RunningHarbour;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startHarbour();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  const open = async (username: string, phone = false): Promise<{ page: Page; context: BrowserContext }> => {
    const context = await browser.newContext(
      phone
        ? { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true }
        : { viewport: { width: 1280, height: 900 } },
    );
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, username);
    return { page, context };
  };
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

  it('runs a service review from the visit to an action item the site moves along', async () => {
    // 1. The programme manager asks Oksana to visit the Kyiv OST clinic.
    const { page: pm } = await open('programme');
    const problems = watchPage(pm);
    await nav(pm, 'Scorecards');
    const sites = pm.getByRole('table', { name: 'Sites' });
    await sites
      .getByRole('row', { name: /Kyiv drop-in centre/ })
      .getByText(/· (good|fair|poor)$/)
      .waitFor();
    await pm.getByText('Ask an expert to visit a site').click();
    const assign = pm.getByRole('form', { name: 'Ask an expert to visit a site' });
    await assign.getByLabel('Site', { exact: true }).selectOption('KYIV-OST');
    const expert = assign.getByLabel('Community expert');
    await expect.poll(() => expert.locator('option').count()).toBeGreaterThan(5);
    await expert.selectOption({ label: 'Oksana (community expert)' });
    await assign.getByLabel('Visit by').fill(inDays(10));
    expect(await axeViolations(pm)).toEqual([]);
    await assign.getByRole('button', { name: 'Ask for the visit' }).click();
    await pm.getByText('Oksana (community expert) is asked to visit Kyiv OST clinic.').waitFor();
    await sites.getByRole('row', { name: /^Kyiv OST clinic — — 0 1 0 0$/ }).waitFor();

    // 2. Oksana scores it on her phone.
    const { page: phone, context: phoneContext } = await open('expert', true);
    const phoneProblems = watchPage(phone);
    await nav(phone, 'My site visits');
    await phone.getByRole('button', { name: 'Kyiv OST clinic' }).click();
    const form = phone.getByRole('form', { name: 'Visit to Kyiv OST clinic' });
    const item = (name: string) => form.getByRole('group', { name });
    await item('Naloxone to take away').getByLabel('4 · good').check();
    await item('Naloxone to take away').getByLabel('What you saw (optional)').fill(NOTE);
    await item('Waiting time to start opioid substitution treatment').getByLabel('2 · poor').check();
    await form.getByText('Kept on this phone.', { exact: true }).waitFor();
    // The draft is kept on the phone: a reload does not lose it.
    await phone.reload();
    await phone.getByRole('button', { name: 'Kyiv OST clinic' }).click();
    await expect
      .poll(() => item('Naloxone to take away').getByLabel('What you saw (optional)').inputValue())
      .toBe(NOTE);
    await expect.poll(() => item('Naloxone to take away').getByLabel('4 · good').isChecked()).toBe(true);
    expect(
      await item('Waiting time to start opioid substitution treatment').getByLabel('2 · poor').isChecked(),
    ).toBe(true);
    await item('Opening hours suit the people who use the service').getByLabel('2 · poor').check();
    await item('Respectful, non-judgemental treatment by staff').getByLabel('5 · very good').check();
    await item('Safe to reach: no police at or near the service').getByLabel('Could not see').check();
    const said = form.getByRole('group', { name: 'What clients said' });
    await said.getByLabel('Clients asked').fill('5');
    await said.getByLabel('Said good').fill('3');
    await said.getByLabel('Said fair').fill('1');
    await said.getByLabel('Said poor').fill('1');
    await form
      .getByLabel('What you found overall')
      .fill('Kind staff; short hours and a long wait for a first dose.');
    // Nothing is ticked for the expert: what they leave counts as not seen, and the form says so.
    await form.getByText('4 items are not answered yet: they count as not seen.').waitFor();
    expect(await item('HIV and hepatitis C testing offered').getByLabel('Could not see').isChecked()).toBe(
      false,
    );
    expect(await axeViolations(phone)).toEqual([]);
    await shot(phone, 'scorecards-01-visit-phone');

    // No network: the visit waits on the phone, sealed — the note is not there as text.
    await phoneContext.setOffline(true);
    await form.getByRole('button', { name: 'Send the visit' }).click();
    await phone.getByText(/^No network: your visit to Kyiv OST clinic is kept on this phone/).waitFor();
    await phone.getByText('waiting to be sent').waitFor();
    const stored = await phone.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const req = indexedDB.open('harbour-visits');
          req.onsuccess = () => {
            const all = req.result.transaction('items').objectStore('items').getAll();
            all.onsuccess = () =>
              resolve(
                all.result
                  .map((r: { data: ArrayBuffer }) => new TextDecoder('latin1').decode(r.data))
                  .join('|'),
              );
          };
        }),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).not.toContain('kits at the desk');
    // The network is back: the outbox goes by itself.
    await phoneContext.setOffline(false);
    await phone.getByText('1 visit(s) waiting on this phone were sent.').waitFor();
    await phone
      .getByRole('listitem')
      .filter({ hasText: 'Kyiv OST clinic' })
      .getByText(/^sent, visited /)
      .waitFor();
    await shot(phone, 'scorecards-02-sent');

    // 3. The programme reads the scorecard and turns a finding into an action item.
    await pm.reload();
    await pm.getByRole('table', { name: 'Sites' }).getByRole('link', { name: 'Kyiv OST clinic' }).click();
    const card = pm.getByRole('region', { name: 'Scorecard: Kyiv OST clinic' });
    // Hand-computed: (4 + 2 + 2 + 5) / 4 items scored = 3.3, fair.
    await card
      .getByRole('table', { name: 'Scores by item and visit' })
      .getByRole('row', { name: /^Overall 3\.3 3\.3 · fair/ })
      .waitFor();
    await card.getByText('Clients asked on the days of the visits: 5 — good 3, fair 1, poor 1.').waitFor();
    await card.getByRole('button', { name: 'Read the notes' }).click();
    await card.getByText(NOTE).waitFor();
    const add = card.getByRole('form', { name: 'Turn a finding into an action item' });
    await add.getByLabel('Item').selectOption({ label: 'Opening hours suit the people who use the service' });
    await add.getByLabel('What will be done').fill('Open until 20:00 on weekdays');
    await add.getByLabel('Owner').fill('Clinic manager');
    await add.getByLabel('Due').fill(inDays(60));
    await add.getByRole('button', { name: 'Add the action' }).click();
    await card.getByRole('row', { name: /Open until 20:00 on weekdays/ }).waitFor();
    expect(await axeViolations(pm)).toEqual([]);
    await shot(pm, 'scorecards-03-site');
    const download = pm.waitForEvent('download');
    await card.getByRole('button', { name: 'Download the scorecard (XLSX)' }).click();
    expect((await download).suggestedFilename()).toBe('scorecard-kyiv-ost.xlsx');

    // 4. Kyiv's site manager sees it and moves it along; an action is never dropped without a reason.
    const { page: manager } = await open('manager');
    await nav(manager, 'Scorecards');
    await manager
      .getByRole('table', { name: 'Sites' })
      .getByRole('link', { name: 'Kyiv OST clinic' })
      .click();
    const status = manager.getByLabel('Status of “Open until 20:00 on weekdays”');
    await status.selectOption('dropped');
    await manager.getByText('Say why the action is dropped, in the note beside it.').waitFor();
    await status.selectOption('in_progress');
    await manager.reload();
    await expect
      .poll(() => manager.getByLabel('Status of “Open until 20:00 on weekdays”').inputValue())
      .toBe('in_progress');
    // Readers do not read the expert's notes.
    expect(await manager.getByRole('button', { name: 'Read the notes' }).count()).toBe(0);
    expect(await axeViolations(manager)).toEqual([]);
    await shot(manager, 'scorecards-04-site-manager');
    expect(problems).toEqual([]);
    expect(phoneProblems).toEqual([]);
  });

  it('brings a new expert into the pool through an invitation link', async () => {
    const { page: officer } = await open('grants');
    await nav(officer, 'Community experts');
    await officer
      .getByRole('table', { name: /^The pool \(10\)$/ })
      .getByRole('row', { name: /Oksana/ })
      .getByText(/Signal \+000/)
      .waitFor();
    await officer.getByText('Invite someone to the pool').click();
    const form = officer.getByRole('form', { name: 'Invite someone to the pool' });
    await form.getByLabel('Where they will review', { exact: true }).selectOption('HRC');
    await form.getByLabel('Name they go by').fill('Taras');
    await form.getByLabel('Country').fill('XX');
    await form.getByLabel('Languages').fill('uk, ru');
    await form.getByLabel('needles and syringes').check();
    await form.getByRole('button', { name: 'Make the invitation link' }).click();
    await expect.poll(() => form.getByLabel('Country').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Country').fill('UA');
    await form.getByRole('button', { name: 'Make the invitation link' }).click();
    const link = await officer.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/console/join#[A-Za-z0-9_-]{40,}$`));
    expect(await axeViolations(officer)).toEqual([]);
    await shot(officer, 'scorecards-05-invite');

    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true });
    contexts.push(context);
    const join = await context.newPage();
    await join.goto(link);
    await join
      .getByText('Welcome, Taras. You are invited to review for Harm Reduction Consortium.')
      .waitFor();
    await join.getByLabel('Username').fill('taras');
    await join.getByLabel('Password', { exact: true }).fill('sunflower river morning');
    await join.getByLabel('The password again').fill('sunflower river morning');
    expect(await axeViolations(join)).toEqual([]);
    await join.getByRole('button', { name: 'Join' }).click();
    await join.getByText('Welcome! Your username is taras.').waitFor();
    expect(join.url()).toBe(`${server.url}/console/join`);
    // The link works once.
    const again = await context.newPage();
    await again.goto(link);
    await again.getByText(/^This invitation link is not valid any more/).waitFor();
    await signIn(join, server.url, 'taras', 'sunflower river morning');
    await join.getByRole('navigation').getByRole('link', { name: 'My site visits', exact: true }).click();
    // Their profile is what the invitation said, and theirs to change.
    await join.locator('summary', { hasText: 'My profile' }).click();
    const profile = join.getByRole('form', { name: 'My profile' });
    await expect.poll(() => profile.getByLabel('Languages').inputValue()).toBe('uk, ru');
    expect(await profile.getByLabel('needles and syringes').isChecked()).toBe(true);
    await profile.getByLabel('How the programme can reach you (optional)').fill('Signal: taras-reviews');
    await profile.getByRole('button', { name: 'Save my profile' }).click();
    await profile.getByText('Your profile is saved.').waitFor();
    expect(await axeViolations(join)).toEqual([]);
  });
});
