import type { Actor } from '../access/index.js';
import { RISK_DOMAINS } from '../assessment/domains.js';
import { ZRiskAssessmentInput } from '../assessment/risk-assessment/schemas.js';
import { RiskAssessmentService } from '../assessment/risk-assessment/service.js';
import { ZSuitabilityInput } from '../assessment/suitability/schemas.js';
import { SuitabilityService } from '../assessment/suitability/service.js';
import { ZReportInput } from '../assessment-reports/schemas.js';
import { AssessmentReportService } from '../assessment-reports/service.js';
import { ZDashInput } from '../dash/schemas.js';
import { DashService } from '../dash/service.js';
import { daysAfter, todayInLondon } from '../dates/london.js';
import type { Db } from '../db/database.js';
import { ZReferralInput } from '../marac/schemas.js';
import { MaracService } from '../marac/service.js';
import { ZRegisterInput } from '../programme/attendance/schemas.js';
import { AttendanceService } from '../programme/attendance/service.js';
import { raiseForRecordedDash } from '../risk/escalation.js';
import { ZSafetyPlanInput } from '../safety-planning/schemas.js';
import { SafetyPlanService } from '../safety-planning/service.js';

const day = (offset: number) => daysAfter(todayInLondon(), offset);
const origin = { ip: null };

/**
 * The demo's woman participant, Nicola Grant, and her male partners: Nicola is assessed (risk,
 * suitability and a report to the referrer), which her partners' workers now have a duty to tell
 * them of; Liam, her current partner, has a DASH, a safety plan and a MARAC referral on professional
 * judgement. Each partner has his own worker. Notes name the other person rather than guess a pronoun.
 */
export async function addDemoWomanParticipant(
  db: Db,
  people: { assessor: Actor; partnerWorker: Actor; nicola: string; liamCase: string },
): Promise<void> {
  const domains: Record<string, { rating: string; evidence?: string }> = Object.fromEntries(
    RISK_DOMAINS.map((domain) => [domain, { rating: 'not_known' }]),
  );
  domains.history_of_violence = { rating: 'low', evidence: 'One police call-out in 2025; no charge.' };
  domains.physical_violence = { rating: 'medium', evidence: 'Says she threw a mug at her partner during an argument in May.' };
  domains.coercive_control = { rating: 'medium', evidence: 'Reads her partner’s messages and limits who her partner sees.' };
  domains.attitudes_denial = { rating: 'medium', evidence: 'Describes it as provoked; accepts the mug was wrong.' };
  await new RiskAssessmentService(db).record(
    people.assessor,
    people.nicola,
    ZRiskAssessmentInput.parse({
      assessedOn: day(-8),
      domains,
      overallLevel: 'medium',
      summary: 'Controlling behaviour with one incident of physical violence; partly minimises.',
      managementPlan: 'One-to-one programme; monthly case management with the partner service.',
      reviewOn: day(82),
    }),
    origin,
  );
  const suitability = await new SuitabilityService(db).record(
    people.assessor,
    people.nicola,
    ZSuitabilityInput.parse({
      assessedOn: day(-7),
      acknowledgement: 'partly',
      acknowledgementNotes: 'Accepts she reads her partner’s messages; says the mug was thrown at the wall.',
      responsibility: 'partly',
      motivation: 'some',
      motivationNotes: 'Wants the arguments to stop before the baby is born.',
      outcome: 'one_to_one',
      reasons: 'No women’s group is running this term: one-to-one sessions until the next one starts.',
    }),
    origin,
  );
  await new AssessmentReportService(db).write(
    people.assessor,
    people.nicola,
    ZReportInput.parse({
      recipientKind: 'probation',
      recipient: 'Northbridge Probation Service (allocated officer)',
      purpose: 'Assessment of suitability for a domestic abuse programme, as requested in the referral.',
      suitabilityAssessmentId: suitability.id,
      findings: 'Nicola Grant partly acknowledges controlling behaviour and one incident of physical violence.',
      recommendations: 'One-to-one programme now, and the women’s group when it next starts.',
    }),
    origin,
  );

  const answers = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [
      String(i + 1),
      [1, 4, 6, 12, 13, 17, 18, 20, 21, 23, 24, 2, 14, 22].includes(i + 1) ? 'yes' : 'no',
    ]),
  );
  await new DashService(db, raiseForRecordedDash).record(
    people.partnerWorker,
    people.liamCase,
    ZDashInput.parse({
      completedOn: day(-4),
      safeToTalk: true,
      safeContactChecked: true,
      answers,
      comments: { '12': 'Nicola reads his messages every evening.' },
      policeCalloutsPastYear: 1,
      herViewOfRisk: 'Liam is frightened things will get worse when the baby arrives.',
    }),
    origin,
  );
  await new SafetyPlanService(db).save(
    people.partnerWorker,
    people.liamCase,
    ZSafetyPlanInput.parse({
      risks: 'Arguments at night when Nicola has been drinking; things being thrown.',
      warningSigns: 'Nicola goes quiet and starts checking his phone.',
      safePlaces: 'His brother’s flat on Mill Street.',
      safePeople: 'His brother Sean; a text saying “picking up bread” means call him.',
      escapeRoute: 'By car to Mill Street; the keys kept by the door.',
      workerContact: 'Grace Okafor, 07700 900555',
      reviewOn: day(28),
    }),
    origin,
  );
  await new MaracService(db).refer(
    people.partnerWorker,
    people.liamCase,
    ZReferralInput.parse({
      referredOn: day(-3),
      area: 'Northbridge',
      professionalJudgement: true,
      judgementReasons: 'Escalating since the pregnancy; threats with a knife reported by Liam.',
      safeToCall: 'yes',
      sheKnows: 'yes',
      sheConsents: 'yes',
    }),
    origin,
  );
}

/** The Monday group's first register, marked: every man placed attended, so each is on the programme. */
export async function markDemoFirstRegister(db: Db, facilitator: Actor): Promise<void> {
  const session = await db
    .selectFrom('programme_sessions')
    .innerJoin('programme_groups', 'programme_groups.id', 'programme_sessions.group_id')
    .select('programme_sessions.id')
    .where('programme_groups.name', '=', 'Monday evening group')
    .where('programme_sessions.starts_at', '<', new Date())
    .orderBy('programme_sessions.starts_at')
    .executeTakeFirst();
  if (!session) {
    return;
  }
  const attendance = new AttendanceService(db);
  const register = await attendance.register(facilitator, session.id);
  await attendance.saveRegister(
    facilitator,
    session.id,
    ZRegisterInput.parse({
      entries: register.entries.map((entry) => ({ enrolmentId: entry.enrolmentId, outcome: 'attended', note: null })),
    }),
    origin,
  );
}
