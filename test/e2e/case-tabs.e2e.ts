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
import { Header } from './pages/Header.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * A case at a glance (issue 12, item 2): on a laptop (1366 x 768) the facilitator opens each tab of
 * Daniel's case file and her worker each tab of Sarah's, from the tabs themselves; each tab is marked
 * current, axe finds nothing, the Overview fits the screen without scrolling, and at 375 px no tab
 * scrolls sideways.
 */

type Prepared = { demo: DemoSummary; danielId: string; sarahCaseId: string };

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 375, height: 740 };

describe('both case files, tab by tab', () => {
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
    await page.setViewportSize(LAPTOP);
    await (await new SignInPage(page).open()).signInAs(email, journey.prepared.demo.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  /** How far the page's main content (inside the main element's own bottom padding) reaches below the top of the window. */
  const mainBottom = (page: Page) =>
    page.evaluate(() => {
      const main = document.querySelector('main');
      const bottom = main
        ? main.getBoundingClientRect().bottom - Number.parseFloat(getComputedStyle(main).paddingBottom)
        : Number.POSITIVE_INFINITY;
      return { bottom, height: window.innerHeight };
    });

  /** At a phone's width, how much wider than the screen the page is (0: it does not scroll sideways). */
  const sideways = async (page: Page): Promise<number> => {
    await page.setViewportSize(PHONE);
    try {
      return await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    } finally {
      await page.setViewportSize(LAPTOP);
    }
  };

  /** Opens each tab from the sub-navigation in turn, checking it is the one marked current. */
  const walkTabs = async (page: Page, start: string, expected: string[], name: string): Promise<void> => {
    await page.goto(start);
    await new CasePage(page).waitFor();
    const tabs = page.locator('[data-qa=case-tabs] a');
    expect(await tabs.allInnerTexts()).toEqual(expected);

    // The Overview fits one laptop screen: nothing below the fold but the footer.
    const overview = await mainBottom(page);
    expect(overview.bottom, `${name} overview reaches ${overview.bottom}px`).toBeLessThanOrEqual(overview.height);
    await screenshot(page, `case-tabs-${name}-overview`);

    for (const text of expected) {
      await tabs.getByText(text, { exact: true }).click();
      await page.waitForLoadState('load');
      await new CasePage(page).waitFor();
      await expect(page.locator('[data-qa=case-tabs] a[aria-current=page]').innerText()).resolves.toBe(text);
      await expect(page.locator('[data-qa=case-band]').isVisible()).resolves.toBe(true);
      await expectNoAxeViolations(page);
      expect(await sideways(page), `${name} ${text} at 375 px`).toBe(0);
      await screenshot(page, `case-tabs-${name}-${text.toLowerCase()}`);
    }
  };

  it('the facilitator opens every tab of Daniel’s case file', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    await walkTabs(
      page,
      `/participants/${journey.prepared.danielId}`,
      ['Overview', 'Contact', 'Risk', 'Programme', 'Children', 'Documents', 'Shares', 'History'],
      'his',
    );
    // Nothing on his tabs says a partner exists.
    expect(await page.content()).not.toContain('Sarah');
    expectNoBrowserProblems(journey.problems);
  });

  it('her worker opens every tab of Sarah’s case file, her safe-contact warning on each', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    await walkTabs(
      page,
      `/partner-cases/${journey.prepared.sarahCaseId}`,
      ['Overview', 'Contact', 'Risk', 'Support', 'Children', 'Documents', 'Shares', 'History'],
      'her',
    );
    await expect(page.locator('[data-qa=band-safe-contact]').isVisible()).resolves.toBe(true);
    expectNoBrowserProblems(journey.problems);
  });

  it('the facilitator is told her case file’s tabs do not exist', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    for (const tab of ['', '/contact', '/risk', '/tab/support', '/history']) {
      const response = await page.goto(`/partner-cases/${journey.prepared.sarahCaseId}${tab}`);
      expect(response?.status()).toBe(404);
    }
    expectNoBrowserProblems(journey.problems);
  });
});
