// Referrals and triage: a referral recorded (him at once, with his case), read with its history, listed and moved on.
import { authorize, can, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { insertParticipantWithCase } from '../participants/case-writes-repository.js';
import { nextReference } from '../participants/repository.js';
import type { Page } from '../participants/service.js';
import type { WorkerOption } from '../people/workers.js';
import type { PageCursor } from '../web/pagination.js';
import { listReferrals, referralWorkerChoices, searchReferrals, type ReferralSearchRequest } from './list-service.js';
import {
  presentCommunitySource,
  presentHistory,
  presentReferral,
  type CommunitySourceView,
  type HistoryEntry,
  type ReferralView,
} from './presenters.js';
import * as repo from './repository.js';
import { COMMUNITY_REASON_ON_HIS_RECORD, type TReferralInput, type TTransitionInput } from './schemas.js';
import type { ReferralFilters } from './search.js';
import { changeReferralStatus, transitionOptions, type TransitionOption } from './triage-service.js';

type Origin = { ip: string | null };

export type ReferralDetail = {
  referral: ReferralView;
  history: HistoryEntry[];
  communitySource: CommunitySourceView | null;
  transitions: TransitionOption[];
  /** The partner cases this referral opened: null to anyone who may not see partner cases (the wall). */
  partnersOpened: Array<{ id: string; reference: string; name: string }> | null;
};

/**
 * Referrals and triage. A referral records him at once (participant and a case in status
 * "referred"), so the partner service can open a case for each partner named whatever the
 * triage outcome. Triage changes follow the transitions table and are kept as history.
 */
export class ReferralService {
  constructor(private readonly db: Db) {}

  list(actor: Actor, cursor: PageCursor | null): Promise<Page<ReferralView>> {
    return listReferrals(this.db, actor, cursor);
  }

  /** The list searched, filtered and sorted, paged by keyset (src/referrals/list-service.ts). */
  search(actor: Actor, request: ReferralSearchRequest): Promise<Page<ReferralView> & { filters: ReferralFilters }> {
    return searchReferrals(this.db, actor, request);
  }

  /** The workers the list can be filtered by: those who hold his cases (his side and management). */
  workerChoices(actor: Actor): Promise<WorkerOption[]> {
    return referralWorkerChoices(this.db, actor);
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
      const transitions = transitionOptions(actor, row);
      return {
        referral: presentReferral(row),
        history: history.map(presentHistory),
        communitySource,
        transitions,
        partnersOpened,
      };
    });
  }

  /** Moves the referral on, if the transitions table allows this change to this user, with a coded reason (src/referrals/triage-service.ts). */
  changeStatus(actor: Actor, referralId: string, input: TTransitionInput, origin: Origin): Promise<void> {
    return changeReferralStatus(this.db, actor, referralId, input, origin);
  }
}
