/**
 * The field app on a phone-sized Chromium: install and enrol online, go offline, reload, enrol a client
 * and record contacts and an overdose, quick exit, unlock, come back online, sync, and find the
 * contact in the M&E officer's report. Then the low-end-phone measurements (reported, never asserted).
 */

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS, shot, watchPage } from './support/browser.js';
import { harbour, type RunningHarbour, startHarbour } from './support/server.js';

const PIN = '482915';
const PHONE = { viewport: { width: 390, height: 800 }, locale: 'en-GB', hasTouch: true, isMobile: true };

async function enrolPhone(page: Page, url: string) {
  await page.goto(`${url}/field/`);
  await page.getByRole('heading', { name: 'Set up this phone' }).waitFor();
  await page.getByLabel('Username').fill('outreach');
  await page.getByLabel('Password').fill('harbour-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Where you work').waitFor();
  await page.getByLabel('Name of this phone (for your manager)').fill('Oksana’s phone');
  await page.getByRole('button', { name: 'Set up this phone' }).click();
  await page.getByLabel('New PIN').fill(PIN);
  await page.getByLabel('The same PIN again').fill(PIN);
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await page.getByRole('heading', { name: /My day/ }).waitFor({ timeout: 30_000 });
}

async function unlock(page: Page) {
  await page.getByRole('heading', { name: 'Enter your PIN' }).waitFor();
  await page.getByTestId('pin').fill(PIN);
  await page.getByTestId('pin').press('Enter');
  await page.getByRole('heading', { name: /My day/ }).waitFor({ timeout: 30_000 });
}

/** Unlock whatever language the app speaks (the PIN field and Enter need no words). */
async function unlockAnyLanguage(page: Page) {
  await page.getByTestId('pin').waitFor();
  await page.getByTestId('pin').fill(PIN);
  await page.getByTestId('pin').press('Enter');
  await page.getByTestId('find').waitFor({ timeout: 30_000 });
}

/** A demo user signed in to the console in a browser context of their own. */
async function signInToConsole(browser: Browser, url: string, username: string) {
  const office = await browser.newContext();
  const desk = await office.newPage();
  await desk.goto(`${url}/console/`);
  await desk.getByLabel('Username').fill(username);
  await desk.getByLabel('Password').fill('harbour-demo');
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await desk.getByRole('heading', { name: /Welcome/ }).waitFor();
  return { office, desk };
}

