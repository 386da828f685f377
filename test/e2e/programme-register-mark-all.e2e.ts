// A ten-participant register marked on one page in one submit with "Mark all attended" and one exception, then the group page's attendance grid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestOrganisation, type TestOrganisation } from '../fixtures/organisation.js';
import { createTestParticipant, type TestParticipant } from '../fixtures/programme-members.js';
import { createTestProgramme } from '../fixtures/programme.js';
import { expectNoAxeViolations, expectNoBrowserProblems, screenshotsOnFailure, startJourney, type Journey } from './harness.js';
import { GroupPage } from './pages/GroupPages.js';
import { Header } from './pages/Header.js';
import { RegisterPage } from './pages/RegisterPage.js';
import { SessionPage } from './pages/SessionPage.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * Issue 12, item 4 in the browser: a group meeting on Mondays at 18:30 from 5 January 2026 (as in
 * programme-delivery-register.e2e.ts) with ten participants placed in it. The facilitator opens the
 * first session's register, marks everyone attended in one step, changes one exception (one
 * participant absent) and saves the whole register with its one submit; the group page's
 * attendance grid then shows each outcome and the hours. Every page checked with axe-core, and at
 * 375 px neither page scrolls sideways.
 */
const NAMES: Array<[string, string]> = [
  ['Aaron', 'Ashworth'],
  ['Bilal', 'Brennand'],
  ['Cormac', 'Callender'],
  ['Dev', 'Dunstable'],
  ['Emeka', 'Eastwell'],
  ['Florin', 'Fairbairn'],
  ['Gareth', 'Gillingham'],
  ['Hassan', 'Holloway'],
  ['Ieuan', 'Ingleby'],
  ['Jonah', 'Jessop'],
];
const ABSENT = 'Emeka Eastwell';

type Prepared = {
  org: TestOrganisation;
  groupId: string;
  firstSessionId: string;
  secondSessionId: string;
  participants: TestParticipant[];
};

