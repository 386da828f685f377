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
import { AuditPage } from './pages/AuditPage.js';
import { CaseloadPage } from './pages/CaseloadPage.js';
import { CasePage } from './pages/CasePage.js';
import { ErrorSummary } from './pages/ErrorSummary.js';
import { Header } from './pages/Header.js';
import { KnownPeoplePage } from './pages/KnownPeoplePage.js';
import { SignInPage } from './pages/SignInPage.js';

/**
 * What axe-core 4.x no longer reports: an id used twice (its duplicate-id rules are retired), and a
 * field whose <label for> the browser resolves to another element with the same id (axe's label
 * rule matches the label by its for= and counts the field as labelled).
 */
async function idsAndLabels(page: Page): Promise<{ duplicateIds: string[]; unlabelledFields: string[] }> {
  return page.evaluate(() => {
    const counts = new Map<string, number>();
    for (const element of document.querySelectorAll('[id]')) {
      counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
    }
    const fields = [...document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]), select, textarea')];
    return {
      duplicateIds: [...counts].filter(([, count]) => count > 1).map(([id]) => id),
      unlabelledFields: fields.filter((field) => !field.labels?.length).map((field) => field.id || field.name),
    };
  });
}

/** A phone's width in CSS pixels (an iPhone SE or mini). */
const PHONE = { width: 375, height: 740 };

/**
 * At a phone's width, whether the page scrolls sideways: empty when it does not, or else the
 * elements that stick out past the screen's right edge (tag, class and a little text), to say why.
 * Scroll regions (`.parallel-scroll-region`) may be wider inside: the page itself may not.
 */
