import type { Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { Trx } from '../db/database.js';
import { InvalidInputError, type FieldErrors } from '../errors.js';
import { loadPartnerCase } from './case-access.js';
import { criteriaMet, twelveMonthsBefore } from './criteria.js';
import { buildDraft, calloutThreshold } from './draft.js';
import * as meetingsRepo from './meetings-repository.js';
import * as repo from './repository.js';
import { referralRuleErrors, type TReferralInput } from './schemas.js';

/**
 * Makes the referral: what the API left out is taken from the draft (her DASH and her case), the
 * criteria are worked out here, never taken from the client, and a referral meeting none is refused.
 */
export async function makeReferral(
  trx: Trx,
  actor: Actor,
  caseId: string,
  input: TReferralInput,
  origin: { ip: string | null },
): Promise<string> {
  const row = await loadPartnerCase(trx, actor, caseId, 'marac.refer');
  const fields: FieldErrors = {};
  const draft = await buildDraft(trx, row, input.dashAssessmentId, {});
  if (input.dashAssessmentId && !draft.dash) {
    fields.dashAssessmentId = 'Choose one of this partner’s own DASH checklists';
  }
  const values = draft.values;
  const area = input.area === undefined ? values.area : input.area;
  const relationship = input.relationship === undefined ? values.relationship : input.relationship;
  const callouts = input.policeCalloutsPastYear === undefined ? values.policeCalloutsPastYear : input.policeCalloutsPastYear;
  if (!area) {
    fields.area = 'Enter the MARAC area';
  }
  if (!relationship) {
    fields.relationship = 'Enter the partner’s relationship to the person causing harm';
  }
  Object.assign(fields, referralRuleErrors(input));
  if (input.maracMeetingId) {
    const meeting = await meetingsRepo.findMeeting(trx, input.maracMeetingId);
    if (!meeting || meeting.organisationId !== actor.organisationId) {
      fields.maracMeetingId = 'Choose a meeting from the list';
    } else if (area && meeting.area.toLowerCase() !== area.toLowerCase()) {
      fields.maracMeetingId = `Choose a meeting for ${area}, or add one on the MARAC page`;
    }
  }
  const earlier = await repo.findEarlierReferral(trx, caseId, {
    from: twelveMonthsBefore(input.referredOn),
    on: input.referredOn,
  });
  const threshold = await calloutThreshold(trx, actor.organisationId);
  const { criteria } = criteriaMet({
    dashYesCount: draft.dash?.yesCount ?? null,
    policeCalloutsPastYear: callouts,
    calloutThreshold: threshold,
    earlierReferralOn: earlier?.referredOn ?? null,
    professionalJudgement: input.professionalJudgement,
  });
  if (criteria.length === 0) {
    fields.criteria =
      'This referral meets no MARAC criterion: choose professional judgement and give your reasons, or check the DASH and the police call-outs';
  }
  if (Object.keys(fields).length > 0) {
    throw new InvalidInputError('Check the highlighted answers', fields);
  }
  const id = await repo.insertReferral(trx, {
    organisationId: row.organisationId,
    partnerCaseId: caseId,
    dashAssessmentId: draft.dash?.id ?? null,
    referredOn: input.referredOn,
    area: area ?? '',
    maracMeetingId: input.maracMeetingId,
    criteria,
    judgementReasons: input.professionalJudgement ? input.judgementReasons : null,
    policeCalloutsPastYear: callouts,
    safeToCall: input.safeToCall,
    safeNumber: input.safeNumber === undefined ? values.safeNumber : input.safeNumber,
    safeTimes: input.safeTimes === undefined ? values.safeTimes : input.safeTimes,
    afraidOf: input.afraidOf,
    safeToTalkTo: input.safeToTalkTo,
    notSafeToTalkTo: input.notSafeToTalkTo,
    childrenAndSchools: input.childrenAndSchools === undefined ? values.childrenAndSchools : input.childrenAndSchools,
    relationship: relationship ?? '',
    previousMaracs: input.previousMaracs === undefined ? values.previousMaracs : input.previousMaracs,
    sheKnows: input.sheKnows,
    sheConsents: input.sheConsents,
    noConsentReason: input.sheKnows && input.sheConsents ? null : input.noConsentReason,
    referredBy: actor.userId,
  });
  // What was referred and on which basis, never what she said.
  await recordActorEvent(
    trx,
    actor,
    origin,
    'marac.referral_made',
    { type: 'marac_referral', id },
    {
      partnerCaseId: caseId,
      criteria,
      dashAssessmentId: draft.dash?.id ?? null,
      withConsent: input.sheKnows && input.sheConsents,
    },
  );
  return id;
}
