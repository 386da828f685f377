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
import { CasePage } from './pages/CasePage.js';
import { ChildForm, ChildPartnerForm } from './pages/ChildForms.js';
import { ErrorSummary } from './pages/ErrorSummary.js';
import { Header } from './pages/Header.js';
import { SignInPage } from './pages/SignInPage.js';

type Prepared = { demo: DemoSummary; danielId: string; sarahCaseId: string };

/**
 * His children at intake (issue 3): the facilitator adds a child to Daniel's record, first with a
 * mistake; Sarah's partner support worker links the child to her with the nursery; the facilitator
 * then sees the child, and never the school or the nursery. Every page checked with axe-core.
 */
describe('his children on both case files, her details of them on hers only', () => {
  let journey: Journey<Prepared>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const demo = await loadDemoData(db);
      const daniel = await db
        .selectFrom('participants')
        .select('id')
        .where('organisation_id', '=', demo.organisationId)
        .where('given_name', '=', 'Daniel')
        .executeTakeFirstOrThrow();
      const sarah = await db
        .selectFrom('partner_cases')
        .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
        .select('partner_cases.id')
        .where('partners.organisation_id', '=', demo.organisationId)
        .where('partners.given_name', '=', 'Sarah')
        .executeTakeFirstOrThrow();
      return { demo, danielId: daniel.id, sarahCaseId: sarah.id };
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
    await screenshot(page, `children-${name}`);
    await expectNoAxeViolations(page);
  };

  it('the facilitator adds a child to his record, correcting a mistake the form points out', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    await page.goto(`/participants/${journey.prepared.danielId}/tab/children`);
    await new CasePage(page).waitFor();
    const children = page.locator('[data-qa=children]');
    await expect(children.innerText()).resolves.toContain('Mia');
    await check(page, 'his-case');

    await page.locator('[data-qa=add-child]').click();
    const form = await new ChildForm(page).waitFor();
    await check(page, 'new');
    await form.firstName.fill('Ellis');
    await form.save.click();
    const summary = await new ErrorSummary(page).waitFor();
    expect(summary.items).toEqual(['Enter the child’s date of birth or, if you do not know it, their age']);
    await expect(form.firstName.inputValue()).resolves.toBe('Ellis');
    await check(page, 'new-errors');

    await form.age.fill('2');
    await form.choose('The participant’s relationship to the child', 'Parent');
    await form.choose('Who does the child live with?', 'The child’s other parent');
    await form.choose('Child protection status', 'Child in need');
    await form.save.click();
    await page.waitForURL((url) => url.pathname === `/participants/${journey.prepared.danielId}/children`);
    const list = await page.locator('[data-qa=children]').innerText();
    expect(list).toContain('Ellis');
    expect(list).toContain('About 2 years');
    await check(page, 'list');

    await page.getByRole('link', { name: 'Change Ellis' }).click();
    await new ChildForm(page).waitFor();
    await check(page, 'edit');
    expectNoBrowserProblems(journey.problems);
  });

  it('her worker links the child to her and records the nursery, which stays on her case', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    await page.goto(`/partner-cases/${journey.prepared.sarahCaseId}/tab/children`);
    await new CasePage(page).waitFor();
    const children = page.locator('[data-qa=partner-children]');
    await expect(children.innerText()).resolves.toContain('School or nursery: Northbridge Primary');
    await check(page, 'her-case');

    await children.getByRole('link', { name: 'Link Ellis' }).click();
    const form = await new ChildPartnerForm(page).waitFor();
    await check(page, 'partner-form');
    await form.linked('No');
    await form.school.fill('Heron Lane Nursery');
    await form.save.click();
    const summary = await new ErrorSummary(page).waitFor();
    expect(summary.items).toEqual(['To record a school or notes, link the child to this partner']);
    await expect(form.school.inputValue()).resolves.toBe('Heron Lane Nursery');
    await check(page, 'partner-form-errors');

    await form.linked('Yes');
    await form.notes.fill('Sarah drops Ellis off at 8am.');
    await form.save.click();
    await page.waitForURL((url) => url.pathname === `/partner-cases/${journey.prepared.sarahCaseId}`);
    await page.goto(`/partner-cases/${journey.prepared.sarahCaseId}/tab/children`);
    await expect(page.locator('[data-qa=partner-children]').innerText()).resolves.toContain(
      'School or nursery: Heron Lane Nursery',
    );
    expectNoBrowserProblems(journey.problems);
  });

  it('the facilitator sees Ellis on his record, and nothing her worker recorded', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    for (const path of [
      `/participants/${journey.prepared.danielId}/tab/children`,
      `/participants/${journey.prepared.danielId}/children`,
    ]) {
      await page.goto(path);
      await page.locator('[data-qa=children]').waitFor();
      const html = await page.content();
      expect(html).toContain('Ellis');
      for (const secret of [
        'Heron Lane Nursery',
        'Northbridge Primary',
        'drops Ellis off at 8am',
        'collection list',
        'Linked to',
      ]) {
        expect(html, `${path} must not show ${secret}`).not.toContain(secret);
      }
    }
    const hers = await page.goto(`/partner-cases/${journey.prepared.sarahCaseId}`);
    expect(hers?.status()).toBe(404);
    expectNoBrowserProblems(journey.problems);
  });
});
