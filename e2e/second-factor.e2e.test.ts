import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser, shot } from './support/browser.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

const code = (secret: string, offsetSteps = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

describe('second factor for administrators (HARBOUR_REQUIRE_ADMIN_TOTP=true)', () => {
  let server: RunningHarbour;
  let browser: Browser;
  beforeAll(async () => {
    server = await startHarbour({ env: { HARBOUR_REQUIRE_ADMIN_TOTP: 'true' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('makes the admin set up TOTP at first sign-in, then asks for a code at the next', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('harbour-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up a second factor' }).waitFor();
    const secret = (await page.locator('figcaption code').textContent())!.trim();
    await shot(page, 'foundation-09-totp-enrol');
    await page.getByLabel('6-digit code').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('6-digit code').fill(code(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();

    const second = await (await browser.newContext()).newPage();
    await second.goto(`${server.url}/console/`);
    await second.getByLabel('Username').fill('admin');
    await second.getByLabel('Password').fill('harbour-demo');
    await second.getByRole('button', { name: 'Sign in' }).click();
    await second.getByRole('heading', { name: 'Second factor' }).waitFor();
    // The code used at set-up cannot be replayed; the next time step's code is accepted.
    await second.getByLabel('6-digit code').fill(code(secret, 1));
    await second.getByRole('button', { name: 'Continue' }).click();
    await second.getByRole('heading', { name: /Welcome/ }).waitFor();
    await shot(second, 'foundation-10-after-totp');
  });
});
