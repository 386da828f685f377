import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../fixtures/organisation.js';
import { addTriageWork, type TriageWork } from '../fixtures/triage.js';
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

type Prepared = { org: TestOrganisation; work: TriageWork };

/** On each list a count links to, the rows that are its items. */
const LIST_ITEMS: Array<[RegExp, string]> = [
  [/^\/partner-duties\?/, '[data-qa=duty-link]'],
  [/^\/programme\/reviews\?/, '[data-qa=review]'],
  [/^\/marac\/actions\?/, '[data-qa=action-case-link]'],
];

/**
 * The manager's dashboard triages (issue 12, point 3): counts first, most urgent first, for the
 * scope chosen (mine, my team, all), and each count's link lands on its list filtered to exactly
 * that many items. The links to the two caseloads (first contacts overdue) are the caseloads'
 * own journey (test/e2e/caseload-search.e2e.ts) and are only checked to carry the same scope here.
 */
describe('the manager triages from the dashboard', () => {
  let journey: Journey<Prepared>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const org = await createTestOrganisation(db, 'Larkhill');
      return { org, work: await addTriageWork(db, org) };
    });
  });
  afterAll(async () => journey?.close());

  const signInAsManager = async (): Promise<Page> => {
    const page = await journey.newPage();
    const manager = journey.prepared.org.users.management;
    await (await new SignInPage(page).open()).signInAs(manager.email, manager.password);
    await new Header(page).waitForSignedIn();
    return page;
  };

  let page: Page;
  let dashboard: DashboardPage;

  it("opens on the manager's own counts, with no accessibility violations", async () => {
    page = await signInAsManager();
    dashboard = await new DashboardPage(page).open();
    await screenshot(page, 'dashboard-triage-mine');
    await expectNoAxeViolations(page);
    const cards = await dashboard.triage();
    expect(Object.fromEntries(cards.map((c) => [c.key, c.count]))).toEqual(journey.prepared.work.expected.management.mine);
  }, 120_000);

  for (const [scope, label] of [
    ['mine', 'My cases'],
    ['team', 'My team'],
    ['all', 'All'],
  ] as const) {
    it(`"${label}": counts most urgent first, and each link lands on exactly that many items`, async () => {
      await dashboard.open();
      await dashboard.chooseScope(label);
      const cards = await dashboard.triage();
      expect(Object.fromEntries(cards.map((c) => [c.key, c.count]))).toEqual(journey.prepared.work.expected.management[scope]);
      // Overdue first: every overdue card comes before every other.
      const firstDueSoon = cards.findIndex((c) => !c.key.endsWith('overdue'));
      expect(cards.slice(firstDueSoon).every((c) => !c.key.endsWith('overdue'))).toBe(true);
      if (scope === 'all') {
        await screenshot(page, 'dashboard-triage-all');
        await expectNoAxeViolations(page);
      }

      for (const card of cards) {
        expect(card.href).toContain(`scope=${scope}`);
        const items = LIST_ITEMS.find(([path]) => path.test(card.href))?.[1];
        if (!items) {
          expect(card.href).toMatch(/^\/(partner-cases|participants)\?overdue=first-contact&scope=/);
          continue;
        }
        await dashboard.open(scope);
        await dashboard.card(card.key).click();
        await page.waitForURL((url) => `${url.pathname}${url.search}` === card.href);
        await expect(page.locator(items).count()).resolves.toBe(card.count);
        if (scope === 'all') {
          await expectNoAxeViolations(page);
        }
      }
      expectNoBrowserProblems(journey.problems);
    }, 180_000);
  }
});
