import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { loadDemoData, type DemoSummary } from '../../src/demo/demo.js';
import {
  expectNoAxeViolations,
  expectNoBrowserProblems,
  screenshot,
  screenshotsOnFailure,
  startJourney,
  type Journey,
} from './harness.js';
import { CaseloadPage } from './pages/CaseloadPage.js';
import { Header } from './pages/Header.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * Finding people from the caseloads (issue 12): a facilitator finds a man by a misspelt surname and
 * by his reference, one search each; a partner support worker filters her caseload to "overdue
 * first contact". axe on each filtered page.
 */

type Prepared = { demo: DemoSummary; manId: string; overdueCaseId: string; freshCaseId: string };

const userId = async (db: Db, email: string): Promise<string> =>
  (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** A man allocated to the demo facilitator, and two of his ex-partners: one referred long ago and never contacted, one today. */
async function prepare(db: Db): Promise<Prepared> {
  const demo = await loadDemoData(db);
  const facilitatorId = await userId(db, demo.users.facilitator);
  const partnerWorkerId = await userId(db, demo.users.partnerWorker);
  const man = await db
    .insertInto('participants')
    .values({ organisation_id: demo.organisationId, reference: 'PA-987654', given_name: 'Leopold', family_name: 'Fairweather' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('perpetrator_cases')
    .values({
      organisation_id: demo.organisationId,
      participant_id: man.id,
      status: 'assessment',
      allocated_worker_id: facilitatorId,
    })
    .execute();
  const herCase = async (givenName: string, familyName: string, reference: string, openedOn: string | undefined) => {
    const partner = await db
      .insertInto('partners')
      .values({
        organisation_id: demo.organisationId,
        participant_id: man.id,
        given_name: givenName,
        family_name: familyName,
        relationship: 'ex',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (
      await db
        .insertInto('partner_cases')
        .values({
          organisation_id: demo.organisationId,
          partner_id: partner.id,
          reference,
          status: 'open',
          allocated_worker_id: partnerWorkerId,
          ...(openedOn ? { opened_on: openedOn } : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  const overdueCaseId = await herCase('Philippa', 'Abbington', 'PS-987001', '2025-01-06');
  const freshCaseId = await herCase('Henrietta', 'Abbot', 'PS-987002', undefined);
  return { demo, manId: man.id, overdueCaseId, freshCaseId };
}

describe('searching and filtering the caseloads', () => {
  let journey: Journey<Prepared>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(prepare);
  });
  afterAll(async () => journey?.close());

  const signIn = async (email: string): Promise<Page> => {
    const page = await journey.newPage();
    const signInPage = await new SignInPage(page).open();
    await signInPage.signInAs(email, journey.prepared.demo.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  /** Types into the caseload's search box and applies it, as one search. */
  const search = async (page: Page, text: string): Promise<CaseloadPage> => {
    await page.locator('[data-qa=filter-q]').fill(text);
    await page.locator('[data-qa=apply-filters]').click();
    await page.waitForURL((url) => url.searchParams.get('q') === text);
    return new CaseloadPage(page).waitFor();
  };

  it('a facilitator finds a man by a misspelt surname, then by his reference', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    const caseload = await new CaseloadPage(page).waitFor();
    expect(caseload.path).toBe('/participants');
    const manPath = `/participants/${journey.prepared.manId}`;

    const bySurname = await search(page, 'Fairwether');
    expect(await bySurname.casePaths()).toEqual([manPath]);
    await expect(page.locator('.moj-filter__tag').first().innerText()).resolves.toContain('Fairwether');
    await screenshot(page, 'caseload-search-misspelt-surname');
    await expectNoAxeViolations(page);

    const byReference = await search(page, 'PA-987654');
    expect(await byReference.casePaths()).toEqual([manPath]);
    await screenshot(page, 'caseload-search-reference');
    await expectNoAxeViolations(page);
    const opened = await byReference.openCase();
    expect(opened.name).toBe('Leopold Fairweather');
    expectNoBrowserProblems(journey.problems);
  });

  it('a partner support worker filters her caseload to overdue first contact', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    const caseload = await new CaseloadPage(page).waitFor();
    expect(caseload.path).toBe('/partner-cases');
    const overduePath = `/partner-cases/${journey.prepared.overdueCaseId}`;
    const freshPath = `/partner-cases/${journey.prepared.freshCaseId}`;

    await page.locator('[data-qa=filter-overdue]').check();
    await page.locator('[data-qa=apply-filters]').click();
    await page.waitForURL((url) => url.searchParams.get('overdue') === 'first-contact');
    const filtered = await new CaseloadPage(page).waitFor();
    const paths = await filtered.casePaths();
    expect(paths).toContain(overduePath);
    expect(paths).not.toContain(freshPath);
    await expect(page.locator('.moj-filter__tag').first().innerText()).resolves.toContain('Overdue first contact');
    await screenshot(page, 'caseload-filter-overdue-first-contact');
    await expectNoAxeViolations(page);

    // Removing the filter brings back the case not yet due (both sort first by family name).
    await page.locator('.moj-filter__tag').first().click();
    await page.waitForURL((url) => !url.searchParams.has('overdue'));
    expect(await (await new CaseloadPage(page).waitFor()).casePaths()).toContain(freshPath);
    expectNoBrowserProblems(journey.problems);
  });
});
