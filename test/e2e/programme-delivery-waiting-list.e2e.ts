// Programme delivery in the browser, part one: a rolling group is created, men join its waiting list, and a non-association stops one being placed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseWithPartners } from '../fixtures/cases.js';
import { createTestOrganisation, type TestOrganisation } from '../fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../fixtures/programme.js';
import { createTestParticipant, createTestWorker, type TestParticipant } from '../fixtures/programme-members.js';
import { expectNoAxeViolations, expectNoBrowserProblems, screenshotsOnFailure, startJourney, type Journey } from './harness.js';
import { CasePage } from './pages/CasePage.js';
import { ErrorSummary } from './pages/ErrorSummary.js';
import { GroupFormPage, GroupPage } from './pages/GroupPages.js';
import { Header } from './pages/Header.js';
import { ParticipantProgrammePage, WaitingListPage } from './pages/ParticipantProgrammePage.js';
import { SignInPage } from './pages/SignInPage.js';

/*
 * Issue 4 in the browser, in one flow: the facilitator creates a rolling group (venue, day, time,
 * capacity, start date, two facilitators) and plans its sessions; men join the programme's waiting
 * list from a case page and from the waiting list page; a non-association is recorded between two
 * of them; the facilitator places men from the waiting list, and placing the man with the
 * non-association is refused with the reason on the page. Every page checked with axe-core. (The
 * register, disclosure and her basic alert are in programme-delivery-register.e2e.ts.)
 */
const GROUP_NAME = 'Monday evening rolling group, Northbridge';
const SECOND_FACILITATOR = 'Priya Fenwick';

type Prepared = {
  org: TestOrganisation;
  /** The programme's catalogue and venue; its own fixture group meets on Thursday mornings and stays empty. */
  programme: TestProgramme;
  participantId: string;
  hisName: string;
  partnerCaseId: string;
  kieran: TestParticipant;
  owen: TestParticipant;
};

