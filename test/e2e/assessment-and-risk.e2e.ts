import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_PARTNER_INFORMATION } from '../../src/assessment-reports/pdf.js';
import { loadDemoData, type DemoSummary } from '../../src/demo/demo.js';
import {
  expectNoAxeViolations,
  expectNoBrowserProblems,
  screenshot,
  screenshotsOnFailure,
  startJourney,
  type Journey,
} from './harness.js';
import { DashPages, MaracPages } from './pages/DashPages.js';
import { ErrorSummary } from './pages/ErrorSummary.js';
import { Header } from './pages/Header.js';
import { AssessmentReportPages, CombinedRiskPicture, RiskAssessmentForm, SuitabilityForm } from './pages/RiskPages.js';
import { SignInPage } from './pages/SignInPage.js';

type Prepared = { demo: DemoSummary; sarahCaseId: string; danielId: string };

/** Her 14 "yes" answers: visible high risk, question 16 (sexual abuse) among them. */
const YES = [2, 3, 4, 8, 10, 11, 12, 14, 15, 16, 17, 20, 22, 24];
const Q16_COMMENT = 'She said it has happened more since the summer';
const AFRAID_OF = 'Daniel, and his brother who drives past the house';
const DOMAINS = [
  'history_of_violence',
  'physical_violence',
  'sexual_violence',
  'coercive_control',
  'threats_to_kill',
  'strangulation',
  'weapons',
  'stalking',
  'substance_use',
  'mental_health',
  'attitudes_denial',
  'children_exposure',
  'separation_child_contact',
  'breaches_of_orders',
];

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 6 in the browser: her worker completes a DASH with her (stopping first when it is not safe
 * to talk) and refers her to MARAC from it; his facilitator records his risk and suitability
 * assessments and finds none of hers; the manager sees his "none" on sexual violence set against
 * her "yes" to question 16; the facilitator's report says it holds nothing of hers. Axe on every page.
 */
