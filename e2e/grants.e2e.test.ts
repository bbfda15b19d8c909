/**
 * A small-grants competition in the browser, from the call to the report: the grants officer opens a
 * call through the console form; a group applies on a phone without an account (a PDF attached, one
 * wrong amount named beside its field first) and keeps its private link; the officer closes the call,
 * screens and assigns; the first expert given the group's application declares a conflict and the
 * officer assigns again; experts score blind; the dashboard ranks; the committee decides; the group
 * reopens its link, reads the award and sends its narrative report.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, SCREENSHOTS, shot, watchPage } from './support/browser.js';
import { signIn } from './support/console.js';
import { type RunningHarbour, startHarbour } from './support/server.js';

/** The demo's community experts, by the name the console shows. */
const EXPERTS: Record<string, string> = {
  Oksana: 'expert',
  Dana: 'expert2',
  Ilya: 'expert3',
  Maks: 'expert4',
  Aigerim: 'expert5',
  Putu: 'expert6',
  Sasha: 'expert7',
  Rustam: 'expert8',
  Lena: 'expert9',
  Wayan: 'expert10',
};

const TITLE = 'Peer-led outreach 2027';
const PDF = Buffer.from('%PDF-1.4\n% budget of the Odesa Night Walkers\n1 0 obj <<>> endobj\n%%EOF\n');

