import { listChildrenWithPartnerDetails } from '../children/repository.js';
import { presentChildOnPartnerCase } from '../children/presenters.js';
import type { ForPartnerCase } from '../children/partner-details-service.js';
import type { Trx } from '../db/database.js';
import { describeWindow } from '../first-contact/safe-contact.js';
import { RELATIONSHIP_LABELS } from '../partner-support/schemas.js';
import { formatDate } from '../web/filters.js';
import { criteriaMet, twelveMonthsBefore, type CriteriaMet } from './criteria.js';
import { presentDash, presentMeeting, type DashOnReferral, type MeetingView } from './presenters.js';
import * as meetingsRepo from './meetings-repository.js';
import * as dashRepo from './dash-repository.js';
import * as repo from './repository.js';
import { STATUS_LABELS, todayIso } from './schemas.js';
import type { CaseRow } from './case-access.js';

/** The escalation setting when the organisation has not set one (SafeLives: 3 call-outs in 12 months). */
export const DEFAULT_CALLOUT_THRESHOLD = 3;

export async function calloutThreshold(trx: Trx, organisationId: string): Promise<number> {
  return (await meetingsRepo.findCalloutThreshold(trx, organisationId)) ?? DEFAULT_CALLOUT_THRESHOLD;
}

/** The form's starting values, taken from her DASH and her case so that nothing is typed twice. */
export type DraftValues = {
  referredOn: string;
  area: string | null;
  policeCalloutsPastYear: number | null;
  safeToCall: boolean | null;
  safeNumber: string | null;
  safeTimes: string | null;
  relationship: string;
  childrenAndSchools: string | null;
  previousMaracs: string | null;
};

export type ReferralDraft = {
  partnerCase: ForPartnerCase;
  dash: DashOnReferral | null;
  values: DraftValues;
  /** The criteria the referral meets as the form stands (judgement not yet chosen). */
  criteria: CriteriaMet;
  calloutThreshold: number;
  /** Meetings from today on, of every area, to list the referral for. */
  meetings: MeetingView[];
};

/** "Poppy (8 years): Sandpiper Green Primary", one line per child linked to her. */
async function childrenAndSchools(trx: Trx, row: CaseRow): Promise<string | null> {
  const children = (await listChildrenWithPartnerDetails(trx, row.organisationId, row.participantId))
    .map((child) => presentChildOnPartnerCase(child, row.partnerId))
    .filter((child) => child.link === 'this_partner');
  if (children.length === 0) {
    return null;
  }
  return children.map((c) => `${c.name} (${c.ageLabel}): ${c.school ?? 'school or nursery not recorded'}`).join('\n');
}

/** Her earlier MARAC referrals in this system, one line each. */
async function previousMaracs(trx: Trx, caseId: string): Promise<string | null> {
  const earlier = await repo.listReferralsOfCase(trx, caseId);
  if (earlier.length === 0) {
    return null;
  }
  return earlier
    .map((r) => {
      const heard = r.heardOn ? `, heard ${formatDate(r.heardOn)}` : '';
      return `Referred ${formatDate(r.referredOn)} to ${r.area} MARAC${heard} (${STATUS_LABELS[r.status].toLowerCase()})`;
    })
    .join('\n');
}

export async function buildDraft(
  trx: Trx,
  row: CaseRow,
  dashId: string | null,
  typed: { referredOn?: string | null; policeCallouts?: number | null },
): Promise<Omit<ReferralDraft, 'partnerCase'>> {
  const summary = dashId ? await dashRepo.findDash(trx, dashId) : await dashRepo.findLatestDash(trx, row.caseId);
  // A DASH of another woman's case is never shown here: as if it did not exist.
  const own =
    summary && summary.partnerCaseId === row.caseId && summary.organisationId === row.organisationId ? summary : undefined;
  const hisName = `${row.participantGivenName} ${row.participantFamilyName}`;
  const dash = own ? presentDash(own, await dashRepo.listDashAnswers(trx, own.id), hisName) : null;
  const facts = await repo.findCaseFacts(trx, row.caseId);
  const safeWindow = facts ? describeWindow(facts) : null;
  const values: DraftValues = {
    referredOn: todayIso(),
    area: (await repo.findReferralArea(trx, row.participantId)) ?? (await repo.findLastUsedArea(trx, row.organisationId)),
    policeCalloutsPastYear: dash?.policeCalloutsPastYear ?? null,
    safeToCall: facts?.safePhone ? true : null,
    safeNumber: facts?.safePhone ?? null,
    safeTimes: [safeWindow, facts?.safeTimes].filter(Boolean).join('. ') || null,
    relationship: facts ? `${RELATIONSHIP_LABELS[facts.relationship]} of ${hisName}` : '',
    childrenAndSchools: await childrenAndSchools(trx, row),
    previousMaracs: await previousMaracs(trx, row.caseId),
  };
  const referredOn = typed.referredOn ?? values.referredOn;
  const threshold = await calloutThreshold(trx, row.organisationId);
  const earlier = /^\d{4}-\d{2}-\d{2}$/.test(referredOn)
    ? await repo.findEarlierReferral(trx, row.caseId, { from: twelveMonthsBefore(referredOn), on: referredOn })
    : undefined;
  const criteria = criteriaMet({
    dashYesCount: dash?.yesCount ?? null,
    policeCalloutsPastYear: typed.policeCallouts === undefined ? values.policeCalloutsPastYear : typed.policeCallouts,
    calloutThreshold: threshold,
    earlierReferralOn: earlier?.referredOn ?? null,
    professionalJudgement: false,
  });
  const meetings = (await meetingsRepo.listMeetings(trx, row.organisationId, { from: todayIso() })).map(presentMeeting);
  return { dash, values, criteria, calloutThreshold: threshold, meetings };
}
