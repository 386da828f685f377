import { authorize, can, type Action, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import type { RiskLevel } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { findParticipantCase, type ParticipantCaseRow } from '../../participants/repository.js';
import { recordParticipantEvent } from '../../programme/journey/events.js';
import { RISK_LEVEL_LABELS } from '../domains.js';
import { presentSuggestion, presentSuitability, type SuggestionView, type SuitabilityView } from './presenters.js';
import * as repo from './repository.js';
import { reasonsExplainDeparture, riskBasis, suggestOutcome, type SuggestionInput } from './rules.js';
import { OUTCOME_LABELS, type TSuitabilityInput } from './schemas.js';

type Origin = { ip: string | null };

export type AssessedParticipant = { id: string; name: string; reference: string; interpreterLanguage: string | null };

export type SuitabilityOverview = {
  participant: AssessedParticipant;
  /** Newest first. */
  assessments: SuitabilityView[];
  latest: SuitabilityView | null;
  riskLevel: RiskLevel | null;
  riskLevelLabel: string;
  canRecord: boolean;
};

export type SuitabilityForm = {
  participant: AssessedParticipant;
  /** His latest risk assessment's level: the risk the suggestion is matched against. */
  riskLevel: RiskLevel | null;
  riskBasis: string;
};

const levelLabel = (level: RiskLevel | null) => (level ? RISK_LEVEL_LABELS[level] : 'No risk assessment yet');

/** The level his risk assessment stood at when an assessment was saved. */
function levelAt(history: repo.RiskLevelVersion[], at: Date): RiskLevel | null {
  return history.find((v) => v.recordedAt.getTime() <= at.getTime())?.level ?? null;
}

const assessed = (row: ParticipantCaseRow): AssessedParticipant => ({
  id: row.participantId,
  name: `${row.givenName} ${row.familyName}`,
  reference: row.reference,
  interpreterLanguage: row.interpreterLanguage,
});

/**
 * His suitability assessments (issue 6, point 1): recorded by his side and management, never
 * rewritten (a re-assessment is a new record). Each one writes the event her worker is told of,
 * "Assessed as suitable for the group programme on <date>" (seed 001: "feedback to the woman
 * regarding her (ex) partner's assessment"), in the same transaction; never the reasons or notes.
 */
export class SuitabilityService {
  constructor(private readonly db: Db) {}

  private async participant(trx: Trx, actor: Actor, participantId: string, action: Action): Promise<ParticipantCaseRow> {
    // Checked before the query too: the partner side learns nothing here, not even who exists.
    authorize(actor, action);
    const row = await findParticipantCase(trx, participantId);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return row;
  }

  async overview(actor: Actor, participantId: string): Promise<SuitabilityOverview> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'assessment.view');
      const history = await repo.riskLevelHistory(trx, row.participantId);
      const assessments = (await repo.listSuitabilityAssessments(trx, row.participantId)).map((a) =>
        presentSuitability(a, levelAt(history, a.createdAt)),
      );
      const riskLevel = history[0]?.level ?? null;
      return {
        participant: assessed(row),
        assessments,
        latest: assessments[0] ?? null,
        riskLevel,
        riskLevelLabel: levelLabel(riskLevel),
        canRecord: can(actor, 'assessment.record', row),
      };
    });
  }

  async form(actor: Actor, participantId: string): Promise<SuitabilityForm> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'assessment.record');
      const riskLevel = await repo.latestRiskLevel(trx, row.participantId);
      return { participant: assessed(row), riskLevel, riskBasis: riskBasis(riskLevel) };
    });
  }

  /** What the rules suggest for these answers against his latest risk assessment; nothing is written. */
  async suggest(actor: Actor, participantId: string, answers: Omit<SuggestionInput, 'riskLevel'>): Promise<SuggestionView> {
    const { riskLevel } = await this.form(actor, participantId);
    return presentSuggestion(suggestOutcome({ ...answers, riskLevel }));
  }

  async record(actor: Actor, participantId: string, input: TSuitabilityInput, origin: Origin): Promise<SuitabilityView> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'assessment.record');
      const riskLevel = await repo.latestRiskLevel(trx, row.participantId);
      const suggestion = suggestOutcome({ ...input, riskLevel });
      // The assessor decides, but a departure from the matching rules is explained, not ticked.
      if (input.outcome !== suggestion.outcome && !reasonsExplainDeparture(input.reasons)) {
        throw new InvalidInputError('Check the highlighted answers', {
          reasons: `The suggested outcome is ${OUTCOME_LABELS[suggestion.outcome].toLowerCase()} (${suggestion.basis.toLowerCase()}): say in at least a sentence why you chose ${OUTCOME_LABELS[input.outcome].toLowerCase()} instead`,
        });
      }
      const id = await repo.insertSuitabilityAssessment(trx, {
        organisationId: row.organisationId,
        participantId: row.participantId,
        perpetratorCaseId: row.caseId,
        assessedOn: input.assessedOn,
        acknowledgement: input.acknowledgement,
        acknowledgementNotes: input.acknowledgementNotes,
        responsibility: input.responsibility,
        responsibilityNotes: input.responsibilityNotes,
        motivation: input.motivation,
        motivationNotes: input.motivationNotes,
        exclusionFactors: input.exclusionFactors,
        exclusionNotes: input.exclusionNotes,
        responsivityNeeds: input.responsivityNeeds,
        responsivityNotes: input.responsivityNotes,
        outcome: input.outcome,
        reasons: input.reasons,
        assessedBy: actor.userId,
      });
      // Her worker's duty to tell her follows from this event (src/partner-duties): outcome and date only.
      const eventId = await recordParticipantEvent(trx, {
        organisationId: row.organisationId,
        participantId: row.participantId,
        perpetratorCaseId: row.caseId,
        enrolmentId: null,
        createdBy: actor.userId,
        fact: { type: 'assessment_outcome', on: input.assessedOn, outcome: input.outcome },
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'assessment.suitability_recorded',
        { type: 'suitability_assessment', id },
        {
          participantId: row.participantId,
          outcome: input.outcome,
          suggestedOutcome: suggestion.outcome,
          eventId,
        },
      );
      const saved = await repo.findSuitabilityAssessment(trx, id);
      if (!saved) {
        throw new NotFoundError();
      }
      return presentSuitability(saved, riskLevel);
    });
  }

  /** One assessment with its notes and reasons. */
  async view(actor: Actor, assessmentId: string): Promise<{ participant: AssessedParticipant; assessment: SuitabilityView }> {
    return withActor(this.db, actor, async (trx) => {
      authorize(actor, 'assessment.view');
      const found = await repo.findSuitabilityAssessment(trx, assessmentId);
      if (!found) {
        throw new NotFoundError();
      }
      const row = await this.participant(trx, actor, found.participantId, 'assessment.view');
      authorize(actor, 'assessment.view', found);
      const history = await repo.riskLevelHistory(trx, row.participantId);
      return { participant: assessed(row), assessment: presentSuitability(found, levelAt(history, found.createdAt)) };
    });
  }
}
