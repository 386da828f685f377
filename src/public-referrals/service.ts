import { COMMUNITY_REASON_ON_HIS_RECORD } from '../referrals/schemas.js';
import { authorize, type Actor } from '../access/index.js';
import { recordActorEvent, recordAuditEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { InvalidInputError } from '../errors.js';
import * as repo from './repository.js';
import type { TPublicReferral } from './schemas.js';

export type PublicOrganisation = { id: string; name: string };

/** What the person referring sees at the end: a reference, or none when a robot was turned away. */
export type PublicReferralReceipt = { reference: string | null };

/**
 * The public referral form. A referral that comes in this way is recorded exactly as one staff
 * enter: the man and his case (status "referred"), the referral with its first history entry, and
 * a partner case for every partner named, so the partner service contacts her whatever the
 * triage outcome. Who in the community referred him is kept partner-side: he is never told.
 */
export class PublicReferralService {
  constructor(private readonly db: Db) {}

  async organisationFor(slug: string): Promise<PublicOrganisation | null> {
    return withActor(this.db, null, async (trx) => (await repo.findOrganisationBySlug(trx, slug)) ?? null);
  }

  /**
   * Records the referral, unless the honeypot was filled: then a robot posted it, and it is given
   * the same confirmation page with nothing stored and no reference that exists.
   */
  async submit(
    organisation: PublicOrganisation,
    input: TPublicReferral,
    honeypotFilled: boolean,
  ): Promise<PublicReferralReceipt> {
    if (honeypotFilled) {
      return { reference: null };
    }
    return repo.inPublicReferralContext(this.db, organisation.id, async (trx) => {
      const organisationId = organisation.id;
      const { participantId, caseId } = await repo.insertParticipantWithCase(trx, {
        organisationId,
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth,
        gender: null,
      });
      const community = input.route === 'partner' || input.route === 'family';
      const { referralId, reference } = await repo.insertReferral(trx, {
        organisationId,
        participantId,
        source: community ? 'community' : input.route === 'agency' ? 'agency' : 'self',
        agencyType: input.route === 'agency' ? input.agencyType : null,
        // Who in the community referred him goes only into the partner-side community source.
        referrerName: input.route === 'agency' ? input.referrerName : null,
        referrerOrganisation: input.route === 'agency' ? input.referrerOrganisation : null,
        referrerPhone: community ? null : input.referrerPhone,
        referrerEmail: community ? null : input.referrerEmail,
        reason: community ? COMMUNITY_REASON_ON_HIS_RECORD : input.reason,
        mandated: input.route === 'agency' && input.mandated === 'yes',
        courtContext: input.route === 'agency' ? input.courtContext : null,
        childProtectionContext: input.route === 'agency' ? input.childProtectionContext : null,
        area: input.area,
      });
      if (input.route === 'partner') {
        await repo.insertCommunitySource(trx, {
          organisationId,
          referralId,
          relationship: input.herRelationship === 'ex' ? 'ex_partner' : 'partner',
          name: `${input.herGivenName ?? ''} ${input.herFamilyName ?? ''}`.trim(),
          phone: input.safePhone,
          safeToContact: input.safeTimes,
          account: input.reason,
        });
      }
      if (input.route === 'family') {
        await repo.insertCommunitySource(trx, {
          organisationId,
          referralId,
          relationship: input.familyRelationship === 'friend' ? 'friend' : 'family',
          name: input.referrerName,
          phone: input.referrerPhone,
          safeToContact: null,
          account: input.reason,
        });
      }
      const partnerCaseIds: string[] = [];
      for (const partner of partnersNamed(input)) {
        partnerCaseIds.push(await repo.insertPartnerWithCase(trx, { organisationId, participantId, partner }));
      }
      // Ids only, and no address: the person referring may be his partner.
      await recordAuditEvent(trx, {
        organisationId,
        actorUserId: null,
        action: 'referral.submitted_online',
        recordType: 'referral',
        recordId: referralId,
        ip: null,
        details: { participantId, perpetratorCaseId: caseId, partnerCaseIds },
      });
      return { reference };
    });
  }

  async publicAddress(actor: Actor): Promise<string | null> {
    authorize(actor, 'users.manage');
    return withActor(this.db, actor, (trx) => repo.findPublicReferralSlug(trx, actor.organisationId));
  }

  async setPublicAddress(actor: Actor, slug: string, origin: { ip: string | null }): Promise<void> {
    authorize(actor, 'users.manage');
    await withActor(this.db, actor, async (trx) => {
      if (await repo.slugTakenByAnother(trx, actor.organisationId, slug)) {
        throw new InvalidInputError('This address is taken', { slug: 'Another organisation uses this address: choose another' });
      }
      await repo.setPublicReferralSlug(trx, actor.organisationId, slug);
      await recordActorEvent(trx, actor, origin, 'admin.public_referral_address_set', {
        type: 'organisation',
        id: actor.organisationId,
      });
    });
  }
}

/** Every partner the form names: the partner referring herself, or those an agency or family member named. */
function partnersNamed(input: TPublicReferral): repo.PublicPartner[] {
  if (input.route === 'partner') {
    return [
      {
        givenName: input.herGivenName ?? '',
        familyName: input.herFamilyName ?? '',
        relationship: input.herRelationship ?? 'current',
        phone: null,
        safePhone: input.safePhone,
        safeTimes: input.safeTimes,
        messageMayBeLeft: input.messageMayBeLeft === 'yes',
        codeWord: input.codeWord,
      },
    ];
  }
  if (input.route === 'self') {
    return [];
  }
  const slots = input.route === 'agency' ? ([1, 2] as const) : ([1] as const);
  const partners: repo.PublicPartner[] = [];
  const record = input as unknown as Record<string, string | null>;
  for (const n of slots) {
    const givenName = record[`partner${n}GivenName`];
    const familyName = record[`partner${n}FamilyName`];
    const relationship = record[`partner${n}Relationship`];
    if (givenName && familyName && (relationship === 'current' || relationship === 'ex')) {
      partners.push({
        givenName,
        familyName,
        relationship,
        phone: record[`partner${n}Phone`] ?? null,
        safePhone: null,
        safeTimes: null,
        messageMayBeLeft: false,
        codeWord: null,
      });
    }
  }
  return partners;
}
