import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData, type DemoSummary } from '../../src/demo/demo.js';
import {
  expectNoAxeViolations,
  expectNoBrowserProblems,
  screenshot,
  screenshotsOnFailure,
  startJourney,
  type Journey,
} from './harness.js';
import { Header } from './pages/Header.js';
import { PublicReferralPage } from './pages/PublicReferralPage.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * Issue 3's journey: a partner refers him through the public form, with the exit button there;
 * the intake worker triages and accepts the referral; her partner case exists with her
 * safe-contact preferences, and the perpetrator-side worker sees nothing of her.
 */
const HER = {
  given: 'Tamsin',
  family: 'Penrose',
  safePhone: '07700 900513',
  safeTimes: 'Tuesdays after 1pm',
  codeWord: 'seagull',
};
const HIM = { given: 'Lowen', family: 'Carne' };

describe('a partner refers him through the public form', () => {
  let journey: Journey<{ demo: DemoSummary }>;
  screenshotsOnFailure(() => journey);
  let reference = '';

  beforeAll(async () => {
    journey = await startJourney(async (db) => ({ demo: await loadDemoData(db) }));
  });
  afterAll(async () => journey?.close());

  const signIn = async (email: string): Promise<Page> => {
    const page = await journey.newPage();
    const signInPage = await new SignInPage(page).open();
    await signInPage.signInAs(email, journey.prepared.demo.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  it('she walks the form, with Exit this page on every step, and gets a reference', async () => {
    const page = await journey.newPage();
    const form = await new PublicReferralPage(page).open('northbridge');
    expect(await page.title()).toBe('Make a referral – Parallel');
    await expect(form.exitThisPage.locator('a').first().getAttribute('href')).resolves.toBe('https://www.bbc.co.uk/weather');
    await expectNoAxeViolations(page);

    await form.chooseRoute('I am his partner or ex-partner');
    expect(await form.exitThisPage.isVisible()).toBe(true);
    await form.fill('Your first name', HER.given);
    await form.fill('Your last name', HER.family);
    await form.choose('Is he your partner or ex-partner?', 'He is my partner');
    await form.fill('A phone number that is safe to call', HER.safePhone);
    await form.fill('When is it safe to call? (optional)', HER.safeTimes);
    await form.choose('May we leave a message on this number?', 'No');
    await form.fill('A code word (optional)', HER.codeWord);
    await form.fill('His first name', HIM.given);
    await form.fill('His last name', HIM.family);
    await form.fill('What is happening and why you are referring him', 'He goes through my phone and stops me seeing friends.');
    await screenshot(page, 'public-referral-questions');
    await expectNoAxeViolations(page);

    await form.continueToCheck();
    expect(await page.title()).toBe('Check your answers – Make a referral – Parallel');
    expect(await page.locator('[data-qa=answers]').first().textContent()).toContain(`${HER.given} ${HER.family}`);
    expect(await form.exitThisPage.isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    reference = await form.send();
    expect(reference).toMatch(/^RF-\d+$/);
    expect(await page.locator('[data-qa=partner-next-steps]').textContent()).toContain('safe number');
    expect(await page.content()).toContain('He is not told that you referred him');
    expect(await form.exitThisPage.isVisible()).toBe(true);
    for (const typed of [HER.given, HER.family, HIM.given, HIM.family]) {
      expect(await page.title()).not.toContain(typed);
      expect(page.url()).not.toContain(typed);
    }
    await screenshot(page, 'public-referral-confirmation');
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });

  it('Exit this page leaves at once for a neutral site (with JavaScript, as without)', async () => {
    const page = await journey.newPage();
    // The browser reaches no network here: the neutral site is answered locally.
    await page.route('https://www.bbc.co.uk/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }),
    );
    const form = await new PublicReferralPage(page).open('northbridge');
    await form.chooseRoute('I am his partner or ex-partner');
    await form.exitThisPage.getByRole('button', { name: 'Exit this page' }).click();
    await page.waitForURL('https://www.bbc.co.uk/weather');
    expect(await page.title()).toBe('Weather');
  });

  it('the intake worker triages and accepts it; her partner case holds her safe-contact preferences', async () => {
    const page = await signIn(journey.prepared.demo.users.manager);
    await page.goto('/referrals');
    await page.getByRole('link', { name: reference, exact: true }).click();
    await page.locator('[data-qa=triage-form]').waitFor();
    expect(await page.locator('[data-qa=community-source]').textContent()).toContain(`${HER.given} ${HER.family}`);
    await page.getByLabel('In triage', { exact: true }).check();
    await page.getByLabel('Reason', { exact: true }).selectOption('triage_started');
    await page.locator('[data-qa=save-triage]').click();
    await page.locator('[data-qa=referral-status]', { hasText: 'In triage' }).waitFor();
    await page.getByLabel('Accepted for assessment', { exact: true }).check();
    await page.getByLabel('Reason', { exact: true }).selectOption('meets_criteria');
    await page.locator('[data-qa=save-triage]').click();
    await page.locator('[data-qa=referral-status]', { hasText: 'Accepted for assessment' }).waitFor();
    await expectNoAxeViolations(page);

    const partnerCase = await journey.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select([
        'partner_cases.id',
        'partners.safe_phone',
        'partners.safe_times',
        'partners.message_may_be_left',
        'partners.code_word',
      ])
      .where('partners.family_name', '=', HER.family)
      .executeTakeFirstOrThrow();
    expect(partnerCase).toMatchObject({
      safe_phone: HER.safePhone,
      safe_times: HER.safeTimes,
      message_may_be_left: false,
      code_word: HER.codeWord,
    });

    const partnerWorker = await signIn(journey.prepared.demo.users.partnerWorker);
    await partnerWorker.goto(`/partner-cases/${partnerCase.id}`);
    const html = await partnerWorker.content();
    expect(html).toContain(HER.safePhone);
    expect(html).toContain(HER.safeTimes);
    await expectNoAxeViolations(partnerWorker);
    expectNoBrowserProblems(journey.problems);
  });

  it('the perpetrator-side worker sees a community referral and nothing of her; her case is not found', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    await page.goto('/referrals');
    await page.getByRole('link', { name: reference, exact: true }).click();
    await page.locator('[data-qa=referral-heading]').waitFor();
    const html = await page.content();
    expect(html).toContain('Community referral');
    for (const secret of [HER.given, HER.family, HER.safePhone, HER.safeTimes, HER.codeWord]) {
      expect(html).not.toContain(secret);
    }
    const partnerCase = await journey.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partner_cases.id')
      .where('partners.family_name', '=', HER.family)
      .executeTakeFirstOrThrow();
    const response = await page.goto(`/partner-cases/${partnerCase.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain(HER.family);
    expectNoBrowserProblems(journey.problems);
  });
});
