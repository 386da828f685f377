import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInLondon } from '../../src/dates/london.js';
import { createCaseWithPartners } from '../fixtures/cases.js';
import { createTestOrganisation, type TestOrganisation } from '../fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../fixtures/programme.js';
import { expectNoAxeViolations, expectNoBrowserProblems, screenshotsOnFailure, startJourney, type Journey } from './harness.js';
import { ErrorSummary } from './pages/ErrorSummary.js';
import { Header } from './pages/Header.js';
import { PartnerDutiesPage } from './pages/PartnerDutiesPage.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * Issue 5 in the browser: her worker opens her case, sees her safe-contact rules, logs a failed
 * attempt and a successful one, and writes a safety plan with her; the facilitator suspends him;
 * by the time his page has reloaded a duty to inform her is on each of his partners' cases; her
 * worker records that she told her, and the duty closes for her case only. Axe on every page.
 */
const RISK = 'She is afraid he will wait outside the nursery on Thursdays';
const TOLD_NOTE = 'Told her on the safe number; she will keep the nursery pick-up with her mother';

type Prepared = {
  org: TestOrganisation;
  programme: TestProgramme;
  currentCaseId: string;
  exCaseId: string;
  partnerName: string;
};

describe('partner support: safe contact, safety plan, and the duty to tell her he was suspended', () => {
  let journey: Journey<Prepared>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const org = await createTestOrganisation(db, 'Calder Vale');
      const darren = await createCaseWithPartners(db, org, 'S');
      const programme = await createTestProgramme(db, org, { participantIds: [darren.participantId], sessionCount: 2 });
      return {
        org,
        programme,
        currentCaseId: darren.currentCaseId,
        exCaseId: darren.exCaseId,
        partnerName: 'RosalindS QuennellS',
      };
    });
  });
  afterAll(async () => journey?.close());

  const signIn = async (user: { email: string; password: string }) => {
    const page = await journey.newPage();
    await (await new SignInPage(page).open()).signInAs(user.email, user.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  it('her worker sees her safe-contact rules, logs a failed attempt and a successful one, and writes a safety plan', async () => {
    const { org, currentCaseId } = journey.prepared;
    const page = await signIn(org.users.partner);
    await page.goto(`/partner-cases/${currentCaseId}/contact`);
    const panel = page.locator('[data-qa=safe-contact-panel]');
    await panel.waitFor();
    expect(await panel.innerText()).toMatch(/Do not leave a message/);
    await expectNoAxeViolations(page);

    for (const outcome of ['No answer', 'Spoke with them (or they responded)']) {
      await page.locator('[data-qa=log-contact-attempt]').click();
      const form = page.locator('[data-qa=contact-attempt-form]');
      await form.waitFor();
      // Her rules come before the form on the attempt page too.
      expect(await page.locator('[data-qa=safe-contact-panel]').innerText()).toMatch(/Do not leave a message/);
      await expectNoAxeViolations(page);
      await form.getByLabel('Phone call').check();
      await form.getByLabel(outcome, { exact: true }).check();
      await form.locator('[data-qa=log-attempt]').click();
      await page.locator('[data-qa=case-heading]').waitFor();
      await page.goto(`/partner-cases/${currentCaseId}/contact`);
    }
    const attempts = await page.locator('[data-qa=contact-attempts]').innerText();
    expect(attempts).toContain('No answer');
    expect(attempts).toContain('Spoke with them');

    await page.goto(`/partner-cases/${currentCaseId}/risk`);
    await page.locator('[data-qa=safety-plan-link]').click();
    await page.locator('[data-qa=edit-safety-plan]').waitFor();
    await expectNoAxeViolations(page);
    await page.locator('[data-qa=edit-safety-plan]').click();
    const plan = page.locator('[data-qa=safety-plan-form]');
    await plan.waitFor();
    await expectNoAxeViolations(page);
    await plan.locator('[data-qa=risks]').fill(RISK);
    const review = new Date(Date.parse(`${todayInLondon()}T12:00:00Z`) + 30 * 86_400_000);
    await plan.locator('#reviewOn').fill(String(review.getUTCDate()));
    await plan.locator('#reviewOn-month').fill(String(review.getUTCMonth() + 1));
    await plan.locator('#reviewOn-year').fill(String(review.getUTCFullYear()));
    await plan.locator('[data-qa=save-safety-plan]').click();
    await page.locator('[data-qa=current-version]').waitFor();
    expect(await page.locator('main').innerText()).toContain(RISK);
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });

  it('the facilitator suspends him', async () => {
    const { org, programme } = journey.prepared;
    const page = await signIn(org.users.perpetrator);
    await page.goto(`/programme/enrolments/${programme.enrolments[0]?.enrolmentId}/journey`);
    const form = page.locator('[data-qa=journey-form]');
    await form.waitFor();
    await expectNoAxeViolations(page);
    await form.getByLabel('Suspend (suspended)').check();
    await form.getByLabel('Reason').selectOption({ label: 'Suspend: Repeated absences' });
    await form.locator('[data-qa=save-journey]').click();
    await page.getByText('Suspended').first().waitFor();
    // Nothing of her service on his pages.
    expect(await page.content()).not.toMatch(/Duties to inform the partner|duties-outstanding/);
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });

  it('a duty to tell her is on each of his partners’ cases; her worker records that she told her, and it closes for her case only', async () => {
    const { org, currentCaseId, exCaseId } = journey.prepared;
    const sentence = `Suspended from the programme on`;

    const exWorker = await signIn(org.users.management);
    const exDuties = await new PartnerDutiesPage(exWorker).openCase(exCaseId);
    expect(await exDuties.outstanding.innerText()).toContain(sentence);
    await expectNoAxeViolations(exWorker);

    const page = await signIn(org.users.partner);
    await page.goto('/dashboard');
    await page.locator('[data-qa=dashboard-duties]').waitFor();
    expect(await page.locator('[data-qa=dashboard-duties]').innerText()).toContain(sentence);
    await expectNoAxeViolations(page);

    const duties = await new PartnerDutiesPage(page).openCase(currentCaseId);
    expect(await duties.outstanding.innerText()).toContain(sentence);
    await expectNoAxeViolations(page);
    await duties.openRecordFormFor(sentence);
    expect(await duties.whatToTell.innerText()).toContain(sentence);
    await expectNoAxeViolations(page);

    await duties.save();
    expect((await new ErrorSummary(page).waitFor()).items).toEqual(['Select whether the partner was told']);
    await expectNoAxeViolations(page);

    await duties.recordTold('Phone', '00:00', TOLD_NOTE);
    expect(await duties.outstanding.innerText()).not.toContain(sentence);
    expect(await duties.done.innerText()).toMatch(new RegExp(`${sentence}[\\s\\S]*Phone[\\s\\S]*${TOLD_NOTE}`));
    await expectNoAxeViolations(page);

    // His ex-partner has not been told yet: her duty stays open.
    await exDuties.openCase(exCaseId);
    expect(await exDuties.outstanding.innerText()).toContain(sentence);
    expectNoBrowserProblems(journey.problems);
  });

  it('the manager’s settings for due times, and the closing summary form, with their errors', async () => {
    const { org, currentCaseId } = journey.prepared;
    const page = await signIn(org.users.management);
    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'Change the due times and follow-up period' }).click();
    const settings = page.locator('[data-qa=duty-settings-form]');
    await settings.waitFor();
    await expectNoAxeViolations(page);
    await settings.getByLabel('Suspended').fill('soon');
    await settings.locator('[data-qa=save]').click();
    expect((await new ErrorSummary(page).waitFor()).items).toEqual(['Enter the working days for “Suspended” as a whole number']);
    await expectNoAxeViolations(page);

    await page.goto(`/partner-cases/${currentCaseId}/tab/support#follow-up`);
    await page.locator('[data-qa=follow-up]').waitFor();
    await page.locator('a[data-qa=close-case]').click();
    const close = page.locator('[data-qa=close-form]');
    await close.waitFor();
    await expectNoAxeViolations(page);
    await close.locator('button[data-qa=close-case]').click();
    expect((await new ErrorSummary(page).waitFor()).items).toEqual([
      'Select the outcome of the support',
      'Select how safe the partner is at closing',
      'Enter a closing summary',
    ]);
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });
});
