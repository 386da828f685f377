import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData, type DemoSummary } from '../../src/demo/demo.js';
import { expectNoAxeViolations, screenshot, screenshotsOnFailure, startJourney, type Journey } from './harness.js';
import { ErrorSummary } from './pages/ErrorSummary.js';
import { Header } from './pages/Header.js';
import { CaseSafetySection, SafetyPlanForm, SafetyPlanPage, SafetyPlanPrintView } from './pages/SafetyPlanPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { ReferralForm, SupportSessionForm, SupportWorkPage } from './pages/SupportWorkPage.js';

type Prepared = { demo: DemoSummary; sarahCaseId: string };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Her safety plan (issue 5, point 2): Sarah's worker writes a plan with her, first with a review
 * date in the past, which the form points out; then updates it, finds the first version kept, and
 * opens the print view. Every page checked with axe-core.
 */
describe('her worker writes a safety plan with her', () => {
  let journey: Journey<Prepared>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const demo = await loadDemoData(db);
      const sarah = await db
        .selectFrom('partner_cases')
        .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
        .select('partner_cases.id')
        .where('partners.organisation_id', '=', demo.organisationId)
        .where('partners.given_name', '=', 'Sarah')
        .executeTakeFirstOrThrow();
      return { demo, sarahCaseId: sarah.id };
    });
  });
  afterAll(async () => journey?.close());

  const signIn = async (email: string): Promise<Page> => {
    const page = await journey.newPage();
    const signInPage = await new SignInPage(page).open();
    await signInPage.signInAs(email, journey.prepared.demo.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  const check = async (page: Page, name: string): Promise<void> => {
    await screenshot(page, `safety-plan-${name}`);
    await expectNoAxeViolations(page);
  };

  it('writes, corrects, updates and prints the plan', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    await page.goto(`/partner-cases/${journey.prepared.sarahCaseId}/risk`);
    const section = new CaseSafetySection(page);
    await section.planLink.click();
    const plan = await new SafetyPlanPage(page).waitFor();
    await expect(plan.none.isVisible()).resolves.toBe(true);
    await check(page, 'none');

    await plan.edit.click();
    const form = await new SafetyPlanForm(page).waitFor();
    await check(page, 'form');
    await form.fill({ risks: 'He said he would come to the house', escapeRoute: 'Out of the back door to her neighbour' });
    await form.reviewOn(inDays(-2));
    await form.save.click();
    const summary = await new ErrorSummary(page).waitFor();
    expect(summary.items).toEqual(['The review date must be today or in the future']);
    await expect(form.field('escapeRoute').inputValue()).resolves.toBe('Out of the back door to her neighbour');
    await check(page, 'form-errors');

    await form.reviewOn(inDays(28));
    await form.save.click();
    await plan.waitFor();
    await expect(plan.currentVersion.innerText()).resolves.toContain('Version 1');
    await check(page, 'version-1');

    await plan.edit.click();
    await form.waitFor();
    await form.fill({ escapeRoute: 'Taxi to her sister’s' });
    await form.save.click();
    await plan.waitFor();
    await expect(plan.currentVersion.innerText()).resolves.toContain('Version 2');
    await expect(plan.versions.count()).resolves.toBe(2);
    await plan.version(1).click();
    await expect(page.locator('body').innerText()).resolves.toContain('Out of the back door to her neighbour');
    await check(page, 'earlier-version');

    await page.goto(`/partner-cases/${journey.prepared.sarahCaseId}/safety-plan/print`);
    const print = await new SafetyPlanPrintView(page).waitFor();
    await expect(print.confidential.innerText()).resolves.toBe('Confidential: keep somewhere safe');
    await expect(print.emergencyNumbers.innerText()).resolves.toContain('0808 2000 247');
    await expect(page.locator('nav').count()).resolves.toBe(0);
    await check(page, 'print');
  });

  it('records a support session and a referral she wants, with her consent', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    await page.goto(`/partner-cases/${journey.prepared.sarahCaseId}/risk`);
    await new CaseSafetySection(page).supportLink.click();
    const support = await new SupportWorkPage(page).waitFor();
    await check(page, 'support');

    await support.recordSession.click();
    const session = await new SupportSessionForm(page).waitFor();
    await session.save.click();
    await expect(new ErrorSummary(page).waitFor()).resolves.toMatchObject({ title: 'There is a problem' });
    await check(page, 'session-errors');
    await session.heldOn(inDays(0));
    await session.how('Phone');
    await session.duration.fill('40');
    await session.topic('Safety');
    await session.topic('Housing');
    await session.save.click();
    await support.waitFor();
    await expect(support.sessions.count()).resolves.toBe(1);
    await expect(support.sessions.first().innerText()).resolves.toContain('Safety, Housing');

    await support.recordReferral.click();
    const referral = await new ReferralForm(page).waitFor();
    await check(page, 'referral');
    await referral.service('IDVA (independent domestic violence adviser)');
    await referral.organisation.fill('Northbridge IDVA Service');
    await referral.referredOn(inDays(0));
    await referral.save.click();
    const summary = await new ErrorSummary(page).waitFor();
    expect(summary.items).toEqual(['Confirm that the partner wants this referral and consents to it']);
    await referral.consent.check();
    await referral.save.click();
    await support.waitFor();
    await expect(support.referrals.first().innerText()).resolves.toContain('Northbridge IDVA Service');
    await check(page, 'support-recorded');
  });
});
