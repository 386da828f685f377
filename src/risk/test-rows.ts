import { TEST_PASSWORD, type TestOrganisation, type TestUser } from '../../test/fixtures/organisation.js';
import type { Actor } from '../access/index.js';
import { withActor, type Db } from '../db/database.js';
import type { DashAnswer, DashLevel, DomainRating, RiskDomain, RiskLevel } from '../db/schema.js';
import { hashPassword } from '../identity/passwords.js';

/*
 * Test rows for the tables the risk picture reads (his risk assessment, her DASH, her MARAC
 * referral), written through withActor as the side that owns them, so row-level security applies
 * as it would to the services that write them.
 */

export async function insertRiskAssessment(
  db: Db,
  actor: Actor,
  values: {
    participantId: string;
    version: number;
    assessedOn: string;
    overallLevel: RiskLevel;
    ratings: Partial<Record<RiskDomain, DomainRating>>;
  },
): Promise<string> {
  return withActor(db, actor, async (trx) => {
    const row = await trx
      .insertInto('risk_assessments')
      .values({
        organisation_id: actor.organisationId,
        participant_id: values.participantId,
        version: values.version,
        assessed_on: values.assessedOn,
        overall_level: values.overallLevel,
        summary: 'Assessment summary for the test',
        management_plan: 'Weekly review with his facilitator',
        review_on: '2027-01-31',
        assessed_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [domain, rating] of Object.entries(values.ratings) as Array<[RiskDomain, DomainRating]>) {
      await trx
        .insertInto('risk_assessment_domains')
        .values({
          risk_assessment_id: row.id,
          organisation_id: actor.organisationId,
          domain,
          rating,
          evidence: rating === 'none' || rating === 'not_known' ? null : 'Evidence recorded at assessment',
        })
        .execute();
    }
    return row.id;
  });
}

export async function insertDash(
  db: Db,
  actor: Actor,
  values: {
    partnerCaseId: string;
    completedOn: string;
    yesCount: number;
    scoreLevel: DashLevel;
    judgementLevel?: DashLevel;
    answers: Array<[number, DashAnswer] | [number, DashAnswer, string]>;
  },
): Promise<string> {
  return withActor(db, actor, async (trx) => {
    const row = await trx
      .insertInto('dash_assessments')
      .values({
        organisation_id: actor.organisationId,
        partner_case_id: values.partnerCaseId,
        completed_on: values.completedOn,
        safe_to_talk: true,
        safe_contact_checked: true,
        yes_count: values.yesCount,
        score_level: values.scoreLevel,
        judgement_level: values.judgementLevel ?? null,
        judgement_reasons: values.judgementLevel ? 'She fears for her life' : null,
        completed_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [question, answer, comment] of values.answers) {
      await trx
        .insertInto('dash_answers')
        .values({ dash_assessment_id: row.id, organisation_id: actor.organisationId, question, answer, comment: comment ?? null })
        .execute();
    }
    return row.id;
  });
}

export async function insertMaracReferral(
  db: Db,
  actor: Actor,
  values: { partnerCaseId: string; dashAssessmentId: string; referredOn: string; area: string },
): Promise<string> {
  return withActor(db, actor, async (trx) => {
    const row = await trx
      .insertInto('marac_referrals')
      .values({
        organisation_id: actor.organisationId,
        partner_case_id: values.partnerCaseId,
        dash_assessment_id: values.dashAssessmentId,
        referred_on: values.referredOn,
        area: values.area,
        criteria: ['visible_high_risk'],
        safe_to_call: true,
        relationship: 'Current partner',
        she_knows: true,
        she_consents: true,
        referred_by: actor.userId,
        updated_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** A second partner support worker in the organisation's partner team, for a second partner's case. */
export async function addPartnerWorker(db: Db, org: TestOrganisation, name: string): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${org.id.slice(0, 8)}@example.org`;
  const user = await db
    .insertInto('users')
    .values({ organisation_id: org.id, email, display_name: name, password_hash: await hashPassword(TEST_PASSWORD) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('team_memberships')
    .values({ organisation_id: org.id, team_id: org.teams.partner, user_id: user.id })
    .execute();
  return { id: user.id, email, password: TEST_PASSWORD, organisationId: org.id, side: 'partner' };
}