describe('assessment and risk: her DASH and MARAC referral, his assessments, the combined picture', () => {
  let journey: Journey<Prepared>;
  let dashUrl = '';
  let referralUrl = '';
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const demo = await loadDemoData(db);
      const sarah = await db
        .selectFrom('partner_cases')
        .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
        .select(['partner_cases.id', 'partners.participant_id'])
        .where('partners.organisation_id', '=', demo.organisationId)
        .where('partners.given_name', '=', 'Sarah')
        .executeTakeFirstOrThrow();
      return { demo, sarahCaseId: sarah.id, danielId: sarah.participant_id };
    });
  });
  afterAll(async () => journey?.close());

  const signIn = async (email: string): Promise<Page> => {
    const page = await journey.newPage();
    await (await new SignInPage(page).open()).signInAs(email, journey.prepared.demo.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  const check = async (page: Page, name: string): Promise<void> => {
    await screenshot(page, `assessment-and-risk-${name}`);
    await expectNoAxeViolations(page);
  };

  it('her worker stops when it is not safe to talk, then completes a DASH with her at high risk', async () => {
    const { demo, sarahCaseId } = journey.prepared;
    const page = await signIn(demo.users.partnerWorker);
    const dash = new DashPages(page);
    await page.goto(`/partner-cases/${sarahCaseId}/risk`);
    await expect(page.locator('[data-qa=dash-status]').innerText()).resolves.toContain('No DASH');
    await dash.newLink.click();
    await dash.safetyForm.waitFor();
    await expect(dash.questionsForm.count()).resolves.toBe(0);
    await check(page, 'dash-safety');

    await dash.answerSafety('No');
    await dash.stop.waitFor();
    await check(page, 'dash-stop');
    await dash.openList(sarahCaseId);
    await expect(dash.none.isVisible()).resolves.toBe(true);

    await page.goto(`/partner-cases/${sarahCaseId}/dash/new`);
    await dash.safetyForm.waitFor();
    await dash.answerSafety('Yes');
    await dash.questionsForm.waitFor();
    await check(page, 'dash-questions');
    await dash.continueToScore();
    const errors = await new ErrorSummary(page).waitFor();
    expect(errors.items.length).toBeGreaterThan(0);
    await check(page, 'dash-questions-errors');

    await dash.answerQuestions(YES, { 16: Q16_COMMENT });
    await dash.continueToScore();
    await dash.score.waitFor();
    await expect(dash.score.innerText()).resolves.toMatch(/^14 of 24 answered yes: High/);
    await expect(dash.noJudgementNeeded.isVisible()).resolves.toBe(true);
    await expect(dash.judgementLevels.count()).resolves.toBe(0);
    await check(page, 'dash-score');

    await dash.save();
    await expect(dash.level.innerText()).resolves.toBe('High');
    await expect(dash.referToMarac.isVisible()).resolves.toBe(true);
    dashUrl = new URL(page.url()).pathname;
    await check(page, 'dash');
    expectNoBrowserProblems(journey.problems);
  });

  it('her worker refers her to MARAC from the DASH, its answers shown and visible high risk ticked', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    await page.goto(dashUrl);
    const dash = new DashPages(page);
    await dash.referToMarac.click();
    const marac = await new MaracPages(page).waitForForm();
    await expect(marac.dashAnswers.locator('tbody tr').count()).resolves.toBe(24);
    const q16 = await marac.answerRow(16).innerText();
    expect(q16).toContain('of a sexual nature');
    expect(q16).toContain('Yes');
    expect(q16).toContain(Q16_COMMENT);
    await expect(marac.visibleHighRisk.isChecked()).resolves.toBe(true);
    await check(page, 'marac-form');

    await marac.fill({ area: 'Northbridge', afraidOf: AFRAID_OF, knows: 'Yes', consents: 'Yes' });
    await marac.save();
    referralUrl = new URL(page.url()).pathname;
    const details = await marac.details.innerText();
    expect(details).toContain(AFRAID_OF);
    expect(details).toContain('Visible high risk');
    await check(page, 'marac-referral');
    expectNoBrowserProblems(journey.problems);
  });

  it('the facilitator records his risk and suitability assessments, and finds none of hers', async () => {
    const { demo, sarahCaseId, danielId } = journey.prepared;
    const page = await signIn(demo.users.facilitator);
    const risk = await new RiskAssessmentForm(page).open(danielId);
    await check(page, 'risk-form');
    await risk.save();
    expect((await new ErrorSummary(page).waitFor()).items.length).toBeGreaterThan(0);
    await check(page, 'risk-form-errors');

    for (const domain of DOMAINS) {
      await risk.rate(domain, { rating: 'Not known' });
    }
    await risk.rate('sexual_violence', { rating: 'None' });
    await risk.rate('physical_violence', { rating: 'Low', evidence: 'Admits pushing her once; police record of one call-out' });
    await risk.fillFindings({
      level: 'High',
      summary: 'He describes the relationship as calm; the police record does not.',
      plan: 'Monthly reviews with probation; contact with the partner support service through the share ledger only.',
      reviewOn: inDays(90),
    });
    await risk.save();
    await risk.level.waitFor();
    await expect(risk.level.innerText()).resolves.toBe('High');
    await check(page, 'risk-assessment');

    const suitability = await new SuitabilityForm(page).open(danielId);
    await check(page, 'suitability-form');
    await suitability.fill({
      acknowledgement: 'Partly acknowledges a problem',
      responsibility: 'Partly accepts responsibility (blames others or circumstances in part)',
      motivation: 'Some',
      outcome: 'High-harm case management',
      reasons: 'High risk in his risk assessment.',
    });
    await suitability.save();
    await page.locator('[data-qa=suitability-latest]').waitFor();
    await expect(page.locator('[data-qa=suitability-latest]').innerText()).resolves.toContain('High-harm case management');
    await check(page, 'assessment');

    for (const address of [`/partner-cases/${sarahCaseId}`, dashUrl, referralUrl, `/risk-picture/${danielId}`]) {
      const response = await page.goto(address);
      expect(response?.status(), address).toBe(404);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      expect(await page.content()).not.toContain(Q16_COMMENT);
    }
    await check(page, 'not-found');
    expectNoBrowserProblems(journey.problems);
  });

  it('the manager sees his "none" on sexual violence set against her "yes" to question 16', async () => {
    const page = await signIn(journey.prepared.demo.users.manager);
    const picture = await new CombinedRiskPicture(page).open(journey.prepared.danielId);
    await expect(picture.flags.count()).resolves.toBe(1);
    const flag = await picture.flag('sexual_violence').innerText();
    expect(flag).toContain('Minimised');
    expect(flag).toContain('Sexual violence and abuse');
    expect(flag).toContain('Q16');
    await check(page, 'combined-risk-picture');
    expectNoBrowserProblems(journey.problems);
  });

  it('the facilitator writes an assessment report, with nothing from the partner support service in it', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    const reports = await new AssessmentReportPages(page).openNew(journey.prepared.danielId);
    await check(page, 'report-form');
    await reports.write({ recipientKind: 'Court', recipient: 'Northbridge Family Court', purpose: 'Child arrangements hearing' });
    await expect(reports.download.getAttribute('href')).resolves.toMatch(/\/assessment-reports\/[0-9a-f-]{36}\.pdf$/);
    await expect(reports.partnerInformation.innerText()).resolves.toContain(NO_PARTNER_INFORMATION);
    const content = await page.content();
    expect(content).not.toContain(Q16_COMMENT);
    expect(content).not.toContain(AFRAID_OF);
    await check(page, 'report');
    expectNoBrowserProblems(journey.problems);
  });
});
