import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysAfter, todayInLondon } from '../../src/dates/london.js';
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
import { DashboardPage } from './pages/DashboardPage.js';
import { Header } from './pages/Header.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * The referrals list and the MARAC actions (issue 12): the manager finds a man's referral by a
 * misspelt surname and who referred him, sorts the list by reference and clears the filters; her
 * worker opens the dashboard's "MARAC actions, overdue" count and lands on exactly those actions.
 * axe on each filtered page.
 */

type Prepared = { demo: DemoSummary; agencyReferralId: string; selfReferralId: string };

const userId = async (db: Db, email: string): Promise<string> =>
  (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** A man with two referrals (one from probation, one his own), and an overdue MARAC action on a case of the demo's partner worker. */
async function prepare(db: Db): Promise<Prepared> {
  const demo = await loadDemoData(db);
  const org = demo.organisationId;
  const partnerWorkerId = await userId(db, demo.users.partnerWorker);
  const man = await db
    .insertInto('participants')
    .values({ organisation_id: org, reference: 'PA-987654', given_name: 'Leopold', family_name: 'Fairweather' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('perpetrator_cases').values({ organisation_id: org, participant_id: man.id, status: 'referred' }).execute();
  const referral = async (reference: string, source: 'agency' | 'self', receivedOn: string) => {
    const row = await db
      .insertInto('referrals')
      .values({
        organisation_id: org,
        reference,
        participant_id: man.id,
        channel: 'email',
        source,
        agency_type: source === 'agency' ? 'probation' : null,
        reason: 'Referred for assessment',
        area: 'Marshfield',
        received_on: receivedOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('referral_status_history')
      .values({ organisation_id: org, referral_id: row.id, to_status: 'received', reason_code: 'referral_received' })
      .execute();
    return row.id;
  };
  const agencyReferralId = await referral('RF-987001', 'agency', '2026-03-02');
  const selfReferralId = await referral('RF-987002', 'self', '2026-03-09');

  const partner = await db
    .insertInto('partners')
    .values({
      organisation_id: org,
      participant_id: man.id,
      given_name: 'Philippa',
      family_name: 'Abbington',
      relationship: 'ex',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const herCase = await db
    .insertInto('partner_cases')
    .values({
      organisation_id: org,
      partner_id: partner.id,
      reference: 'PS-987001',
      status: 'engaged',
      allocated_worker_id: partnerWorkerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const marac = await db
    .insertInto('marac_referrals')
    .values({
      organisation_id: org,
      partner_case_id: herCase.id,
      referred_on: daysAfter(todayInLondon(), -30),
      area: 'Marshfield',
      criteria: ['visible_high_risk'],
      safe_to_call: true,
      relationship: 'Ex-partner',
      she_knows: true,
      she_consents: true,
      referred_by: partnerWorkerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('marac_actions')
    .values({
      organisation_id: org,
      marac_referral_id: marac.id,
      action: 'Housing to fit a door chain at her new address',
      agency: 'Housing',
      due_on: daysAfter(todayInLondon(), -2),
      recorded_by: partnerWorkerId,
    })
    .execute();
  return { demo, agencyReferralId, selfReferralId };
}

describe('filtering referrals and following a MARAC count', () => {
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

  const listedReferrals = async (page: Page): Promise<string[]> =>
    Promise.all((await page.locator('[data-qa=referral-link]').all()).map(async (a) => (await a.getAttribute('href')) ?? ''));

  it('the manager finds a referral by a misspelt surname and who referred, sorts it, then clears the filters', async () => {
    const page = await signIn(journey.prepared.demo.users.manager);
    await page.goto('/referrals');
    await page.locator('h1', { hasText: 'Referrals' }).waitFor();
    const agencyPath = `/referrals/${journey.prepared.agencyReferralId}`;
    const selfPath = `/referrals/${journey.prepared.selfReferralId}`;

    await page.locator('[data-qa=filter-q]').fill('Fairwether');
    await page.locator('[data-qa=apply-filters]').click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'Fairwether');
    expect(await listedReferrals(page)).toEqual([selfPath, agencyPath]);

    await page.locator('[data-qa=filter-source]').selectOption('agency');
    await page.locator('[data-qa=apply-filters]').click();
    await page.waitForURL((url) => url.searchParams.get('source') === 'agency');
    expect(await listedReferrals(page)).toEqual([agencyPath]);
    await expect(page.locator('.moj-filter__tag').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('Fairwether'), expect.stringContaining('An agency')]),
    );
    await screenshot(page, 'referrals-filtered');
    await expectNoAxeViolations(page);

    // Without who referred, both of his referrals, sorted by reference: the heading's link, then the other way.
    await page.locator('.moj-filter__tag', { hasText: 'An agency' }).click();
    await page.waitForURL((url) => !url.searchParams.has('source'));
    await page.locator('[data-qa=sort-reference]').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'reference' && url.searchParams.get('dir') === 'asc');
    expect(await listedReferrals(page)).toEqual([agencyPath, selfPath]);
    await page.locator('[data-qa=sort-reference]').click();
    await page.waitForURL((url) => url.searchParams.get('dir') === 'desc');
    expect(await listedReferrals(page)).toEqual([selfPath, agencyPath]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('Fairwether');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.searchParams.has('q'));
    expect((await listedReferrals(page)).length).toBeGreaterThan(2);
    expectNoBrowserProblems(journey.problems);
  });

  it('her worker follows "MARAC actions, overdue" to exactly the actions it counted', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    const dashboard = await new DashboardPage(page).open('mine');
    const card = (await dashboard.triage()).find((c) => c.key === 'marac-actions-overdue');
    expect(card?.href).toBe('/marac/actions?scope=mine&due=overdue');
    expect(card?.count).toBeGreaterThanOrEqual(1);
    await dashboard.card('marac-actions-overdue').click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === card?.href);
    await expect(page.locator('[data-qa=action-case-link]').count()).resolves.toBe(card?.count);
    await expect(page.locator('[data-qa=marac-open-actions]').innerText()).resolves.toContain('Housing to fit a door chain');
    await screenshot(page, 'marac-actions-overdue');
    await expectNoAxeViolations(page);

    await page
      .locator('[data-qa=marac-open-actions] tr', { hasText: 'door chain' })
      .locator('[data-qa=action-case-link]')
      .click();
    await page.waitForURL(/\/partner-cases\/[0-9a-f-]+\/marac\/[0-9a-f-]+/);
    await expect(page.locator('[data-qa=marac-actions]').innerText()).resolves.toContain('Housing to fit a door chain');
    expectNoBrowserProblems(journey.problems);
  });
});
