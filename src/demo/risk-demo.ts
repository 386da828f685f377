import type { Actor } from '../access/index.js';
import { RISK_DOMAINS } from '../assessment/domains.js';
import { ZRiskAssessmentInput } from '../assessment/risk-assessment/schemas.js';
import { RiskAssessmentService } from '../assessment/risk-assessment/service.js';
import { ZSuitabilityInput } from '../assessment/suitability/schemas.js';
import { SuitabilityService } from '../assessment/suitability/service.js';
import { ZDashInput } from '../dash/schemas.js';
import { DashService } from '../dash/service.js';
import type { Db } from '../db/database.js';
import { MaracMeetingService } from '../marac/meetings-service.js';
import { ZMeetingInput } from '../marac/schemas.js';
import { raiseForRecordedDash } from '../risk/escalation.js';
import { daysAfter, todayInLondon } from '../dates/london.js';

const day = (offset: number) => daysAfter(todayInLondon(), offset);

/**
 * Assessment and risk in the demo, through the real services: Kevin (in assessment) has a risk
 * assessment and a suitability assessment matching him to the group programme, which his partner
 * Aisha's worker now has a duty to tell her of; Aisha has a first DASH at standard risk; and the
 * Northbridge MARAC meets in three weeks. Daniel and Sarah are left without any, so that a new user
 * can try the forms on them.
 */
export async function addDemoAssessmentAndRisk(
  db: Db,
  people: { assessor: Actor; partnerWorker: Actor; kevin: string; aishaCase: string },
): Promise<void> {
  const origin = { ip: null };
  const domains: Record<string, { rating: string; evidence?: string }> = Object.fromEntries(
    RISK_DOMAINS.map((domain) => [domain, { rating: 'not_known' }]),
  );
  domains.history_of_violence = { rating: 'medium', evidence: 'Police call-out in 2024 after an argument; no charge.' };
  domains.physical_violence = { rating: 'medium', evidence: 'Says he pushed Aisha against a door last spring.' };
  domains.sexual_violence = { rating: 'none' };
  domains.coercive_control = { rating: 'medium', evidence: 'Checks her phone and controls the household money.' };
  domains.substance_use = { rating: 'low', evidence: 'Drinks at weekends; no treatment history.' };
  domains.attitudes_denial = { rating: 'medium', evidence: 'Blames the stress of his work; accepts some of it was wrong.' };
  await new RiskAssessmentService(db).record(
    people.assessor,
    people.kevin,
    ZRiskAssessmentInput.parse({
      assessedOn: day(-10),
      domains,
      overallLevel: 'medium',
      summary: 'Pattern of controlling behaviour with one known incident of physical violence; partly minimises.',
      managementPlan: 'Group programme; monthly case management with the partner service; review after session 6.',
      reviewOn: day(80),
    }),
    origin,
  );
  await new SuitabilityService(db).record(
    people.assessor,
    people.kevin,
    ZSuitabilityInput.parse({
      assessedOn: day(-9),
      acknowledgement: 'partly',
      acknowledgementNotes: 'Accepts he shouts and checks her phone; denies it frightens her.',
      responsibility: 'partly',
      motivation: 'some',
      motivationNotes: 'Wants to keep the family together.',
      outcome: 'group_dapp',
      reasons: 'Medium risk, some acknowledgement and motivation, no exclusion factors: suited to the group programme.',
    }),
    origin,
  );
  const answers = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [String(i + 1), [2, 4, 12, 20, 21, 10, 8].includes(i + 1) ? 'yes' : 'no']),
  );
  await new DashService(db, raiseForRecordedDash).record(
    people.partnerWorker,
    people.aishaCase,
    ZDashInput.parse({
      completedOn: day(-5),
      safeToTalk: true,
      safeContactChecked: true,
      answers,
      comments: { '12': 'He checks her phone every evening.' },
      policeCalloutsPastYear: 1,
      herViewOfRisk: 'She does not think he would hurt her badly, but is worried about the money.',
    }),
    origin,
  );
  await new MaracMeetingService(db).add(
    people.partnerWorker,
    ZMeetingInput.parse({ area: 'Northbridge', meetsOn: day(21) }),
    origin,
  );
}