async function sidewaysOnAPhone(page: Page): Promise<string[]> {
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  try {
    return await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) {
        return [];
      }
      const inRegion = (element: Element) => element.closest('.parallel-scroll-region') !== null;
      const wide = [...document.body.querySelectorAll('*')].filter(
        (element) => element.getBoundingClientRect().right > width + 1 && !inRegion(element),
      );
      // The innermost ones: an element whose child also sticks out is only its container.
      const innermost = wide.filter((element) => !wide.some((other) => other !== element && element.contains(other)));
      return innermost
        .slice(0, 5)
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${(element.textContent ?? '').trim().slice(0, 40)}"`,
        )
        .concat(`scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
    });
  } finally {
    if (size) {
      await page.setViewportSize(size);
    }
  }
}

/**
 * Every kind of page a signed-in user (or someone signing in) sees, checked with axe-core against
 * WCAG 2.2 AA: lists, cases, forms, and each form again in its error state, from the demo data.
 */
describe('every page is accessible', () => {
  let journey: Journey<{ demo: DemoSummary }>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => ({ demo: await loadDemoData(db) }));
  });
  afterAll(async () => journey?.close());

  /** A new browser context for one person, signed in. */
  const signIn = async (email: string): Promise<Page> => {
    const page = await journey.newPage();
    const signInPage = await new SignInPage(page).open();
    await signInPage.signInAs(email, journey.prepared.demo.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  /** Opens a path as the signed-in user and waits for its h1. */
  const open = async (page: Page, path: string): Promise<void> => {
    const response = await page.goto(path);
    expect(response?.status(), `status of ${path}`).toBe(200);
    await page.getByRole('heading', { level: 1 }).waitFor();
  };

  /** Clicks a form's submit button and waits for the page to come back with its error summary. */
  const submitExpectingErrors = async (page: Page, button: string): Promise<void> => {
    await page.locator(`[data-qa=${button}]`).click();
    const summary = await new ErrorSummary(page).waitFor();
    expect(summary.items.length).toBeGreaterThan(0);
    expect(await page.title()).toMatch(/^Error: /);
  };

  const check = async (page: Page, name: string): Promise<void> => {
    await screenshot(page, `every-page-${name}`);
    await expectNoAxeViolations(page);
    expect(await idsAndLabels(page), `ids and labels on ${page.url()}`).toEqual({ duplicateIds: [], unlabelledFields: [] });
    expect(await sidewaysOnAPhone(page), `what is wider than a phone on ${page.url()}`).toEqual([]);
  };

  it('the sign-in page, empty and with errors', async () => {
    const page = await journey.newPage();
    const signIn = await new SignInPage(page).open();
    await check(page, 'sign-in');
    await signIn.submit.click();
    await new ErrorSummary(page).waitFor();
    await check(page, 'sign-in-errors');
    expectNoBrowserProblems(journey.problems);
  });

  it('the manager’s pages: caseloads, cases, their forms and shares, referrals, the known-person check, her account', async () => {
    const page = await signIn(journey.prepared.demo.users.manager);

    const participants = await new CaseloadPage(page).waitFor();
    expect(participants.path).toBe('/participants');
    await check(page, 'participants');

    // A participant with a partner: his page lists her, and the journey goes on to her case from it.
    const participant = await participants.openCase();
    await new CasePage(page).waitFor();
    await check(page, 'participant');

    await open(page, `${participant.path}/edit`);
    await check(page, 'participant-edit');

    await open(page, `${participant.path}/shares`);
    await check(page, 'participant-shares');

    await open(page, `${participant.path}/partners/new`);
    await check(page, 'partner-new');

    await open(page, '/participants/new');
    await check(page, 'participant-new');
    await submitExpectingErrors(page, 'save');
    await check(page, 'participant-new-errors');

    await open(page, '/partner-cases');
    const partnerCases = await new CaseloadPage(page).waitFor();
    await check(page, 'partner-cases');

    const partnerCase = await partnerCases.openCase();
    await new CasePage(page).waitFor();
    await check(page, 'partner-case');

    await open(page, `${partnerCase.path}/edit`);
    await check(page, 'partner-case-edit');
    await page.locator('[data-qa=partner-form]').getByLabel('Postcode', { exact: true }).fill('not a postcode');
    await submitExpectingErrors(page, 'save');
    await check(page, 'partner-case-edit-errors');

    await open(page, `${partnerCase.path}/shares`);
    await check(page, 'partner-case-shares');
    await submitExpectingErrors(page, 'record-share');
    await check(page, 'partner-case-shares-errors');

    await open(page, '/referrals');
    await page.locator('[data-qa=referrals]').waitFor();
    await check(page, 'referrals');

    await open(page, '/referrals/new');
    await check(page, 'referral-new');
    await submitExpectingErrors(page, 'save');
    await check(page, 'referral-new-errors');

    const knownPeople = await new KnownPeoplePage(page).open();
    await check(page, 'known-people');
    await knownPeople.search('Sarah', 'Marsh');
    expect(await knownPeople.matches.count()).toBeGreaterThan(0);
    await check(page, 'known-people-results');

    await open(page, '/account');
    await check(page, 'account');

    const notFound = await page.goto('/no-such-page');
    expect(notFound?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await check(page, 'not-found');
    expectNoBrowserProblems(journey.problems);
  });

  it('a referral with its documents, and the form to attach one, empty and with errors', async () => {
    // The partner worker sees the demo referral's documents on both sides of the wall.
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    await open(page, '/referrals');
    await page.locator('tr', { hasText: 'Gary Walsh' }).locator('[data-qa=referral-link]').click();
    await page.locator('[data-qa=documents]').waitFor();
    await check(page, 'referral');
    await page.locator('[data-qa=attach-document-link]').click();
    await page.locator('[data-qa=document-form]').waitFor();
    await check(page, 'referral-document-new');
    await submitExpectingErrors(page, 'attach-document');
    await check(page, 'referral-document-new-errors');
    expectNoBrowserProblems(journey.problems);
  });

  it('assessment and risk: his assessments and risk picture, her DASH and risk picture, MARAC, duties, alerts, settings', async () => {
    const { db } = journey;
    const kevin = await db.selectFrom('participants').select('id').where('given_name', '=', 'Kevin').executeTakeFirstOrThrow();
    const aisha = await db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partner_cases.id')
      .where('partners.given_name', '=', 'Aisha')
      .executeTakeFirstOrThrow();
    const dash = await db.selectFrom('dash_assessments').select('id').executeTakeFirstOrThrow();
    const suitability = await db.selectFrom('suitability_assessments').select('id').executeTakeFirstOrThrow();
    const meeting = await db.selectFrom('marac_meetings').select('id').executeTakeFirstOrThrow();
    const page = await signIn(journey.prepared.demo.users.manager);
    const pages: Array<[string, string]> = [
      [`/participants/${kevin.id}/assessment`, 'assessment'],
      [`/participants/${kevin.id}/suitability/${suitability.id}`, 'suitability'],
      [`/participants/${kevin.id}/risk-assessment`, 'risk-assessment'],
      [`/participants/${kevin.id}/risk-assessment/versions/1`, 'risk-assessment-version'],
      [`/participants/${kevin.id}/risk-assessment/print`, 'risk-assessment-print'],
      [`/participants/${kevin.id}/risk-picture`, 'risk-picture-his-side'],
      [`/participants/${kevin.id}/assessment-reports`, 'assessment-reports'],
      [`/participants/${kevin.id}/assessment-reports/new`, 'assessment-report-new'],
      [`/risk-picture/${kevin.id}`, 'risk-picture-combined'],
      [`/partner-cases/${aisha.id}/dash`, 'dash-list'],
      [`/partner-cases/${aisha.id}/dash/${dash.id}`, 'dash'],
      [`/partner-cases/${aisha.id}/risk-picture`, 'risk-picture-her-side'],
      [`/partner-cases/${aisha.id}/marac/new`, 'marac-new'],
      ['/marac', 'marac-meetings'],
      ['/marac/referrals', 'marac-referrals'],
      ['/marac/referrals?scope=all&q=Aisha&sort=name&dir=desc', 'marac-referrals-searched'],
      ['/marac/actions?scope=all', 'marac-actions'],
      ['/marac/actions?scope=all&sort=agency', 'marac-actions-by-agency'],
      ['/partner-duties?scope=all', 'partner-duties'],
      ['/partner-duties?scope=all&q=Aisha&sort=name&dir=desc', 'partner-duties-searched'],
      [`/marac/meetings/${meeting.id}`, 'marac-meeting'],
      ['/risk-alerts', 'risk-alerts'],
      ['/settings/risk', 'risk-settings'],
    ];
    for (const [path, name] of pages) {
      await open(page, path);
      await check(page, name);
    }
    expectNoBrowserProblems(journey.problems);
  });

  it('the administrator’s pages: users, inviting a user, a user, teams, creating a team', async () => {
    const page = await signIn(journey.prepared.demo.users.admin);

    await open(page, '/admin/users');
    await check(page, 'admin-users');

    await page.locator('[data-qa=user-link]').first().click();
    await page.locator('[data-qa=user-name]').waitFor();
    await check(page, 'admin-user');

    await open(page, '/admin/users/new');
    await check(page, 'admin-user-new');
    await submitExpectingErrors(page, 'send-invite');
    await check(page, 'admin-user-new-errors');

    await open(page, '/admin/teams');
    await check(page, 'admin-teams');

    await open(page, '/admin/teams/new');
    await check(page, 'admin-team-new');
    await submitExpectingErrors(page, 'save-team');
    await check(page, 'admin-team-new-errors');
    expectNoBrowserProblems(journey.problems);
  });

  it('the data protection officer’s audit log, as it opens and searched', async () => {
    const page = await signIn(journey.prepared.demo.users.dpo);

    const audit = await new AuditPage(page).open();
    expect(await audit.entries.count()).toBeGreaterThan(0);
    await check(page, 'audit');

    await audit.searchForAction('Signed in');
    expect(await audit.resultCount.innerText()).toMatch(/^Showing 1 to \d+ of \d+ entries$/);
    expect(new URL(page.url()).searchParams.get('action')).not.toBeNull();
    await check(page, 'audit-searched');
    expectNoBrowserProblems(journey.problems);
  });
});
