import { authorize, can, listScope, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { insertParticipantWithCase, updatePerpetratorCase } from '../participants/case-writes-repository.js';
import { findParticipantCase, nextReference } from '../participants/repository.js';
import type { Page } from '../participants/service.js';
import {
  presentCommunitySource,
  presentHistory,
  presentReferral,
  type CommunitySourceView,
  type HistoryEntry,
  type ReferralView,
} from './presenters.js';
import * as repo from './repository.js';
import { COUNT_CAP, cappedTotal, keysetPage, type PageCursor } from '../web/pagination.js';
import { COMMUNITY_REASON_ON_HIS_RECORD, type TReferralInput, type TTransitionInput } from './schemas.js';
import { REASONS, REFERRAL_STATUS_LABELS, mayMake, transitionFor, transitionsOpenTo } from './transitions.js';
import { cursorUnder, shownInFull } from '../people/caseload-paging.js';
import { workersOnSides, type WorkerOption } from '../people/workers.js';
import * as search from './search-repository.js';
import { isPlainList, referralFingerprint, settledFilters, type ReferralFilters, type ReferralParams } from './search.js';

export const PAGE_SIZE = 25;
/** A referrals cursor names one referral (src/web/pagination.ts). */
export const REFERRAL_CURSOR_IDS = 1;
type Origin = { ip: string | null };

export type TransitionOption = { to: string; label: string; reasons: Array<{ code: string; label: string }> };
export type ReferralDetail = {
  referral: ReferralView;
  history: HistoryEntry[];
  communitySource: CommunitySourceView | null;
  transitions: TransitionOption[];
  /** The partner cases this referral opened: null to anyone who may not see partner cases (the wall). */
  partnersOpened: Array<{ id: string; reference: string; name: string }> | null;
};

/** What his perpetrator case becomes when triage ends. */
const CASE_STATUS_AFTER = { accepted: 'assessment', signposted: 'closed', declined: 'closed', withdrawn: 'closed' } as const;

/**
 * Referrals and triage. A referral records him at once (participant and a case in status
 * "referred"), so the partner service can open a case for each partner named whatever the
 * triage outcome. Triage changes follow the transitions table and are kept as history.
 */
export class ReferralService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, cursor: PageCursor | null): Promise<Page<ReferralView>> {
    const scope = listScope(actor, 'referral.list');
    return withActor(this.db, actor, async (trx) => {
      const page = await keysetPage({
        pageSize: PAGE_SIZE,
        cursor,
        fetch: (at, limit) => repo.listReferrals(trx, scope, at, limit),
        idsOf: (row) => [row.id],
      });
      const counted = await repo.countReferrals(trx, scope, COUNT_CAP + 1);
      return {
        items: page.rows.map(presentReferral),
        pageSize: PAGE_SIZE,
        ...cappedTotal(counted),
        next: page.next,
        previous: page.previous,
      };
    });
  }

  /**
   * The list searched, filtered and sorted (src/referrals/search.ts), paged by keyset. The plain
   * list (every referral, newest first) keeps its own query and one-id cursors; any other carries
   * its filters' fingerprint in its cursors, so a cursor from other filters shows the first page
   * (pages) or is refused (API). Only his record is searched: never a partner's, on any side.
   */
  async search(
    actor: Actor,
    request: {
      params: ReferralParams;
      cursorOf: (idCount: number) => PageCursor | null;
      staleCursor: 'first-page' | 'refuse';
    },
  ): Promise<Page<ReferralView> & { filters: ReferralFilters }> {
    const scope = listScope(actor, 'referral.list');
    const filters = settledFilters(request.params);
    if (isPlainList(filters)) {
      return { ...(await this.list(actor, cursorUnder(request, REFERRAL_CURSOR_IDS, null))), filters };
    }
    const fingerprint = referralFingerprint(actor.userId, filters);
    const cursor = cursorUnder(request, REFERRAL_CURSOR_IDS, fingerprint);
    return withActor(this.db, actor, async (trx) => {
      const terms = filters.search;
      const searching: search.ReferralSearch = {
        filters,
        viewerId: actor.userId,
        named: terms?.kind === 'name' && terms.words.length > 0 ? await search.participantsNamed(trx, terms.words) : null,
      };
      const page = await keysetPage({
        pageSize: PAGE_SIZE,
        cursor,
        fetch: (at, limit) => search.searchReferrals(trx, scope, searching, at, limit),
        idsOf: (row) => [row.id, fingerprint],
      });
      // A search is mostly one page: when the first page holds every match, it is the count.
      const counted = shownInFull(page)
        ? page.rows.length
        : await search.countReferralSearch(trx, scope, searching, COUNT_CAP + 1);
      return {
        items: page.rows.map(presentReferral),
        pageSize: PAGE_SIZE,
        ...cappedTotal(counted),
        next: page.next,
        previous: page.previous,
        filters,
      };
    });
  }

  /** The workers the list can be filtered by: those who hold his cases (his side and management). */
  async workerChoices(actor: Actor): Promise<WorkerOption[]> {
    authorize(actor, 'referral.list');
    return withActor(this.db, actor, (trx) => workersOnSides(trx, actor.organisationId, ['perpetrator', 'management']));
  }

  async create(actor: Actor, input: TReferralInput, origin: Origin): Promise<string> {
    authorize(actor, 'referral.create');
    if (input.source === 'community' && !can(actor, 'referral.viewCommunitySource')) {
      // Who in the community referred him is partner-side; his side never records or reads it.
      throw new InvalidInputError('This referral is taken by the partner support service', {
        source:
          'A referral from a partner, family or friends of the participant is taken by the partner support service or case management',
      });
    }
    return withActor(this.db, actor, async (trx) => {
      const { participantId, caseId } = await insertParticipantWithCase(trx, {
        organisationId: actor.organisationId,
        reference: await nextReference(trx, 'PA'),
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth,
        gender: input.gender,
        phone: input.phone,
        email: input.email,
        addressLine1: input.addressLine1,
        addressLine2: input.addressLine2,
        town: input.town,
        postcode: input.postcode,
        interpreterLanguage: input.interpreterLanguage,
        status: 'referred',
        allocatedWorkerId: null,
        createdBy: actor.userId,
      });
      const agency = input.source === 'agency';
      const referralId = await repo.insertReferral(trx, {
        organisation_id: actor.organisationId,
        reference: await repo.nextReferralReference(trx),
        participant_id: participantId,
        channel: input.channel,
        source: input.source,
        agency_type: agency ? input.agencyType : null,
        referrer_name: input.source === 'community' ? null : input.referrerName,
        referrer_organisation: agency ? input.referrerOrganisation : null,
        referrer_phone: input.source === 'community' ? null : input.referrerPhone,
        referrer_email: input.source === 'community' ? null : input.referrerEmail,
        reason: input.source === 'community' ? COMMUNITY_REASON_ON_HIS_RECORD : input.reason,
        mandated: input.mandated,
        court_context: input.courtContext,
        child_protection_context: input.childProtectionContext,
        area: input.area,
        interpreter_language: input.interpreterLanguage,
        relationship_context: input.relationshipContext,
        created_by: actor.userId,
      });
      if (input.source === 'community' && input.communityRelationship) {
        await repo.insertCommunitySource(trx, {
          referral_id: referralId,
          organisation_id: actor.organisationId,
          relationship: input.communityRelationship,
          name: input.communityName,
          phone: input.communityPhone,
          safe_to_contact: input.communitySafeToContact,
          account: input.reason,
        });
      }
      await repo.appendHistory(trx, {
        organisationId: actor.organisationId,
        referralId,
        from: null,
        to: 'received',
        reasonCode: 'referral_received',
        note: null,
        changedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'referral.created',
        { type: 'referral', id: referralId },
        {
          participantId,
          perpetratorCaseId: caseId,
          source: input.source,
          channel: input.channel,
        },
      );
      return referralId;
    });
  }

  async view(actor: Actor, referralId: string, origin: Origin): Promise<ReferralDetail> {
    return withActor(this.db, actor, async (trx) => {
      const row = await repo.findReferral(trx, referralId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'referral.view', row);
      const history = await repo.listHistory(trx, referralId);
      let communitySource: CommunitySourceView | null = null;
      if (row.source === 'community' && can(actor, 'referral.viewCommunitySource', row)) {
        const source = await repo.findCommunitySource(trx, referralId);
        communitySource = source ? presentCommunitySource(source) : null;
      }
      // That the referral opened partner cases at all is partner-side: never read for his side.
      const partnersOpened = can(actor, 'partnerCase.list')
        ? (await repo.listPartnerCasesOpenedBy(trx, actor.organisationId, referralId)).map((p) => ({
            id: p.id,
            reference: p.reference,
            name: `${p.givenName} ${p.familyName}`,
          }))
        : null;
      await recordActorEvent(
        trx,
        actor,
        origin,
        'referral.viewed',
        { type: 'referral', id: referralId },
        {
          communitySourceShown: communitySource !== null,
          ...(partnersOpened && { partnerCasesShown: partnersOpened.map((p) => p.id) }),
        },
      );
      const transitions = can(actor, 'referral.triage', row)
        ? transitionsOpenTo(actor, row.status).map((t) => ({
            to: t.to,
            label: REFERRAL_STATUS_LABELS[t.to],
            reasons: Object.entries(REASONS[t.to]).map(([code, reasonLabel]) => ({ code, label: reasonLabel })),
          }))
        : [];
      return {
        referral: presentReferral(row),
        history: history.map(presentHistory),
        communitySource,
        transitions,
        partnersOpened,
      };
    });
  }

  /** Moves the referral on, if the transitions table allows this change to this user, with a coded reason. */
  async changeStatus(actor: Actor, referralId: string, input: TTransitionInput, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await repo.findReferral(trx, referralId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'referral.triage', row);
      const transition = transitionFor(row.status, input.to);
      if (!transition) {
        throw new InvalidInputError('This change is not possible now', {
          to: `A referral that is ${REFERRAL_STATUS_LABELS[row.status].toLowerCase()} cannot be moved to ${REFERRAL_STATUS_LABELS[input.to].toLowerCase()}`,
        });
      }
      if (!mayMake(actor, transition)) {
        throw new ForbiddenError(
          `Only ${transition.sides.join(' or ')} users may move a referral to ${REFERRAL_STATUS_LABELS[input.to].toLowerCase()}`,
        );
      }
      if (!(input.reasonCode in REASONS[input.to])) {
        throw new InvalidInputError('Select a reason', { reasonCode: 'Select a reason from the list' });
      }
      await repo.appendHistory(trx, {
        organisationId: actor.organisationId,
        referralId,
        from: row.status,
        to: input.to,
        reasonCode: input.reasonCode,
        note: input.note,
        changedBy: actor.userId,
      });
      const caseStatus = input.to === 'triage' ? null : CASE_STATUS_AFTER[input.to];
      if (caseStatus) {
        const perpetratorCase = await findParticipantCase(trx, row.participantId);
        if (perpetratorCase) {
          await updatePerpetratorCase(trx, perpetratorCase.caseId, { status: caseStatus });
        }
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'referral.status_changed',
        { type: 'referral', id: referralId },
        {
          from: row.status,
          to: input.to,
          reasonCode: input.reasonCode,
        },
      );
    });
  }
}
