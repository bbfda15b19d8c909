/** Signing in to the console as a demo user (every demo user has the demo password). */

import type { Page } from 'playwright-core';

export async function signIn(page: Page, url: string, username: string, password = 'harbour-demo') {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
}
