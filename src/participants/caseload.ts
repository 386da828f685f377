// His caseload searched, filtered and sorted as the policy lets each viewer use it, and the choices the page offers.
import { authorize, can, listScope, type Actor } from '../access/index.js';
import type { Region } from '../dates/working-days.js';
import { withActor, type Db } from '../db/database.js';
import type { PerpetratorCaseStatus, RiskLevel } from '../db/schema.js';
import { caseloadChoiceRows, type CaseloadChoiceRows } from '../people/caseload-options.js';
import { answerCaseload, type CaseloadItem, type CaseloadReads } from '../people/caseload-list.js';
import { type CaseloadPage, type CaseloadRequest, type readCaseloadParams } from '../people/caseload-search.js';
import { presentParticipantSummary, type ParticipantSummary } from './presenters.js';
import * as repo from './repository.js';
import { PERPETRATOR_CASE_STATUSES, STATUS_LABELS } from './schemas.js';
import * as search from './search-repository.js';

/** His risk levels as the caseload filters them: the latest assessment's overall level. */
export const HIS_RISK_LEVELS: readonly RiskLevel[] = ['standard', 'medium', 'high', 'very_high'];

export const HIS_RISK_LABELS: Record<RiskLevel, string> = {
  standard: 'Standard',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
};

const PAGE_SIZE = 25;

/**
 * What this viewer may filter his caseload by: his risk level and his group are his side's and
 * management's (the partner side is told his status, not his assessment or roster), and so is his
 * first-contact clock. The partner side may still find him by name or reference.
 */
export function participantCaseloadRights(
  actor: Actor,
): Parameters<typeof readCaseloadParams<PerpetratorCaseStatus, RiskLevel>>[1] {
  return {
    statuses: PERPETRATOR_CASE_STATUSES,
    risks: can(actor, 'assessment.view') ? HIS_RISK_LEVELS : null,
    group: can(actor, 'enrolment.view'),
    overdue: can(actor, 'participant.logContact'),
    refused: {
      risk: 'Filtering by risk level is for the programme team and managers',
      group: 'Filtering by group is for the programme team and managers',
      overdue: 'Filtering by overdue first contact is for the programme team and managers',
    },
  };
}

/** What the search box finds him by for this viewer: his date of birth, phone and postcode only where they see them. */
export function participantSearchHint(actor: Actor): string {
  return can(actor, 'participant.viewNotes')
    ? 'Name, reference (PA-1042), date of birth, phone or postcode'
    : 'Name or reference (PA-1042)';
}

export const participantStatusChoices = PERPETRATOR_CASE_STATUSES.map((value) => ({
  value: value as PerpetratorCaseStatus,
  text: STATUS_LABELS[value],
}));

export const participantRiskChoices = HIS_RISK_LEVELS.map((value) => ({ value, text: HIS_RISK_LABELS[value] }));

const HIS_READS: CaseloadReads<repo.ParticipantCaseRow> = {
  side: search.HIS_CASELOAD,
  idsOf: (row) => [row.participantId, row.caseId],
  listPage: repo.listParticipantCases,
  listCount: repo.countParticipantCases,
  searchPage: search.searchParticipantCases,
  searchCount: search.countParticipantSearch,
};

/**
 * His caseload searched, filtered and sorted, paged by keyset. The policy decides who may list and
 * what they may search by (the route reads the parameters with those rights); the unfiltered list
 * in name order keeps its own query (participants_list_idx), any other reads the one builder of
 * src/people/caseload-sql.ts.
 */
export async function searchParticipantCaseload(
  db: Db,
  workingDaysRegion: Region,
  actor: Actor,
  request: CaseloadRequest<PerpetratorCaseStatus, RiskLevel>,
): Promise<CaseloadPage<CaseloadItem<ParticipantSummary>>> {
  const scope = listScope(actor, 'participant.list');
  return withActor(db, actor, async (trx) => {
    const { page } = await answerCaseload(
      trx,
      {
        reads: HIS_READS,
        scope,
        organisationId: actor.organisationId,
        viewer: { viewerId: actor.userId, contactVisible: can(actor, 'participant.viewNotes') },
        firstContact: { setting: 'participantFirstContactDays', defaultDays: 5, region: workingDaysRegion },
        present: presentParticipantSummary,
        pageSize: PAGE_SIZE,
      },
      request,
    );
    return page;
  });
}

/**
 * The workers, teams and groups his caseload can be filtered by (groups only for those who may see
 * his roster), and whether any of his cases is allocated to the viewer: one statement.
 */
export async function participantCaseloadChoices(db: Db, actor: Actor): Promise<CaseloadChoiceRows> {
  authorize(actor, 'participant.list');
  return withActor(db, actor, (trx) =>
    caseloadChoiceRows(trx, {
      organisationId: actor.organisationId,
      viewerId: actor.userId,
      sides: ['perpetrator', 'management'],
      cases: 'perpetrator_cases',
      groups: can(actor, 'enrolment.view'),
    }),
  );
}
