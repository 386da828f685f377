// Her caseload searched and filtered, as the policy lets each viewer use it, and the choices the page offers.
import { can, listScope, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { todayInLondon } from '../dates/london.js';
import type { Region } from '../dates/working-days.js';
import { withActor, type Db } from '../db/database.js';
import { organisationSettings } from '../db/organisation-settings.js';
import type { DashLevel, PartnerCaseStatus } from '../db/schema.js';
import {
  cursorUnder,
  shownInFull,
  filterFingerprint,
  isUnfiltered,
  overdueOpenedBy,
  type CaseloadPage,
  type CaseloadRequest,
  type CaseloadScope,
  type readCaseloadParams,
} from '../people/caseload-search.js';
import { useNameSimilarity } from '../people/caseload-sql.js';
import { COUNT_CAP, cappedTotal, keysetPage } from '../web/pagination.js';
import { presentPartnerCaseListItem, type PartnerCaseListItem } from './presenters.js';
import * as repo from './repository.js';
import { PARTNER_CASE_STATUSES, PARTNER_CASE_STATUS_LABELS } from './schemas.js';
import * as search from './search-repository.js';

/** Her risk level as the caseload filters it: her latest DASH's level. */
export const HER_RISK_LEVELS: readonly DashLevel[] = ['standard', 'medium', 'high'];
const HER_RISK_LABELS: Record<DashLevel, string> = { standard: 'Standard', medium: 'Medium', high: 'High' };

/** A caseload cursor names her record and her case (src/web/pagination.ts). */
const CURSOR_IDS = 2;
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

/**
 * Her caseload, searched and filtered, in name order and paged by keyset; every listing is
 * audited with the cases it showed, as her unfiltered list is. The unfiltered list keeps its own
 * query (partners_list_idx); a filtered one reads the indexes of migration 0031.
 */
export async function searchPartnerCaseload(
  db: Db,
  workingDaysRegion: Region,
  actor: Actor,
  request: CaseloadRequest<PartnerCaseStatus, DashLevel>,
  origin: { ip: string | null },
): Promise<CaseloadPage<PartnerCaseListItem>> {
  const scope = listScope(actor, 'partnerCase.list');
  return withActor(db, actor, async (trx) => {
    const { params } = request;
    const caseloadScope: CaseloadScope =
      params.scope ??
      (request.defaultScope === 'mine-when-allocated' && (await search.hasAllocatedPartnerCase(trx, scope, actor.userId))
        ? 'mine'
        : 'all');
    const filters = { ...params, scope: caseloadScope };
    const unfiltered = isUnfiltered(filters);
    const fingerprint = unfiltered ? null : filterFingerprint(actor.userId, filters);
    const cursor = cursorUnder(request, CURSOR_IDS, fingerprint);
    let overdue: string | null = null;
    if (filters.overdue === 'first-contact') {
      const { general } = await organisationSettings(trx, actor.organisationId);
      overdue = overdueOpenedBy(todayInLondon(), general?.partnerFirstContactDays ?? 2, workingDaysRegion);
    }
    const searching: search.PartnerCaseSearch = { filters, viewerId: actor.userId, overdueOpenedBy: overdue };
    if (filters.search?.kind === 'name') {
      await useNameSimilarity(trx);
    }
    const page = await keysetPage({
      pageSize: PAGE_SIZE,
      cursor,
      fetch: (at, limit) =>
        unfiltered ? repo.listPartnerCases(trx, scope, at, limit) : search.searchPartnerCases(trx, scope, searching, at, limit),
      idsOf: (row) => (fingerprint ? [row.partnerId, row.caseId, fingerprint] : [row.partnerId, row.caseId]),
    });
    // A search is mostly one page: when the first page holds every match, it is the count.
    const counted = unfiltered
      ? await repo.countPartnerCases(trx, scope, COUNT_CAP + 1)
      : shownInFull(page)
        ? page.rows.length
        : await search.countPartnerCaseSearch(trx, scope, searching, COUNT_CAP + 1);
    await recordActorEvent(
      trx,
      actor,
      origin,
      'partner_case.listed',
      { type: 'partner_case' },
      { partnerCaseIds: page.rows.map((r) => r.caseId) },
    );
    return {
      items: page.rows.map(presentPartnerCaseListItem),
      pageSize: PAGE_SIZE,
      ...cappedTotal(counted),
      next: page.next,
      previous: page.previous,
      scope: caseloadScope,
      scopeChosen: params.scope === null,
    };
  });
}
