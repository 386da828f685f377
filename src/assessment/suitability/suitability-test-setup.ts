import type { TestApp } from '../../../test/fixtures/app.js';
import { caseTeam } from '../../../test/fixtures/case-team.js';
import { createCaseWithPartners } from '../../../test/fixtures/cases.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';

/*
 * What the suitability tests share (suitability.test.ts, suitability-partner.test.ts): words that
 * must never reach the partner side, the form and API answers, and one organisation with Darren's
 * case (two partners) and another man's, signed in as his side, her side and management.
 */
export const REASONS_SECRET = 'He spoke of the night at the caravan on Heddon Moor and blamed the drink';
export const NOTES_SECRET = 'Says he only pushed her once in the kitchen at Larchfield Row';

export const formDate = (iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { 'assessedOn-day': day, 'assessedOn-month': month, 'assessedOn-year': year };
};

export const GROUP_FORM = {
  ...formDate('2026-11-16'),
  acknowledgement: 'partly',
  acknowledgementNotes: 'Accepts there were arguments',
  responsibility: 'partly',
  motivation: 'some',
  outcome: 'group_dapp',
  reasons: 'Suitable for the group programme.',
};

export const NOT_SUITABLE = {
  assessedOn: '2026-11-20',
  acknowledgement: 'denies',
  acknowledgementNotes: NOTES_SECRET,
  responsibility: 'denies',
  motivation: 'none',
  exclusionFactors: ['chaotic_substance_use'],
  exclusionNotes: 'Daily heavy drinking, not engaging with the alcohol service',
  responsivityNeeds: [],
  outcome: 'not_suitable',
  reasons: REASONS_SECRET,
};

export type SuitabilityTest = {
  t: TestApp;
  org: TestOrganisation;
  facilitator: TestClient;
  partnerWorker: TestClient;
  manager: TestClient;
  darren: Awaited<ReturnType<typeof createCaseWithPartners>>;
  other: Awaited<ReturnType<typeof createCaseWithPartners>>;
};

export async function setUpSuitabilityTest(): Promise<SuitabilityTest> {
  const { t, org, known: darren, facilitator, partnerWorker, manager } = await caseTeam('Heddon', 'H');
  const other = await createCaseWithPartners(t.database.db, org, 'J');
  return { t, org, facilitator, partnerWorker, manager, darren, other };
}

/** How many suitability assessments he has. */
export async function countAssessments(t: TestApp, participantId: string): Promise<number> {
  return Number(
    (
      await t.database.db
        .selectFrom('suitability_assessments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('participant_id', '=', participantId)
        .executeTakeFirstOrThrow()
    ).n,
  );
}