describe('a small-grants competition in the browser', () => {
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

  const desk = async (username: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, username);
    return page;
  };
  const openCall = async (officer: Page) => {
    await officer.getByRole('table', { name: 'Calls' }).getByRole('button', { name: TITLE }).click();
    await officer.getByRole('heading', { name: new RegExp(`^${TITLE}`), level: 2 }).waitFor();
  };
  /** Who the dashboard says reviews an application, as demo usernames. */
  const reviewersOf = async (officer: Page, group: string, state: RegExp) => {
    await officer.getByRole('button', { name: group, exact: true }).click();
    const panel = officer.getByRole('region', { name: new RegExp(`^${group}`) });
    await panel.getByRole('heading', { name: 'Reviews' }).waitFor();
    const rows = panel.getByRole('row').filter({ hasText: state });
    const names = await rows.getByRole('rowheader').allInnerTexts();
    return names.map((n) => EXPERTS[n.replace(/ \(community expert\)$/, '')]!);
  };
  const review = async (username: string, ref: string, conflict: string | null, marks: string[]) => {
    const page = await desk(username);
    await page.getByRole('navigation').getByRole('link', { name: 'My reviews', exact: true }).click();
    await page.getByRole('button', { name: `Open ${ref}` }).click();
    const panel = page.getByRole('region', { name: `Review of ${ref}` });
    if (conflict) {
      await panel.getByLabel('I have a conflict of interest').check();
      await panel.getByLabel('What is the conflict?').fill(conflict);
      await panel.getByRole('button', { name: 'Continue' }).click();
      await panel.getByText('You declared a conflict of interest: you are off this application.').waitFor();
      return page;
    }
    // Nothing of the application shows before the reviewer says they have no conflict.
    expect(await panel.getByText('Odesa Night Walkers').count()).toBe(0);
    await panel.getByLabel('I have no conflict of interest').check();
    await panel.getByRole('button', { name: 'Continue' }).click();
    const form = panel.getByRole('form', { name: 'Scores' });
    const selects = form.getByRole('combobox');
    await expect.poll(() => selects.count()).toBe(marks.length);
    for (const [i, mark] of marks.entries()) await selects.nth(i).selectOption(mark);
    await form.getByLabel(/^Comments/).fill('Clear plan, led by the community.');
    await form.getByRole('button', { name: 'Submit the review' }).click();
    await page.getByText('Review submitted.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    return page;
  };

  it('runs a call from the form to the group’s report', async () => {
    // 1. The officer opens a call: one reviewer per application, a number and a file question.
    const officer = await desk('grants');
    const problems = watchPage(officer);
    await officer.getByRole('navigation').getByRole('link', { name: 'Small grants', exact: true }).click();
    await officer.getByRole('button', { name: 'Open a call' }).click();
    const form = officer.getByRole('form', { name: 'Open a call' });
    await form.getByLabel('Run by', { exact: true }).selectOption('HRC');
    await form.getByLabel('Title', { exact: true }).fill(TITLE);
    await form.getByLabel('What the call funds').fill('Outreach by people who use drugs, for their peers.');
    await form.getByLabel('Who may apply').fill('Community groups of people who use drugs.');
    await form.getByLabel('Envelope (all the call may award)').fill('5000');
    await form.getByLabel('Least one grant may be').fill('500');
    await form.getByLabel('Most one grant may be').fill('3000');
    await form.getByLabel('Criterion 1 (English)').fill('Need in the community');
    await form.getByRole('button', { name: 'Add a criterion' }).click();
    await form.getByLabel('Criterion 2 (English)').fill('A plan that can be done');
    await form.getByLabel('Reviewers per application').fill('1');
    await form.getByRole('button', { name: 'Add a question' }).click();
    await form.getByLabel('Question 1 (English)').fill('People you will reach');
    await form.getByLabel('Kind of answer to question 1').selectOption('number');
    await form.getByRole('button', { name: 'Add a question' }).click();
    await form.getByLabel('Question 2 (English)').fill('Budget');
    await form.getByLabel('Kind of answer to question 2').selectOption('file');
    expect(await axeViolations(officer)).toEqual([]);
    await form.getByRole('button', { name: 'Open the call' }).click();
    await officer.getByText(`Saved: ${TITLE}`).waitFor();
    const publicPath = await officer.getByRole('link', { name: /\/apply\// }).getAttribute('href');
    const callId = /^\/apply\/([0-9a-f-]{36})$/.exec(publicPath ?? '')?.[1];
    expect(callId).toBeTruthy();

    // 2. A group applies on a phone, with no account; a wrong amount is named beside its field.
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 800 },
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    const phoneProblems = watchPage(phone);
    await phone.goto(`${server.url}${publicPath}`);
    await phone.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    const apply = phone.getByRole('form', { name: 'Apply' });
    await apply.getByLabel(/group.s name/).fill('Odesa Night Walkers');
    await apply.getByLabel('How we can reach you').fill('Signal: nightwalkers');
    await apply.getByLabel('Country where you work').fill('UA');
    await apply.getByLabel('Amount you ask for').fill('9000');
    await apply.getByLabel('What you will do with the grant').fill('Night outreach with naloxone in Odesa.');
    await apply.getByLabel(/^People you will reach/).fill('120');
    await apply
      .getByLabel(/^Budget/)
      .setInputFiles({ name: 'budget.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await axeViolations(phone)).toEqual([]);
    await shot(phone, 'grants-01-apply-phone');
    await apply.getByRole('button', { name: 'Send the application' }).click();
    await apply.getByRole('alert').filter({ hasText: 'A grant is from 500 to 3000 USD.' }).waitFor();
    await expect.poll(() => apply.getByLabel('Amount you ask for').getAttribute('aria-invalid')).toBe('true');
    expect(await apply.getByLabel('Amount you ask for').inputValue()).toBe('9000');
    await apply.getByLabel('Amount you ask for').fill('2500');
    await apply.getByRole('button', { name: 'Send the application' }).click();
    await phone.getByRole('heading', { name: 'Your application was received — keep this link' }).waitFor();
    const link = await phone.getByLabel('Your private link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/apply/${callId}#link=[A-Za-z0-9_-]{20,}$`));
    const heading = phone.getByRole('heading', { name: /^Your application (?!was received)/ });
    const ref = /^Your application (\S+)$/.exec(await heading.innerText())?.[1];
    expect(ref).toBeTruthy();
    await phone.getByText('Received: budget.pdf').waitFor();
    expect(await axeViolations(phone)).toEqual([]);
    await shot(phone, 'grants-02-private-link');

    // A second group applies through the API, without its file.
    const second = await fetch(`${server.url}/api/v1/apply/calls/${callId}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        group: 'Almaty Harm Reduction Circle',
        contact: 'Telegram: @circle',
        country: 'KZ',
        amount: '2000',
        summary: 'Peer support at the drop-in centre.',
        answers: { q1: 40 },
      }),
    });
    expect(second.status).toBe(201);

    // 3. The officer closes the call, screens both, assigns one reviewer each.
    await officer.reload();
    await officer.getByRole('navigation').getByRole('link', { name: 'Small grants', exact: true }).click();
    await openCall(officer);
    officer.once('dialog', (d) => void d.accept());
    await officer.getByRole('button', { name: 'Close the call now' }).click();
    await officer.getByText('The call is closed.').waitFor();
    for (const group of ['Odesa Night Walkers', 'Almaty Harm Reduction Circle']) {
      await officer.getByRole('button', { name: group, exact: true }).click();
      const screening = officer.getByRole('form', { name: 'Screening' });
      await screening.getByLabel('Eligible', { exact: true }).check();
      await screening.getByLabel('Reason (the group reads it)').fill('Meets the call’s rules.');
      await screening.getByRole('button', { name: 'Record the screening' }).click();
      await officer.getByText('Screening recorded.').waitFor();
    }
    await officer.getByRole('button', { name: 'Assign reviewers' }).click();
    await officer.getByText('2 reviewers assigned.').waitFor();
    const [first] = await reviewersOf(officer, 'Odesa Night Walkers', /to start/);
    expect(first).toMatch(/^expert\d*$/);

    // 4. That expert knows the group: a conflict takes them off; the officer assigns another.
    await review(first!, ref!, 'I volunteer with this group.', []);
    await officer.getByRole('button', { name: 'Assign reviewers' }).click();
    await officer.getByText('1 reviewer assigned.').waitFor();
    const [odesaReviewer] = await reviewersOf(officer, 'Odesa Night Walkers', /to start/);
    const [almatyReviewer] = await reviewersOf(officer, 'Almaty Harm Reduction Circle', /to start/);
    expect(new Set([first, odesaReviewer, almatyReviewer]).size).toBe(3);
    const almatyRef = await officer
      .getByRole('region', { name: /^Almaty Harm Reduction Circle/ })
      .getByRole('heading', { level: 3 })
      .innerText();
    const expertPage = await review(odesaReviewer!, ref!, null, ['5', '4']);
    await shot(expertPage, 'grants-03-review');
    await review(almatyReviewer!, /\((.+)\)/.exec(almatyRef)![1]!, null, ['2', '2']);

    // 5. The dashboard ranks; the committee awards the first and declines the second with a reason.
    await officer.reload();
    await officer.getByRole('navigation').getByRole('link', { name: 'Small grants', exact: true }).click();
    await openCall(officer);
    await expect
      .poll(
        () =>
          officer
            .getByRole('img', { name: `Applications to ${TITLE} by score` })
            .locator('svg')
            .count(),
        { timeout: 20_000 },
      )
      .toBe(1);
    const applications = officer.getByRole('table', { name: 'Applications (2)' });
    await applications.getByRole('row', { name: /^1 Odesa Night Walkers/ }).waitFor();
    await applications.getByRole('row', { name: /^2 Almaty Harm Reduction Circle/ }).waitFor();
    await officer.getByRole('button', { name: 'Odesa Night Walkers', exact: true }).click();
    const decide = officer.getByRole('form', { name: 'Decision' });
    await decide.getByText('The envelope covers it in rank order: awarding needs no reason.').waitFor();
    await decide.getByLabel('Awarded', { exact: true }).check();
    await decide.getByLabel('Amount awarded (USD)').fill('2500');
    await decide.getByRole('button', { name: 'Record the decision' }).click();
    await officer.getByText('Decision recorded; the group sees it through its link.').waitFor();
    await officer.getByRole('button', { name: 'Almaty Harm Reduction Circle', exact: true }).click();
    await decide.getByLabel('Declined', { exact: true }).check();
    // Declining what the envelope covers departs from the rank order: the reason is asked for, by name.
    await decide.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => decide.getByLabel(/^Reason/).getAttribute('aria-invalid')).toBe('true');
    await decide.getByLabel(/^Reason/).fill('Already funded by the city for the same work.');
    await decide.getByRole('button', { name: 'Record the decision' }).click();
    await officer.getByText('Decision recorded; the group sees it through its link.').waitFor();
    await applications.getByRole('row', { name: /Odesa Night Walkers.*Awarded/ }).waitFor();
    expect(await axeViolations(officer)).toEqual([]);
    await shot(officer, 'grants-04-dashboard');
    expect(problems).toEqual([]);

    // 6. The group comes back through its link, reads the award and sends its narrative report.
    const later = await phoneContext.newPage();
    await later.goto(link);
    const back = later.getByRole('region', { name: `Your application ${ref}` });
    await back.getByText('Awarded — congratulations!').waitFor();
    await back.getByText('Grant: 2500 USD.').waitFor();
    const narrative = back.getByRole('form', { name: /^What you did — due / });
    await narrative.getByLabel('What happened').fill('Forty night walks; 96 naloxone kits handed out.');
    await narrative.getByRole('button', { name: 'Send the report' }).click();
    await back.getByText(/^What you did — due .* — sent, thank you$/).waitFor();
    expect(await axeViolations(later)).toEqual([]);
    await shot(later, 'grants-05-report-phone');
    expect(phoneProblems).toEqual([]);
  });

  it('measures the public page of a call on an emulated slow 3G phone', async () => {
    // The demo's open call: its address is on the officer's dashboard.
    const officer = await desk('grants');
    await officer.getByRole('navigation').getByRole('link', { name: 'Small grants', exact: true }).click();
    await officer
      .getByRole('table', { name: 'Calls' })
      .getByRole('button', { name: 'Voices against detention' })
      .click();
    const path = await officer.getByRole('link', { name: /\/apply\// }).getAttribute('href');
    const context = await browser.newContext({
      viewport: { width: 390, height: 800 },
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,
      downloadThroughput: (400 * 1024) / 8,
      uploadThroughput: (400 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t0 = Date.now();
    const response = await page.goto(`${server.url}${path}`);
    // The call's data is named in the page's headers, so it downloads beside the script.
    expect(response?.headers().link).toBe(
      `</api/v1/apply/calls/${path!.slice('/apply/'.length)}>; rel=preload; as=fetch; crossorigin`,
    );
    // Usable: the form is there to be filled in.
    await page
      .getByRole('form', { name: 'Apply' })
      .getByLabel(/group.s name/)
      .waitFor({ timeout: 60_000 });
    const firstLoad = (Date.now() - t0) / 1000;
    const dist = fileURLToPath(new URL('../packages/web/dist/', import.meta.url));
    const scripts = [
      ...readFileSync(join(dist, 'apply/index.html'), 'utf8').matchAll(/"\/(assets\/[^"]+\.js)"/g),
    ];
    const firstJsKb =
      scripts.reduce((n, m) => n + gzipSync(readFileSync(join(dist, m[1]!))).length, 0) / 1024;
    expect(firstJsKb).toBeLessThanOrEqual(60);
    const result = { first_js_kb_gzip: Math.round(firstJsKb * 10) / 10, first_load_slow3g_cpu4_s: firstLoad };
    writeFileSync(join(SCREENSHOTS, 'apply-budgets.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('a call’s public page on an emulated slow 3G phone:', result);
  });
});