describe('programme delivery: a ten-participant register in one submit, and the attendance grid', () => {
  let journey: Journey<Prepared>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const org = await createTestOrganisation(db, 'Kingsmere');
      const participants: TestParticipant[] = [];
      for (const [givenName, familyName] of NAMES) {
        participants.push(await createTestParticipant(db, org, { givenName, familyName }));
      }
      const programme = await createTestProgramme(db, org, {
        label: 'Kingsmere',
        sessionCount: 2,
        dayOfWeek: 1,
        startTime: '18:30',
        startDate: '2026-01-05',
        capacity: 10,
        participantIds: participants.map((p) => p.participantId),
      });
      return {
        org,
        groupId: programme.groupId,
        firstSessionId: programme.sessions[0]?.id ?? '',
        secondSessionId: programme.sessions[1]?.id ?? '',
        participants,
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

  const recordsOfFirstSession = () =>
    journey.db
      .selectFrom('attendance_records')
      .innerJoin('participants', 'participants.id', 'attendance_records.participant_id')
      .select(['participants.given_name as givenName', 'participants.family_name as familyName', 'attendance_records.outcome'])
      .where('attendance_records.session_id', '=', journey.prepared.firstSessionId)
      .execute();

  /** At a phone's width the page itself does not scroll sideways (a wide table scrolls in its own region). */
  const expectNoSidewaysScroll = async (page: Page) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  it('the facilitator marks all ten attended, makes one exception and saves the register once', async () => {
    const { org, groupId, firstSessionId } = journey.prepared;
    const page = await signIn(org.users.perpetrator);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes(`/programme/sessions/${firstSessionId}/register`)) {
        posts.push(request.url());
      }
    });

    // From the group's first session (Monday 5 January 2026) to its register.
    const group = await new GroupPage(page).open(groupId);
    await group.sessions.locator('tbody tr').first().getByRole('link').click();
    await new SessionPage(page).heading.waitFor();
    await page.locator('[data-qa=register-link]').click();
    const register = new RegisterPage(page);
    await register.form.waitFor();
    expect(await page.locator('[data-qa=register-line]').count()).toBe(10);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);

    await register.markAll.click();
    await register.markedAll.waitFor();
    expect(await register.markedAll.innerText()).toContain('10 participants not yet answered are now marked as attended');
    for (const [givenName, familyName] of NAMES) {
      expect(await register.chosen(`${givenName} ${familyName}`)).toBe('Attended and participated');
    }
    // Marked on the page only: nothing is saved before the register's submit.
    expect(await recordsOfFirstSession()).toEqual([]);
    await expectNoAxeViolations(page);

    await register.choose(ABSENT, 'Absent without an acceptable reason');
    await register.save.click();
    await page.getByText('The register has been saved').waitFor();
    expect(await register.chosen(ABSENT)).toBe('Absent without an acceptable reason');
    expect(await register.chosen('Aaron Ashworth')).toBe('Attended and participated');
    await expectNoAxeViolations(page);

    // One page, one "Mark all attended", one save: the whole register written by the one submit.
    expect(posts).toHaveLength(2);
    const records = await recordsOfFirstSession();
    expect(records).toHaveLength(10);
    for (const record of records) {
      const name = `${record.givenName} ${record.familyName}`;
      expect([name, record.outcome]).toEqual([name, name === ABSENT ? 'absent_unacceptable' : 'attended']);
    }
    expectNoBrowserProblems(journey.problems);
  });

  it("Enter in a line's box saves the register as it stands and never marks everyone attended", async () => {
    // The second session, whose register nobody has answered: "Mark all" would mark all ten.
    const { org, secondSessionId } = journey.prepared;
    const page = await signIn(org.users.perpetrator);
    await page.goto(`/programme/sessions/${secondSessionId}/register`);
    const register = new RegisterPage(page);
    await register.form.waitFor();
    const late = page.locator('input[name^="minutesLate-"]').first();
    await late.fill('5');
    await Promise.all([page.waitForURL(/\/register(\?|$)/), late.press('Enter')]);
    await page.locator('[data-qa=register-form]').waitFor();
    expect(await register.markedAll.count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('the group page’s attendance grid shows the register, with sessions and hours', async () => {
    const { org, groupId } = journey.prepared;
    const page = await signIn(org.users.perpetrator);
    const group = await new GroupPage(page).open(groupId);
    await group.attendanceGrid.waitFor();
    expect(await group.attendanceGrid.locator('[data-qa=attendance-grid-row]').count()).toBe(10);
    expect(await group.attendanceGrid.locator('[data-qa=attendance-column]').count()).toBe(2);

    const cells = async (name: string) =>
      group
        .attendanceRow(name)
        .locator('[data-qa=attendance-cell]')
        .evaluateAll((tds) =>
          tds.map((td) => ({
            mark: td.querySelector('[aria-hidden=true]')?.textContent ?? '',
            label: td.querySelector('.govuk-visually-hidden')?.textContent ?? '',
          })),
        );
    expect(await cells(ABSENT)).toEqual([
      { mark: 'U', label: 'Absent without an acceptable reason' },
      { mark: '', label: 'Not recorded' },
    ]);
    expect(await cells('Jonah Jessop')).toEqual([
      { mark: 'A', label: 'Attended and participated' },
      { mark: '', label: 'Not recorded' },
    ]);
    // Sessions of 150 minutes; the programme asks for both sessions attended.
    expect(await group.attendanceRow('Jonah Jessop').locator('[data-qa=attendance-hours]').innerText()).toBe('2.5');
    expect(await group.attendanceRow('Jonah Jessop').locator('[data-qa=attendance-sessions]').innerText()).toBe('1 of 2');
    expect(await group.attendanceRow(ABSENT).locator('[data-qa=attendance-hours]').innerText()).toBe('0.0');
    expect(await group.attendanceRow(ABSENT).locator('[data-qa=attendance-sessions]').innerText()).toBe('0 of 2');
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    expectNoBrowserProblems(journey.problems);
  });
});
