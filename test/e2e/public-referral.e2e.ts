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
import { ErrorSummary } from './pages/ErrorSummary.js';
import { Header } from './pages/Header.js';
import { PublicReferralPage } from './pages/PublicReferralPage.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * Issue 3's journey: a partner refers her partner through the public form, one question per page
 * with Exit this page on every one; the intake worker triages and accepts the referral and
 * allocates both cases; her partner case holds her safe-contact preferences, and the
 * perpetrator-side worker sees nothing of her and cannot find her case.
 */
const HER = {
  given: 'Tamsin',
  family: 'Penrose',
  safePhone: '07700 900513',
  safeTimes: 'Tuesdays after 1pm',
  codeWord: 'seagull',
};
const HIM = { given: 'Lowen', family: 'Carne' };
const CHILD = { name: 'Ivy', age: '6', school: 'Trevose Primary' };
const ACCOUNT = 'He goes through my phone and stops me seeing friends.';
const PARTNER_ROUTE = 'The partner or ex-partner of the person I am referring';

describe('a partner refers her partner through the public form', () => {
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

  /** Every page of her route: the exit button there, nothing she typed in the title or address, and no axe violations. */
  const checkPage = async (page: Page, form: PublicReferralPage, name: string): Promise<void> => {
    expect(await form.exitThisPage.isVisible()).toBe(true);
    for (const typed of [HER.given, HER.family, HIM.given, HIM.family, CHILD.name, HER.safePhone]) {
      expect(await page.title()).not.toContain(typed);
      expect(page.url()).not.toContain(typed);
    }
    expect(new URL(page.url()).search).toBe('');
    await screenshot(page, `public-referral-${name}`);
    await expectNoAxeViolations(page);
  };

  it('she answers one thing per page, with Exit this page on every step, and gets a reference', async () => {
    const page = await journey.newPage();
    const form = await new PublicReferralPage(page).open('northbridge');
    expect(await page.title()).toBe('Make a referral – Parallel');
    await expect(form.exitThisPage.locator('a').first().getAttribute('href')).resolves.toBe('https://www.bbc.co.uk/weather');
    await checkPage(page, form, 'who');

    await form.chooseRoute(PARTNER_ROUTE);
    await checkPage(page, form, 'him');
    await form.continueWithErrors();
    expect((await new ErrorSummary(page).waitFor()).items).toEqual(['Enter their first name', 'Enter their last name']);
    await checkPage(page, form, 'him-errors');
    await form.fill('Their first name', HIM.given);
    await form.fill('Their last name', HIM.family);
    await form.choose('Their gender (optional)', 'Man');
    await form.continueTo('interpreter');
    await checkPage(page, form, 'interpreter');

    await form.choose('Do they need an interpreter?', 'No');
    await form.continueTo('partners');
    await checkPage(page, form, 'partners');
    await form.choose('What kind of relationship is it?', 'A man and a woman, where the man is the one causing harm');
    await form.continueTo('children');
    await checkPage(page, form, 'children');

    await form.fill('First name (optional)', CHILD.name, 'child-1');
    await form.fill('Age in years', CHILD.age, 'child-1');
    await form.choose('Who does the child live with? (optional)', 'With me', 'child-1');
    await form.choose('Is there a child protection plan or child in need plan? (optional)', 'No plan', 'child-1');
    await form.fill('School or nursery (optional)', CHILD.school, 'child-1');
    await form.continueTo('referral');
    await checkPage(page, form, 'referral');
    await form.fill('What is happening, and why are you referring them?', ACCOUNT);
    await form.continueTo('you');

    // What happens next, and that he is not told, before she gives her details.
    expect(await page.locator('[data-qa=partner-next-steps]').textContent()).toContain(
      'The person you are referring is not told that you referred them.',
    );
    await checkPage(page, form, 'safe-contact');
    // Back posts her answers: what she wrote is still there.
    await form.backTo('referral');
    expect(await form.valueOf('What is happening, and why are you referring them?')).toBe(ACCOUNT);
    await form.continueTo('you');
    await form.fill('Your first name', HER.given);
    await form.fill('Your last name', HER.family);
    await form.choose('Are they your partner or ex-partner?', 'They are my partner');
    await form.fill('A phone number that is safe to call', HER.safePhone);
    await form.fill('When is it safe to call? (optional)', HER.safeTimes);
    await form.choose('May we leave a message on this number?', 'No');
    await form.fill('A code word (optional)', HER.codeWord);
    await form.continueTo('check');

    expect(await page.title()).toBe('Check your answers – Make a referral – Parallel');
    const answers = (await form.answers.allTextContents()).join(' ');
    for (const shown of [`${HER.given} ${HER.family}`, `${HIM.given} ${HIM.family}`, CHILD.school, HER.codeWord]) {
      expect(answers).toContain(shown);
    }
    await checkPage(page, form, 'check');
    // Change posts too, and comes back here.
    await form.change('him');
    expect(await form.valueOf('Their first name')).toBe(HIM.given);
    await form.continueTo('check');

    reference = await form.send();
    expect(reference).toMatch(/^RF-\d+$/);
    expect(await page.title()).toBe('Referral sent – Make a referral – Parallel');
    expect(await page.locator('[data-qa=partner-next-steps]').textContent()).toContain(
      'The person you referred is not told that you referred them.',
    );
    await checkPage(page, form, 'confirmation');
    expectNoBrowserProblems(journey.problems);
  });

  it('Exit this page leaves at once for a neutral site', async () => {
    const page = await journey.newPage();
    // The browser reaches no network here: the neutral site is answered locally.
    await page.route('https://www.bbc.co.uk/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }),
    );
    const form = await new PublicReferralPage(page).open('northbridge');
    await form.chooseRoute(PARTNER_ROUTE);
    await form.exitThisPage.getByRole('button', { name: 'Exit this page' }).click();
    await page.waitForURL('https://www.bbc.co.uk/weather');
    expect(await page.title()).toBe('Weather');
  });

  it('without JavaScript, Back and Continue still work and Exit this page is a plain link', async () => {
    const context = await journey.browser.newContext({ baseURL: journey.baseUrl, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const form = await new PublicReferralPage(page).open('northbridge');
      await form.chooseRoute(PARTNER_ROUTE);
      await form.fill('Their first name', 'Kenver');
      await form.fill('Their last name', 'Nankervis');
      await form.continueTo('interpreter');
      await form.backTo('him');
      expect(await form.valueOf('Their first name')).toBe('Kenver');
      await form.backTo('who');
      expect(await page.getByLabel(PARTNER_ROUTE, { exact: true }).isChecked()).toBe(true);
      expect(await form.exitThisPage.locator('a').getAttribute('href')).toBe('https://www.bbc.co.uk/weather');
    } finally {
      await context.close();
    }
  });

  it('the intake worker triages, accepts and allocates; her partner case holds her safe-contact preferences and the school is kept partner-side', async () => {
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

    const records = await journey.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select([
        'partner_cases.id',
        'partners.id as partnerId',
        'partners.participant_id',
        'partners.safe_phone',
        'partners.safe_times',
        'partners.message_may_be_left',
        'partners.code_word',
      ])
      .where('partners.family_name', '=', HER.family)
      .executeTakeFirstOrThrow();
    expect(records).toMatchObject({
      safe_phone: HER.safePhone,
      safe_times: HER.safeTimes,
      message_may_be_left: false,
      code_word: HER.codeWord,
    });
    const child = await journey.db
      .selectFrom('children')
      .innerJoin('child_partner_details', 'child_partner_details.child_id', 'children.id')
      .select(['children.age_years', 'children.lives_with', 'child_partner_details.partner_id', 'child_partner_details.school'])
      .where('children.participant_id', '=', records.participant_id)
      .executeTakeFirstOrThrow();
    expect(child).toEqual({ age_years: 6, lives_with: 'other_parent', partner_id: records.partnerId, school: CHILD.school });

    // Allocation: his case to the facilitator, hers to a partner support worker.
    const allocate = async (url: string, label: string, worker: string) => {
      await page.goto(url);
      const select = page.getByLabel(label, { exact: true });
      const value = await select.locator('option', { hasText: worker }).getAttribute('value');
      await select.selectOption(value ?? '');
      await page.locator('[data-qa=save]').click();
      await page.waitForURL((address) => !address.pathname.endsWith('/edit'));
    };
    await allocate(`/participants/${records.participant_id}/edit`, 'Allocated worker', 'Tom Reyes');
    await allocate(`/partner-cases/${records.id}/edit`, 'Partner support worker', 'Priya Shah');

    const partnerWorker = await signIn(journey.prepared.demo.users.partnerWorker);
    await partnerWorker.goto(`/partner-cases/${records.id}/contact`);
    const html = await partnerWorker.content();
    expect(html).toContain(HER.safePhone);
    expect(html).toContain(HER.safeTimes);
    expect(html).toContain('Priya Shah');
    await expectNoAxeViolations(partnerWorker);
    expectNoBrowserProblems(journey.problems);
  });

  it('the facilitator now allocated to him sees a community referral and nothing of her; her case is not found', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    await page.goto('/referrals');
    await page.getByRole('link', { name: reference, exact: true }).click();
    await page.locator('[data-qa=referral-heading]').waitFor();
    expect(await page.content()).toContain('Community referral');
    const records = await journey.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select(['partner_cases.id', 'partners.participant_id'])
      .where('partners.family_name', '=', HER.family)
      .executeTakeFirstOrThrow();
    const secrets = [HER.given, HER.family, HER.safePhone, HER.safeTimes, HER.codeWord, CHILD.school, 'goes through my phone'];
    for (const url of [page.url(), `/participants/${records.participant_id}`]) {
      await page.goto(url);
      const html = await page.content();
      for (const secret of secrets) {
        expect(html).not.toContain(secret);
      }
    }
    expect(await page.content()).toContain('Tom Reyes');
    const response = await page.goto(`/partner-cases/${records.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain(HER.family);
    expectNoBrowserProblems(journey.problems);
  });
});