async function controlled(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first load installs the worker; the next one is served by it.
  await page.reload();
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

describe('field app', () => {
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

  it('works a week offline and syncs every contact exactly once', async () => {
    // The programme keeps aliases (set before the server first reads its settings, which it caches
    // for a few seconds): the phone learns it at its first sync.
    harbour(['programme', 'set', '--org', 'SLN', '--alias', 'on'], server.env);
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const problems = watchPage(page);
    // Everything the phone sends, unzipped, to check later that a nickname never leaves it.
    const sent: string[] = [];
    page.on('request', (r) => {
      const body = r.postDataBuffer();
      if (!body) return;
      sent.push((r.headers()['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
    });
    await enrolPhone(page, server.url);
    await shot(page, 'field-01-enrolled-day');
    await controlled(page);
    await unlock(page);

    // No network from here on; the app reloads from the service worker.
    await context.setOffline(true);
    await page.reload();
    await unlock(page);
    await shot(page, 'field-02-offline-unlocked');

    await page.getByTestId('find').click();
    await page.getByTestId('uic').fill('oks 0190');
    await page.getByRole('button', { name: 'Find', exact: false }).last().click();
    await page.getByText('Nobody has this code yet.').waitFor();
    await page.getByRole('radio', { name: 'Female', exact: true }).click();
    await page.getByLabel('Year of birth (if they say)').fill('1990');
    await shot(page, 'field-03-new-client');
    await page.getByTestId('enrol').click();
    // A double tap on the usual pack records one contact, and Undo takes it back before it is sent.
    await page.getByTestId('usual').tap();
    await page.getByTestId('usual').tap();
    await page.getByTestId('undo').waitFor();
    await expect.poll(() => page.getByTestId('badge').textContent()).toContain('2 to send');
    await shot(page, 'field-03a-saved-with-undo');
    await page.getByTestId('undo').click();
    await page.getByText('Taken back: it will not be counted.').waitFor();
    await expect.poll(() => page.getByTestId('badge').textContent()).toContain('1 to send');
    // Three taps from the client's screen: syringes, condoms, save.
    await page.getByTestId('item-syringes').click();
    await page.getByTestId('item-condoms').click();
    await page.getByTestId('save').click();
    await page.getByText('Saved on this phone').waitFor();
    expect(await page.content()).not.toContain('OKS0190');
    await shot(page, 'field-04-contact-saved');
    await page.getByRole('button', { name: /My day/ }).click();
    // An overdose of a client: what was tapped before finding them is kept.
    await page.getByRole('button', { name: 'Overdose' }).click();
    await page.getByRole('radio', { name: 'Home' }).click();
    await page.getByTestId('overdose-find-client').click();
    await page.getByTestId('uic').fill('OKS0190');
    await page.getByRole('button', { name: 'Find', exact: false }).last().click();
    await page.getByTestId('match').click();
    await expect.poll(() => page.getByTestId('overdose-person').textContent()).not.toContain('Not a client');
    expect(await page.getByRole('radio', { name: 'Home' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Survived' }).click();
    await page.getByTestId('save-overdose').click();
    await page.getByText('Overdose saved on this phone').waitFor();
    await expect.poll(() => page.getByTestId('badge').textContent()).toContain('3 to send');
    // And of someone who is not a client: no code asked; a double tap saves it once.
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByRole('button', { name: 'Overdose' }).click();
    await page.getByRole('radio', { name: 'Died' }).click();
    await page.getByRole('radio', { name: 'Yes' }).click();
    await shot(page, 'field-04a-overdose-not-a-client');
    await page.getByTestId('save-overdose').tap();
    await page.getByTestId('save-overdose').tap();
    await page.getByText('Overdose saved on this phone').waitFor();
    await expect.poll(() => page.getByTestId('badge').textContent()).toContain('4 to send');

    // A rights violation, offline: sealed to the organisation's key on save.
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByTestId('rights').click();
    await page.getByLabel('They agree this is recorded').check();
    await page.getByLabel('What was done').selectOption('confiscation');
    await page
      .getByLabel('What happened, in their words')
      .fill('FIELD-RIGHTS-MARKER naloxone taken at the port');
    await page.getByTestId('save-rights').click();
    await page.getByText('This phone can no longer read it.').waitFor();
    await shot(page, 'field-04b-rights-sealed');
    expect(await page.content()).not.toContain('FIELD-RIGHTS-MARKER');
    await expect.poll(() => page.getByTestId('badge').textContent()).toContain('5 to send');

    // Quick exit leaves for a neutral page; coming back needs the PIN.
    await page.getByTestId('quick-exit').click();
    await page.waitForURL(/exit\.html/);
    await page.getByRole('heading', { name: 'Weather' }).waitFor();
    await shot(page, 'field-05-quick-exit');
    await page.goto(`${server.url}/field/`);
    await unlock(page);
    await page.getByTestId('nav-sync').click();
    expect(await page.getByTestId('pending').textContent()).toBe('5');
    await shot(page, 'field-06-pending');

    // Back in coverage: everything goes, once.
    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 30_000 }).toBe('0');
    expect(await page.getByTestId('sent').textContent()).toBe('5');
    await page.getByTestId('sync-now').click();
    await page.getByText(/Done: 0 sent/).waitFor();
    await shot(page, 'field-07-synced');

    // Follow-ups a peer can recognise: most urgent first, with days late and when they were last seen;
    // where the programme uses aliases, the phone keeps what the worker calls someone (never sent).
    await page.getByRole('button', { name: /My day/ }).click();
    const chase = page.getByTestId('referrals-due').getByRole('button');
    await expect.poll(() => chase.count()).toBeGreaterThan(0);
    expect(await chase.first().textContent()).toMatch(/days? late.*last seen \d{4}-\d{2}-\d{2}/);
    await chase.first().click();
    await page.getByText('Add what you call them').click();
    await page.getByLabel('What you call them').fill('Tall Sasha');
    await page.getByTestId('save-nickname').click();
    await page.getByRole('button', { name: /My day/ }).click();
    await expect.poll(() => chase.first().textContent()).toContain('Tall Sasha');
    await shot(page, 'field-07a-follow-ups');

    // A contact taken back after it was sent is voided on the server, once.
    const thisMonth = new Date().toISOString().slice(0, 7).replace('-', '');
    const contactsCounted = () => {
      const r = JSON.parse(harbour(['report', '--period', thisMonth, '--org', 'ODESA-PORT'], server.env)) as {
        values: { indicator: string; disaggregation: object; value: number }[];
      };
      return r.values.find((v) => v.indicator === 'contacts' && Object.keys(v.disaggregation).length === 0)
        ?.value;
    };
    const counted = contactsCounted() as number;
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByTestId('find').click();
    await page.getByTestId('uic').fill('OKS0190');
    await page.getByRole('button', { name: 'Find', exact: false }).last().click();
    await page.getByTestId('match').click();
    page.once('dialog', (d) => void d.accept());
    await page
      .getByRole('button', { name: /^Take back the contact of/ })
      .first()
      .click();
    await page.getByText('Taken back: it will not be counted.').waitFor();
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByTestId('nav-sync').click();
    expect(await page.getByTestId('pending').textContent()).toBe('1');
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 30_000 }).toBe('0');
    expect(contactsCounted()).toBe(counted - 1);
    await page.getByTestId('sync-now').click();
    await page.getByText(/Done: 0 sent/).waitFor();
    expect(contactsCounted()).toBe(counted - 1);

    // A contact corrected after it was sent: the correction supersedes it on the server, once; the
    // number of contacts stays, what was given changes.
    const given = (id: string) => {
      const r = JSON.parse(harbour(['report', '--period', thisMonth, '--org', 'ODESA-PORT'], server.env)) as {
        values: { indicator: string; disaggregation: object; value: number }[];
      };
      return (
        r.values.find((v) => v.indicator === id && Object.keys(v.disaggregation).length === 0)?.value ?? 0
      );
    };
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByTestId('find').click();
    await page.getByTestId('uic').fill('OKS0190');
    await page.getByRole('button', { name: 'Find', exact: false }).last().click();
    await page.getByTestId('match').click();
    await page.getByTestId('item-syringes').click();
    await page.getByTestId('save').click();
    await page.getByText('Saved on this phone').waitFor();
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 30_000 }).toBe('0');
    const [contactsBefore, syringesBefore, condomsBefore] = [
      contactsCounted(),
      given('nsp.syringes'),
      given('condoms'),
    ];
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByTestId('find').click();
    await page.getByTestId('uic').fill('OKS0190');
    await page.getByRole('button', { name: 'Find', exact: false }).last().click();
    await page.getByTestId('match').click();
    await page
      .getByRole('button', { name: /^Correct the contact of/ })
      .first()
      .click();
    await page.getByText(/^Correcting the contact of/).waitFor();
    await expect(page.getByTestId('item-syringes').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByTestId('item-syringes').click();
    await page.getByTestId('item-condoms').click();
    await page.getByTestId('save').click();
    await page.getByText('Corrected: the new version counts, the old one is kept in the history.').waitFor();
    await shot(page, 'field-07b-corrected');
    await page.getByRole('button', { name: /My day/ }).click();
    await page.getByTestId('nav-sync').click();
    expect(await page.getByTestId('pending').textContent()).toBe('1');
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 30_000 }).toBe('0');
    expect([contactsCounted(), given('nsp.syringes'), given('condoms')]).toEqual([
      contactsBefore,
      syringesBefore - 10,
      condomsBefore + 5,
    ]);
    // Three syncs since the nickname was kept: it is in no request and in no file of the server.
    expect(sent.some((b) => b.includes('"items"'))).toBe(true);
    expect(sent.filter((b) => b.includes('Tall Sasha'))).toEqual([]);
    const files = readdirSync(server.dataDir, { recursive: true, encoding: 'utf8' });
    for (const f of files) {
      const path = join(server.dataDir, f);
      if (statSync(path).isFile()) expect(readFileSync(path).includes('Tall Sasha'), f).toBe(false);
    }
    expect(problems).toEqual([]);

    // The M&E officer sees the syringes in this month's report for the outreach site.
    const { office, desk } = await signInToConsole(browser, server.url, 'meofficer');
    const month = new Date().toISOString().slice(0, 7).replace('-', '');
    const report = await desk.request.get(`${server.url}/api/v1/reports?period=${month}&orgUnit=ODESA-PORT`);
    expect(report.status()).toBe(200);
    const values = (await report.json()).values as {
      indicator: string;
      disaggregation: object;
      value: number;
    }[];
    const syringes = values.find(
      (v) => v.indicator === 'nsp.syringes' && Object.keys(v.disaggregation).length === 0,
    );
    expect(syringes?.value).toBeGreaterThanOrEqual(10);
    // The two overdoses arrived once each: one of a client who survived, one of a stranger who died.
    const total = (id: string) =>
      values.find((v) => v.indicator === id && Object.keys(v.disaggregation).length === 0)?.value;
    expect([total('overdose.events'), total('overdose.deaths')]).toEqual([2, 1]);
    await desk.goto(`${server.url}/console/reports`);
    await shot(desk, 'field-08-console-report');
    await office.close();

    // The phone is lost: the site manager sees it, with its last sync, and wipes it.
    harbour(
      [
        'user',
        'add',
        '--username',
        'odesa-manager',
        '--role',
        'site_manager',
        '--org',
        'UA-ODESA',
        '--password-stdin',
      ],
      server.env,
      'odesa-manager-pass-2026\n',
    );
    const mgr = await browser.newContext();
    const console_ = await mgr.newPage();
    await console_.goto(`${server.url}/console/`);
    await console_.getByLabel('Username').fill('odesa-manager');
    await console_.getByLabel('Password').fill('odesa-manager-pass-2026');
    await console_.getByRole('button', { name: 'Sign in' }).click();
    await console_.getByRole('heading', { name: /Welcome/ }).waitFor();
    await console_.getByRole('navigation').getByRole('link', { name: 'Field phones' }).click();
    const row = console_.getByRole('row', { name: /Oksana’s phone/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('outreach');
    await console_.getByRole('heading', { name: 'Outreach micro-planning' }).waitFor();
    await shot(console_, 'field-09-console-devices');
    console_.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Wipe (lost phone)' }).click();
    await console_.getByText('will erase its data when it next connects').waitFor();
    await mgr.close();

    await page.getByTestId('sync-now').click();
    await page.getByText(/everything Harbour kept on it has been erased/).waitFor();
    await page.goto(`${server.url}/field/`);
    await page.getByRole('heading', { name: 'Set up this phone' }).waitFor();
    await shot(page, 'field-10-wiped');
    await context.close();
  });

  it('shows the code built from the answers and does not ask them again at enrolment', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await enrolPhone(page, server.url);
    await page.getByTestId('find').click();
    await page.getByTestId('ask').click();
    await page.getByLabel('Surname').fill('Petrenko');
    await page.getByLabel('Sex or gender').selectOption('female');
    await page.getByLabel('Date of birth').fill('1990-03-14');
    await page.getByTestId('search').click();
    // The demo programme uses PASMO: PE + F + day 14 + year 90.
    await expect.poll(() => page.getByTestId('code').textContent()).toBe('Code: PEF1490');
    await page.getByText('Nobody has this code yet.').waitFor();
    expect(await page.getByRole('radio', { name: 'Female', exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Year of birth (if they say)').inputValue()).toBe('1990');
    // Thumb-sized choices, not 13 px circles.
    const box = await page
      .getByRole('radio', { name: 'Female', exact: true })
      .locator('xpath=..')
      .boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(48);
    await shot(page, 'field-14-code-from-answers');
    await context.close();
  });

  it('fits a 360 px and a 320 px screen in every language: no screen scrolls sideways', async () => {
    const context = await browser.newContext({ ...PHONE, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await enrolPhone(page, server.url);
    // One client to open (enrolled in English; the screens below are reached by test ids).
    await page.getByTestId('find').click();
    await page.getByTestId('uic').fill('FIT0190');
    await page.getByTestId('search').click();
    await page.getByRole('radio', { name: 'Female', exact: true }).click();
    await page.getByTestId('enrol').click();
    await page.getByTestId('item-syringes').click();
    await page.getByTestId('save').click();
    const overflowing: string[] = [];
    const check = async (where: string) => {
      for (const width of [360, 320]) {
        await page.setViewportSize({ width, height: 740 });
        const over = await page.evaluate(() => {
          const root = document.documentElement;
          // What sticks out: the widest element past the right (or, right to left, the left) edge.
          const past = Array.from(document.querySelectorAll<HTMLElement>('body *'))
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && (r.right > root.clientWidth + 1 || r.left < -1))
            .slice(0, 3)
            .map(
              ({ el, r }) =>
                `${el.tagName.toLowerCase()}.${el.className} [${Math.round(r.left)}–${Math.round(r.right)}] "${(el.textContent ?? '').trim().slice(0, 30)}"`,
            );
          return root.scrollWidth > root.clientWidth ? `${root.scrollWidth}px: ${past.join('; ')}` : '';
        });
        if (over) overflowing.push(`${where} at ${width} px is ${over}`);
      }
      await page.setViewportSize({ width: 360, height: 740 });
    };
    for (const locale of ['en', 'ru', 'ar', 'fr', 'hi', 'id']) {
      await page.evaluate((l) => localStorage.setItem('harbour.locale', l), locale);
      await page.reload();
      await unlockAnyLanguage(page);
      await check(`${locale} My day`);
      await page.getByTestId('find').click();
      await check(`${locale} Find`);
      await page.getByTestId('ask').click();
      await check(`${locale} Find by questions`);
      await page.getByTestId('ask').locator('xpath=..').locator('button').first().click();
      await page.getByTestId('uic').fill('NEW0190');
      await page.getByTestId('search').click();
      await page.getByTestId('enrol').waitFor();
      await check(`${locale} New client`);
      await page.getByTestId('uic').fill('FIT0190');
      await page.getByTestId('search').click();
      await page.getByTestId('match').click();
      await page.getByTestId('usual').waitFor();
      await page.getByTestId('item-syringes').click();
      await page.getByTestId('item-hiv_self_test').click();
      await check(`${locale} Client`);
      await page.getByTestId('nav-day').click();
      await page.getByTestId('overdose').click();
      await page.getByTestId('save-overdose').waitFor();
      await check(`${locale} Overdose`);
      await page.getByTestId('overdose-find-client').click();
      await page.getByTestId('uic').fill('FIT0190');
      await page.getByTestId('search').click();
      await page.getByTestId('match').click();
      await page.getByTestId('overdose-not-client').waitFor();
      await check(`${locale} Overdose of a client`);
      await page.getByTestId('nav-day').click();
      await page.getByTestId('rights').click();
      await page.getByTestId('save-rights').waitFor();
      await check(`${locale} Rights`);
      await page.getByTestId('nav-sync').click();
      await page.getByTestId('sync-now').waitFor();
      await check(`${locale} Sync`);
      await page.getByTestId('nav-day').click();
      if (locale === 'ru' || locale === 'ar')
        await page.screenshot({ path: join(SCREENSHOTS, `field-13-fit-360-${locale}.png`) });
    }
    expect(overflowing).toEqual([]);
    await context.close();
  });

  it("erases the phone at the programme's wrong-PIN limit, taken from the server at the last sync", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await enrolPhone(page, server.url);
    // The programme's administrator lowers the limit after this phone was set up (10 by default).
    const { office, desk: admin } = await signInToConsole(browser, server.url, 'admin');
    await admin.getByRole('navigation').getByRole('link', { name: 'Programme' }).click();
    // The page opens on the first organisation; the phone belongs to SLN. Wait for SLN's settings.
    let loaded = false;
    admin.on('response', (r) => {
      if (r.url().includes('/programme/settings?orgUnit=SLN')) loaded = true;
    });
    const organisation = admin.getByLabel('Organisation');
    await expect.poll(() => organisation.locator('option[value="SLN"]').count()).toBe(1);
    await organisation.selectOption('SLN');
    await expect.poll(() => loaded, { timeout: 30_000 }).toBe(true);
    expect(await organisation.inputValue()).toBe('SLN');
    const limit = admin.getByLabel(/Wrong PINs after which/);
    await expect.poll(() => limit.inputValue()).toBe('10');
    await limit.fill('3');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved.').waitFor();
    await shot(admin, 'field-11-programme-pin-limit');
    await office.close();
    try {
      await page.getByTestId('nav-sync').click();
      await page.getByTestId('sync-now').click();
      await page.getByTestId('sync-status').getByText(/Done:/).waitFor({ timeout: 30_000 });
      await page.reload();
      for (const failures of [1, 2]) {
        await page.getByRole('heading', { name: 'Enter your PIN' }).waitFor();
        await page.getByTestId('pin').fill('135792');
        await page.getByTestId('pin').press('Enter');
        await page.getByText(new RegExp(`Wrong PIN \\(${failures} tr`)).waitFor({ timeout: 30_000 });
      }
      await page.getByTestId('pin').fill('135792');
      await page.getByTestId('pin').press('Enter');
      await page.getByText(/everything Harbour kept on it has been erased/).waitFor({ timeout: 30_000 });
      await shot(page, 'field-12-wrong-pin-wiped');
      await page.goto(`${server.url}/field/`);
      await page.getByRole('heading', { name: 'Set up this phone' }).waitFor();
    } finally {
      harbour(['programme', 'set', '--org', 'SLN', '--pin-attempts-before-wipe', '10'], server.env);
      await context.close();
    }
  });

  it('measures a low-end phone: first load, repeat load, local save, 500 contacts over 3G', async () => {
    const context: BrowserContext = await browser.newContext(PHONE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const slow3g = {
      offline: false,
      latency: 400,
      downloadThroughput: (400 * 1024) / 8,
      uploadThroughput: (400 * 1024) / 8,
    };
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', slow3g);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t0 = Date.now();
    await page.goto(`${server.url}/field/`);
    await page.getByRole('heading', { name: 'Set up this phone' }).waitFor({ timeout: 60_000 });
    const firstLoad = (Date.now() - t0) / 1000;
    // What a phone downloads before its first screen: every script the page loads, gzip-compressed.
    const dist = fileURLToPath(new URL('../packages/web/dist/', import.meta.url));
    const scripts = [
      ...readFileSync(join(dist, 'field/index.html'), 'utf8').matchAll(/"\/(assets\/[^"]+\.js)"/g),
    ];
    const firstJsKb =
      scripts.reduce((n, m) => n + gzipSync(readFileSync(join(dist, m[1]!))).length, 0) / 1024;
    expect(firstJsKb).toBeLessThanOrEqual(100);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await enrolPhone(page, server.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await cdp.send('Network.emulateNetworkConditions', slow3g);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t1 = Date.now();
    await page.reload();
    await page.getByRole('heading', { name: 'Enter your PIN' }).waitFor({ timeout: 60_000 });
    const repeatLoad = (Date.now() - t1) / 1000;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await context.setOffline(true);
    await unlock(page);
    await page.getByTestId('find').click();
    await page.getByTestId('uic').fill('LOW0190');
    await page.getByRole('button', { name: 'Find', exact: false }).last().click();
    await page.getByRole('radio', { name: 'Male', exact: true }).click();
    await page.getByTestId('enrol').click();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // Two different contacts in turn: the same one again at once would be taken for a double tap.
    const recordOne = async (i: number) => {
      if (i % 2 === 0) await page.getByTestId('usual').click();
      else {
        await page.getByTestId('item-naloxone').click();
        await page.getByTestId('save').click();
      }
    };
    const saves: number[] = [];
    for (let i = 0; i < 20; i++) {
      await recordOne(i);
      // The enrolment and i + 1 contacts wait to be sent.
      await expect.poll(() => page.getByTestId('badge').textContent()).toContain(`${i + 2} to send`);
      saves.push(Number(await page.evaluate(() => document.body.dataset.lastSaveMs)));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    for (let i = 20; i < 500; i++) await recordOne(i);
    await expect
      .poll(() => page.getByTestId('badge').textContent(), { timeout: 60_000 })
      .toContain('501 to send');
    await page.getByTestId('nav-sync').click();
    await context.setOffline(false);
    await cdp.send('Network.emulateNetworkConditions', slow3g);
    const t2 = Date.now();
    await page.getByTestId('sync-now').click();
    await expect
      .poll(() => page.getByTestId('pending').textContent(), { timeout: 120_000, interval: 100 })
      .toBe('0');
    const sync500 = (Date.now() - t2) / 1000;
    expect(await page.getByTestId('sent').textContent()).toBe('501');
    saves.sort((a, b) => a - b);
    const result = {
      first_load_js_gzip_kb: Math.round(firstJsKb * 10) / 10,
      first_load_slow3g_cpu4_s: firstLoad,
      repeat_load_from_service_worker_slow3g_cpu4_s: repeatLoad,
      local_save_ms_median_cpu4: saves[Math.floor(saves.length / 2)],
      local_save_ms_max_cpu4: saves[saves.length - 1],
      sync_500_contacts_slow3g_s: sync500,
    };
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'field-budgets.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('field app on an emulated low-end phone:', result);
    await context.close();
  });
});
