/**
 * Every console screen, as each kind of user reaches it from the menu, is free of the WCAG 2 A/AA
 * violations axe can find; and the screens changed for frontline fit are photographed in English,
 * Russian and Arabic (right to left) and checked again there.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, shot } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

/** A screen is ready when its title is there and nothing says it is still loading. */
async function settled(page: Page) {
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('main .loading, main [aria-busy="true"]').count()).toBe(0);
  await page.waitForLoadState('networkidle');
}

/**
 * Switches the signed-in user's language and waits until the server has kept it (the choice is the
 * user's own, so a later sign-in opens in it: each test puts English back before it ends).
 */
async function language(page: Page, locale: string) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith('/api/v1/auth/me')),
    page.locator('#locale-select').selectOption(locale),
  ]);
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
}

/** Who uses the console, between them reaching every screen. */
const PEOPLE = [
  'admin',
  'meofficer',
  'programme',
  'manager',
  'staff',
  'rights',
  'advocate',
  'donor',
  'grants',
  'expert',
];

describe('every console screen', () => {
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

  it('is free of axe violations, every screen of the menu as some role reaches it', async () => {
    const found: Record<string, string[]> = {};
    const seen = new Set<string>();
    for (const who of PEOPLE) {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await signIn(page, server.url, who);
      const links = await page
        .getByRole('navigation')
        .getByRole('link')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
      for (const path of links) {
        // Each screen once (by the first role that reaches it) keeps the sweep short; home differs by role.
        if (seen.has(path) && path !== '/console/') continue;
        await page.getByRole('navigation').locator(`a[href="${path}"]`).first().click();
        await settled(page);
        const violations = await axeViolations(page);
        if (violations.length) found[`${who} ${path}`] = violations;
        seen.add(path);
      }
      await page.context().close();
    }
    expect(found).toEqual({});
    // The sweep reached the whole menu, not a part of it.
    expect(seen.size).toBeGreaterThanOrEqual(20);
  }, 300_000);

  for (const locale of ['ru', 'ar'] as const) {
    it(`shows the changed screens in ${locale}, still free of axe violations`, async () => {
      const found: Record<string, string[]> = {};
      // Each screen as a role that reaches it: the M&E officer's, the responder's cases and trends,
      // the grants officer's calls and the pool of experts, an expert's reviews and visits, and a
      // site's community scorecard.
      for (const [who, paths] of [
        [
          'meofficer',
          ['/console/reports', '/console/dhis2', '/console/referrals', '/console/ost', '/console/projects'],
        ],
        ['rights', ['/console/rights', '/console/rights-trends']],
        ['grants', ['/console/grants', '/console/experts']],
        ['expert', ['/console/reviews', '/console/visits']],
        ['programme', ['/console/scorecards/KYIV-DIC']],
      ] as const) {
        const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
        await signIn(page, server.url, who);
        await language(page, locale);
        if (locale === 'ar') await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
        for (const path of paths) {
          await page.goto(`${server.url}${path}`);
          await settled(page);
          const violations = await axeViolations(page);
          if (violations.length) found[path] = violations;
          await shot(page, `sweep-${locale}${path.replace('/console/', '-').replaceAll('/', '-')}`);
        }
        await language(page, 'en');
        await page.context().close();
      }
      expect(found).toEqual({});
    }, 120_000);
  }
});
