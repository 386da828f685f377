import type { Trx } from '../../db/database.js';
import type {
  Acknowledgement,
  ExclusionFactor,
  Motivation,
  Responsibility,
  ResponsivityNeed,
  RiskLevel,
  SuitabilityOutcome,
} from '../../db/schema.js';

export type NewSuitabilityAssessment = {
  organisationId: string;
  participantId: string;
  perpetratorCaseId: string | null;
  assessedOn: string;
  acknowledgement: Acknowledgement;
  acknowledgementNotes: string | null;
  responsibility: Responsibility;
  responsibilityNotes: string | null;
  motivation: Motivation;
  motivationNotes: string | null;
  exclusionFactors: ExclusionFactor[];
  exclusionNotes: string | null;
  responsivityNeeds: ResponsivityNeed[];
  responsivityNotes: string | null;
  outcome: SuitabilityOutcome;
  reasons: string;
  assessedBy: string;
};

/** Adds an assessment; earlier ones are never changed (a re-assessment is a new row). */
export async function insertSuitabilityAssessment(trx: Trx, values: NewSuitabilityAssessment): Promise<string> {
  const row = await trx
    .insertInto('suitability_assessments')
    .values({
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      perpetrator_case_id: values.perpetratorCaseId,
      assessed_on: values.assessedOn,
      acknowledgement: values.acknowledgement,
      acknowledgement_notes: values.acknowledgementNotes,
      responsibility: values.responsibility,
      responsibility_notes: values.responsibilityNotes,
      motivation: values.motivation,
      motivation_notes: values.motivationNotes,
      exclusion_factors: values.exclusionFactors,
      exclusion_notes: values.exclusionNotes,
      responsivity_needs: values.responsivityNeeds,
      responsivity_notes: values.responsivityNotes,
      outcome: values.outcome,
      reasons: values.reasons,
      assessed_by: values.assessedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type SuitabilityRow = {
  id: string;
  organisationId: string;
  participantId: string;
  assessedOn: string;
  acknowledgement: Acknowledgement;
  acknowledgementNotes: string | null;
  responsibility: Responsibility;
  responsibilityNotes: string | null;
  motivation: Motivation;
  motivationNotes: string | null;
  exclusionFactors: ExclusionFactor[];
  exclusionNotes: string | null;
  responsivityNeeds: ResponsivityNeed[];
  responsivityNotes: string | null;
  outcome: SuitabilityOutcome;
  reasons: string;
  assessedByName: string | null;
  createdAt: Date;
};

function suitabilityRows(trx: Trx) {
  return trx
    .selectFrom('suitability_assessments as s')
    .leftJoin('users', 'users.id', 's.assessed_by')
    .select([
      's.id',
      's.organisation_id as organisationId',
      's.participant_id as participantId',
      's.assessed_on as assessedOn',
      's.acknowledgement',
      's.acknowledgement_notes as acknowledgementNotes',
      's.responsibility',
      's.responsibility_notes as responsibilityNotes',
      's.motivation',
      's.motivation_notes as motivationNotes',
      's.exclusion_factors as exclusionFactors',
      's.exclusion_notes as exclusionNotes',
      's.responsivity_needs as responsivityNeeds',
      's.responsivity_notes as responsivityNotes',
      's.outcome',
      's.reasons',
      'users.display_name as assessedByName',
      's.created_at as createdAt',
    ]);
}

/** His suitability assessments, newest first (his side only: row-level security hides the table from the partner side). */
export async function listSuitabilityAssessments(trx: Trx, participantId: string): Promise<SuitabilityRow[]> {
  return suitabilityRows(trx)
    .where('s.participant_id', '=', participantId)
    .orderBy('s.assessed_on', 'desc')
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findSuitabilityAssessment(trx: Trx, id: string): Promise<SuitabilityRow | undefined> {
  return suitabilityRows(trx).where('s.id', '=', id).executeTakeFirst();
}

/** The overall level of his latest risk assessment (the highest version); null when he has none yet. */
export async function latestRiskLevel(trx: Trx, participantId: string): Promise<RiskLevel | null> {
  const row = await trx
    .selectFrom('risk_assessments')
    .select('overall_level')
    .where('participant_id', '=', participantId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.overall_level ?? null;
}

export type RiskLevelVersion = { level: RiskLevel; recordedAt: Date };

/** Every version's overall level of his risk assessment, latest version first: to show what each assessment was matched against. */
export async function riskLevelHistory(trx: Trx, participantId: string): Promise<RiskLevelVersion[]> {
  return trx
    .selectFrom('risk_assessments')
    .select(['overall_level as level', 'created_at as recordedAt'])
    .where('participant_id', '=', participantId)
    .orderBy('version', 'desc')
    .execute();
}
