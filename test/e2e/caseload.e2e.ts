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
import { CasePage } from './pages/CasePage.js';
import { Header } from './pages/Header.js';
import { SignInPage } from './pages/SignInPage.js';

/** What the partner support service knows of each participant's partners: none of it may reach his page. */
type PartnerSecrets = {
  participantFamilyName: string;
  givenName: string;
  familyName: string;
  phones: string[];
  codeWord: string | null;
};

type Prepared = { demo: DemoSummary; partnersByParticipant: Map<string, PartnerSecrets[]> };

/** Read as the owner connection (outside withActor), so row-level security does not hide anything. */
async function partnersByParticipant(db: Db, organisationId: string): Promise<Map<string, PartnerSecrets[]>> {
  const rows = await db
    .selectFrom('partners')
    .innerJoin('participants', 'participants.id', 'partners.participant_id')
    .select([
      'partners.participant_id',
      'participants.family_name as participant_family_name',
      'partners.given_name',
      'partners.family_name',
      'partners.phone',
      'partners.safe_phone',
      'partners.code_word',
    ])
    .where('partners.organisation_id', '=', organisationId)
    .execute();
  const byParticipant = new Map<string, PartnerSecrets[]>();
  for (const row of rows) {
    const list = byParticipant.get(row.participant_id) ?? [];
    list.push({
      participantFamilyName: row.participant_family_name,
      givenName: row.given_name,
      familyName: row.family_name,
      phones: [row.phone, row.safe_phone].filter((phone): phone is string => Boolean(phone)),
      codeWord: row.code_word,
    });
    byParticipant.set(row.participant_id, list);
  }
  return byParticipant;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The partner details that appear in the page's markup (whole words; phone numbers with or without spaces). */
function leakedPartnerDetails(html: string, partners: PartnerSecrets[]): string[] {
  const compactHtml = html.replace(/\s+/g, '');
  const leaks: string[] = [];
  for (const partner of partners) {
    const words = [partner.givenName, `${partner.givenName} ${partner.familyName}`, partner.codeWord ?? ''];
    // A partner may share his family name; then only her full name gives her away.
    if (partner.familyName !== partner.participantFamilyName) {
      words.push(partner.familyName);
    }
    for (const word of words.filter(Boolean)) {
      if (new RegExp(`\\b${escapeRegExp(word)}\\b`).test(html)) {
        leaks.push(word);
      }
    }
    for (const phone of partner.phones) {
      if (compactHtml.includes(phone.replace(/\s+/g, ''))) {
        leaks.push(phone);
      }
    }
  }
  return leaks;
}

/**
 * The demo organisation's caseloads, from each side of the wall: a facilitator sees his
 * participants and nothing of their partners; a partner support worker sees her partner cases.
 */
describe('caseloads on each side of the wall', () => {
  let journey: Journey<Prepared>;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db) => {
      const demo = await loadDemoData(db);
      return { demo, partnersByParticipant: await partnersByParticipant(db, demo.organisationId) };
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

  it('a facilitator opens a case from his caseload and sees nothing of the partners', async () => {
    const page = await signIn(journey.prepared.demo.users.facilitator);
    const caseload = await new CaseloadPage(page).waitFor();
    expect(caseload.path).toBe('/participants');
    expect(await caseload.caseLinks.count()).toBeGreaterThan(0);
    const everyPartner = [...journey.prepared.partnersByParticipant.values()].flat();
    expect(leakedPartnerDetails(await page.content(), everyPartner)).toEqual([]);
    await screenshot(page, 'caseload-participants');
    await expectNoAxeViolations(page);

    // The first case in the list that has a partner: on a case without one, the check proves nothing.
    const partnersOf = (path: string): PartnerSecrets[] =>
      journey.prepared.partnersByParticipant.get(path.split('/').pop() ?? '') ?? [];
    const opened = await caseload.openCase((path) => partnersOf(path).length > 0);
    const casePage = new CasePage(page);
    expect((await casePage.waitFor()).heading).toBe(opened.name);
    await screenshot(page, 'caseload-participant-case');
    await expectNoAxeViolations(page);
    expect(leakedPartnerDetails(await casePage.html(), partnersOf(opened.path))).toEqual([]);
    expectNoBrowserProblems(journey.problems);
  });

  it('a partner support worker opens a case from her partner caseload', async () => {
    const page = await signIn(journey.prepared.demo.users.partnerWorker);
    const caseload = await new CaseloadPage(page).waitFor();
    expect(caseload.path).toBe('/partner-cases');
    expect(await caseload.caseLinks.count()).toBeGreaterThan(0);
    await screenshot(page, 'caseload-partner-cases');
    await expectNoAxeViolations(page);

    const opened = await caseload.openCase();
    expect(opened.path).toMatch(/^\/partner-cases\/[^/]+$/);
    expect((await new CasePage(page).waitFor()).heading).toBe(opened.name);
    await screenshot(page, 'caseload-partner-case');
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });
});