describe('programme delivery: a rolling group from the waiting list', () => {
  let journey: Journey<Prepared>;
  /** The group the facilitator creates in the first step. */
  let groupId = '';
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const org = await createTestOrganisation(db, 'Harbour');
      // Three men whose referrals have been accepted, none on a waiting list yet.
      const darren = await createCaseWithPartners(db, org, 'H');
      const kieran = await createTestParticipant(db, org, { givenName: 'Kieran', familyName: 'Lowther' });
      const owen = await createTestParticipant(db, org, { givenName: 'Owen', familyName: 'Pritchard' });
      const programme = await createTestProgramme(db, org, {
        label: 'Harbour',
        sessionCount: 2,
        dayOfWeek: 4,
        startTime: '10:00',
        startDate: '2026-01-08',
      });
      await createTestWorker(db, org, 'perpetrator', SECOND_FACILITATOR);
      return {
        org,
        programme,
        participantId: darren.participantId,
        hisName: darren.hisName,
        partnerCaseId: darren.currentCaseId,
        kieran,
        owen,
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

  it('the facilitator creates a rolling group with two facilitators and plans its sessions', async () => {
    const { org, programme } = journey.prepared;
    const page = await signIn(org.users.perpetrator);
    const form = await new GroupFormPage(page).open();
    await expectNoAxeViolations(page);
    await form.fill({
      programme: programme.programmeName,
      name: GROUP_NAME,
      intake: 'Rolling',
      venue: programme.venueName,
      day: 'Monday',
      startTime: '18:30',
      durationMinutes: '150',
      capacity: '8',
      startDate: '2026-01-05',
    });
    await form.submit();
    const group = new GroupPage(page);
    await group.heading.waitFor();
    expect((await group.heading.innerText()).trim()).toBe(GROUP_NAME);
    groupId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const summary = await page.locator('[data-qa=group-summary]').innerText();
    expect(summary).toContain('Rolling');
    expect(summary).toContain(programme.venueName);
    expect(summary).toContain('0 of 8 taken');
    expect(await group.facilitatorWarning.count()).toBe(1);
    await expectNoAxeViolations(page);

    await group.addFacilitator(`Harbour perpetrator worker`);
    await group.facilitators.waitFor();
    await group.addFacilitator(SECOND_FACILITATOR);
    await group.facilitators.locator('tr', { hasText: SECOND_FACILITATOR }).waitFor();
    expect(await group.facilitators.locator('tbody tr').count()).toBe(2);
    expect(await group.facilitatorWarning.count()).toBe(0);
    await expectNoAxeViolations(page);

    await group.planSessions(2);
    await group.sessions.waitFor();
    expect(await group.sessions.locator('tbody tr').count()).toBe(2);
    expect(await group.sessions.locator('tbody tr').first().innerText()).toContain('5 January 2026');
    expect(await group.sessionsCoverWarning.count()).toBe(0);
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });

  it('men join the waiting list from his case page and from the waiting list page, and a non-association is recorded', async () => {
    const { org, programme, participantId, hisName, kieran, owen } = journey.prepared;
    const page = await signIn(org.users.perpetrator);

    await page.goto(`/participants/${participantId}/tab/programme`);
    await new CasePage(page).waitFor();
    await expectNoAxeViolations(page);
    const his = new ParticipantProgrammePage(page);
    await his.openFromCasePage();
    await expectNoAxeViolations(page);
    await his.openWaitingListForm();
    await expectNoAxeViolations(page);
    await his.completeWaitingListForm(programme.programmeName, '2025-11-24');
    await his.enrolments.waitFor();
    expect(await his.enrolments.innerText()).toContain('Not placed yet');
    await expectNoAxeViolations(page);

    const list = await new WaitingListPage(page).open(programme.programmeId);
    await expectNoAxeViolations(page);
    for (const [man, readyOn] of [
      [kieran, '2025-12-01'],
      [owen, '2025-12-08'],
    ] as const) {
      await list.openAddForm();
      await expectNoAxeViolations(page);
      await list.completeAddForm(man.reference, readyOn);
      await list.heading.waitFor();
    }
    expect(await list.names()).toEqual([hisName, kieran.name, owen.name]);
    await expectNoAxeViolations(page);

    // Owen and Darren are connected to the same family: they must not be in the same group.
    await his.open(participantId);
    await his.openNonAssociationForm();
    await expectNoAxeViolations(page);
    await his.completeNonAssociationForm(owen.reference);
    await his.nonAssociations.waitFor();
    const nonAssociations = await his.nonAssociations.innerText();
    expect(nonAssociations).toContain(owen.name);
    expect(nonAssociations).toContain('Connected to the same family or partner');
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });

  it('the facilitator places men from the waiting list, and is told why the man with a non-association cannot join', async () => {
    const { org, hisName, kieran, owen } = journey.prepared;
    const page = await signIn(org.users.perpetrator);
    const group = await new GroupPage(page).open(groupId);
    await group.placeFromWaitingList(hisName);
    await group.member(hisName).waitFor();
    await group.placeFromWaitingList(kieran.name);
    await group.member(kieran.name).waitFor();
    await expectNoAxeViolations(page);

    await group.placeFromWaitingList(owen.name);
    const reason =
      `Cannot place ${owen.name} in this group: a non-association with ${hisName} is recorded ` +
      `(reason: connected to the same family or partner, by Harbour perpetrator worker`;
    expect(await group.placementError.innerText()).toContain(reason);
    expect((await new ErrorSummary(page).waitFor()).items.join('\n')).toContain(reason);
    await expectNoAxeViolations(page);

    await group.open(groupId);
    expect(await group.members.locator('tbody tr').count()).toBe(2);
    expect(await group.member(owen.name).count()).toBe(0);
    expect(await page.locator('[data-qa=group-summary]').innerText()).toContain('2 of 8 taken');
    expectNoBrowserProblems(journey.problems);
  });
});
