import { COMMUNITY_REASON_ON_HIS_RECORD } from '../referrals/schemas.js';
import { authorize, type Actor } from '../access/index.js';
import { recordActorEvent, recordAuditEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { InvalidInputError } from '../errors.js';
import * as inserts from './inserts-repository.js';
import * as repo from './repository.js';
import type { TPublicReferral } from './answers.js';

export type PublicOrganisation = { id: string; name: string };

/** What the person referring sees at the end: a reference, or none when a robot was turned away. */
export type PublicReferralReceipt = { reference: string | null };

/**
 * The public referral form. A referral that comes in this way is recorded exactly as one staff
 * enter: the person referred and their case (status "referred"), the referral with its first
 * history entry, a partner case for every partner named, so the partner service contacts her
 * whatever the triage outcome, and the children named. Who in the community referred is kept
 * partner-side, and so is where a child goes to school: the person referred is never told.
 */
export class PublicReferralService {
  private secret: Promise<string> | undefined;

  constructor(private readonly db: Db) {}

  async organisationFor(slug: string): Promise<PublicOrganisation | null> {
    return withActor(this.db, null, async (trx) => (await repo.findOrganisationBySlug(trx, slug)) ?? null);
  }

  /** The secret the answers are sealed with between the form's pages (read once, then kept). */
  answersSecret(): Promise<string> {
    this.secret ??= repo.answersSecret(this.db).catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
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
      const { referrer, him } = input;
      const route = referrer.route;
      const { participantId, caseId } = await inserts.insertParticipantWithCase(trx, {
        organisationId,
        givenName: him.givenName,
        familyName: him.familyName,
        dateOfBirth: him.dateOfBirth,
        gender: him.gender,
        phone: him.phone,
        email: route === 'self' ? him.email : null,
        postcode: him.postcode,
        interpreterLanguage: input.interpreter.language,
      });
      const community = route === 'partner' || route === 'family';
      const { referralId, reference } = await inserts.insertReferral(trx, {
        organisationId,
        participantId,
        source: community ? 'community' : route,
        agencyType: referrer.route === 'agency' ? referrer.agencyType : null,
        // Who in the community referred goes only into the partner-side community source.
        referrerName: referrer.route === 'agency' ? referrer.referrerName : null,
        referrerOrganisation: referrer.route === 'agency' ? referrer.referrerOrganisation : null,
        referrerPhone: referrer.route === 'agency' ? referrer.referrerPhone : route === 'self' ? him.phone : null,
        referrerEmail: referrer.route === 'agency' ? referrer.referrerEmail : route === 'self' ? him.email : null,
        reason: community ? COMMUNITY_REASON_ON_HIS_RECORD : input.referral.reason,
        mandated: route === 'agency' && input.referral.mandated === 'yes',
        courtContext: route === 'agency' ? input.referral.courtContext : null,
        childProtectionContext: route === 'agency' ? input.referral.childProtectionContext : null,
        area: him.area,
        interpreterLanguage: input.interpreter.language,
        relationshipContext: input.relationshipContext,
      });
      if (referrer.route === 'partner') {
        await inserts.insertCommunitySource(trx, {
          organisationId,
          referralId,
          relationship: referrer.yourRelationship === 'ex' ? 'ex_partner' : 'partner',
          name: `${referrer.yourGivenName} ${referrer.yourFamilyName}`,
          phone: referrer.safePhone,
          safeToContact: referrer.safeTimes,
          account: input.referral.reason,
        });
      }
      if (referrer.route === 'family') {
        await inserts.insertCommunitySource(trx, {
          organisationId,
          referralId,
          relationship: referrer.familyRelationship === 'friend' ? 'friend' : 'family',
          name: referrer.referrerName,
          phone: referrer.referrerPhone,
          safeToContact: null,
          account: input.referral.reason,
        });
      }
      const partnerCaseIds: string[] = [];
      let referringPartnerId: string | null = null;
      for (const partner of partnersNamed(input)) {
        const opened = await inserts.insertPartnerWithCase(trx, {
          organisationId,
          participantId,
          referralId,
          partner: partner.record,
        });
        partnerCaseIds.push(opened.caseId);
        referringPartnerId = partner.referring ? opened.partnerId : referringPartnerId;
      }
      const childIds: string[] = [];
      for (const child of input.children) {
        const childId = await inserts.insertChild(trx, { organisationId, participantId, child });
        childIds.push(childId);
        // A partner referring names the children of her family: they are linked to her case, and
        // where they go to school is hers to tell (kept partner-side, never on his record).
        if (referringPartnerId) {
          await inserts.insertChildPartnerDetails(trx, {
            organisationId,
            childId,
            partnerId: referringPartnerId,
            school: child.school,
          });
        }
      }
      // Ids only, and no address: the person referring may be his partner.
      await recordAuditEvent(trx, {
        organisationId,
        actorUserId: null,
        action: 'referral.submitted_online',
        recordType: 'referral',
        recordId: referralId,
        ip: null,
        details: { participantId, perpetratorCaseId: caseId, partnerCaseIds, childIds },
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

/** Every partner the form names: the partner referring (with her safe-contact preferences) first, then the others named. */
function partnersNamed(input: TPublicReferral): Array<{ record: inserts.PublicPartner; referring: boolean }> {
  const { referrer } = input;
  const referring =
    referrer.route === 'partner'
      ? [
          {
            referring: true,
            record: {
              givenName: referrer.yourGivenName,
              familyName: referrer.yourFamilyName,
              relationship: referrer.yourRelationship,
              phone: null,
              safePhone: referrer.safePhone,
              safeTimes: referrer.safeTimes,
              messageMayBeLeft: referrer.messageMayBeLeft === 'yes',
              codeWord: referrer.codeWord,
            },
          },
        ]
      : [];
  const others = input.partners.map((partner) => ({
    referring: false,
    record: {
      givenName: partner.givenName,
      familyName: partner.familyName,
      relationship: partner.relationship,
      phone: partner.phone,
      safePhone: null,
      safeTimes: null,
      messageMayBeLeft: false,
      codeWord: null,
    },
  }));
  return [...referring, ...others];
}
