// Her caseload searched and filtered, as the policy lets each viewer use it, and the choices the page offers.
import { can, listScope, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { Region } from '../dates/working-days.js';
import { withActor, type Db } from '../db/database.js';
import type { DashLevel, PartnerCaseStatus } from '../db/schema.js';
import { caseloadChoiceRows, type CaseloadChoiceRows } from '../people/caseload-options.js';
import { answerCaseload, type CaseloadItem, type CaseloadReads } from '../people/caseload-list.js';
import { type CaseloadPage, type CaseloadRequest, type readCaseloadParams } from '../people/caseload-search.js';
import { presentPartnerCaseListItem, type PartnerCaseListItem } from './presenters.js';
import * as repo from './repository.js';
import { PARTNER_CASE_STATUSES, PARTNER_CASE_STATUS_LABELS } from './schemas.js';
import * as search from './search-repository.js';

/** Her risk level as the caseload filters it: her latest DASH's level. */
export const HER_RISK_LEVELS: readonly DashLevel[] = ['standard', 'medium', 'high'];
const HER_RISK_LABELS: Record<DashLevel, string> = { standard: 'Standard', medium: 'Medium', high: 'High' };

const PAGE_SIZE = 25;

/**
 * What this viewer may filter her caseload by: everyone who may list partner cases (the partner
 * side and management) may search her name, reference, date of birth, phone, safe number and
 * postcode, and filter by her DASH level and her first-contact clock. Groups are his caseload's.
 */
export function partnerCaseloadRights(actor: Actor): Parameters<typeof readCaseloadParams<PartnerCaseStatus, DashLevel>>[1] {
  return {
    statuses: PARTNER_CASE_STATUSES,
    risks: can(actor, 'dash.view') ? HER_RISK_LEVELS : null,
    group: false,
    overdue: can(actor, 'partnerCase.logContact'),
    refused: { group: 'Filtering by group is for the participants list only' },
  };
}

export const partnerStatusChoices = PARTNER_CASE_STATUSES.map((value) => ({
  value: value as PartnerCaseStatus,
  text: PARTNER_CASE_STATUS_LABELS[value],
}));
export const partnerRiskChoices = HER_RISK_LEVELS.map((value) => ({ value, text: HER_RISK_LABELS[value] }));
export const PARTNER_SEARCH_HINT = 'Name, reference (PS-1042), date of birth, phone or postcode';

const HER_READS: CaseloadReads<repo.PartnerCaseRow> = {
  side: search.HER_CASELOAD,
  idsOf: (row) => [row.partnerId, row.caseId],
  listPage: repo.listPartnerCases,
  listCount: repo.countPartnerCases,
  searchPage: search.searchPartnerCases,
  searchCount: search.countPartnerCaseSearch,
};

/**
 * Her caseload, searched, filtered and sorted, paged by keyset; every listing is audited with the
 * cases it showed, as her unfiltered list is. The unfiltered list in name order keeps its own
 * query (partners_list_idx); any other reads the one builder of src/people/caseload-sql.ts.
 */
export async function searchPartnerCaseload(
  db: Db,
  workingDaysRegion: Region,
  actor: Actor,
  request: CaseloadRequest<PartnerCaseStatus, DashLevel>,
  origin: { ip: string | null },
): Promise<CaseloadPage<CaseloadItem<PartnerCaseListItem>>> {
  const scope = listScope(actor, 'partnerCase.list');
  return withActor(db, actor, async (trx) => {
    const { page, rows } = await answerCaseload(
      trx,
      {
        reads: HER_READS,
        scope,
        organisationId: actor.organisationId,
        // Everyone who may list her cases may search everything the box takes.
        viewer: { viewerId: actor.userId, contactVisible: true },
        firstContact: { setting: 'partnerFirstContactDays', defaultDays: 2, region: workingDaysRegion },
        present: presentPartnerCaseListItem,
        pageSize: PAGE_SIZE,
      },
      request,
    );
    await recordActorEvent(
      trx,
      actor,
      origin,
      'partner_case.listed',
      { type: 'partner_case' },
      { partnerCaseIds: rows.map((r) => r.caseId) },
    );
    return page;
  });
}

/** The workers and teams her caseload can be filtered by (the partner side's and management's), and whether the viewer has cases of hers: one statement. */
export async function partnerCaseloadChoices(db: Db, actor: Actor): Promise<CaseloadChoiceRows> {
  listScope(actor, 'partnerCase.list');
  return withActor(db, actor, (trx) =>
    caseloadChoiceRows(trx, {
      organisationId: actor.organisationId,
      viewerId: actor.userId,
      sides: ['partner', 'management'],
      cases: 'partner_cases',
      groups: false,
    }),
  );
}
