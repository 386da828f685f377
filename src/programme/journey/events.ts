import type { Trx } from '../../db/database.js';
import type { DisclosureType, EnrolmentStatus, ProgrammeKind, SessionKind, SuitabilityOutcome } from '../../db/schema.js';
import { insertParticipantEvent } from './events-repository.js';
import { toldReason } from './transitions.js';

/*
 * Events for the partner service: what happened on his side that her worker has a duty to tell her
 * (seed 001: "Keep the woman informed about her (ex-)partner's attendance ... Inform her of any
 * changes to her (ex-)partner's client status - for example, whether he drops out or is suspended
 * ... and the reason for this, if known. Inform her if her (ex-)partner breaches his probation
 * order"), and the basic risk information "he disclosed violence/abuse on <date>".
 *
 * One row per event in `participant_events`, append-only, readable by both case sides. Its
 * `basic_summary` is the one sentence that may be told to her, and it is built here from codes and
 * dates only: a fact below carries no free text, so nothing a facilitator typed (his words in
 * group, a participation note, the detail of a disclosure, a note on a status change) can ever
 * reach it. Too much detail "gets repeated to him" and puts her at risk (seed 001).
 *
 * Who reads these rows: the partner side's alerts (disclosures, src/programme/journey/alerts-*), the
 * attendance-and-status summary on her case page, and the duties to inform her (issue 5), which
 * turn each event into a task for the worker of every partner linked to him.
 *
 * Events written (every writer calls recordParticipantEvent, inside its own transaction):
 * - every journey status change: started, suspended, resumed, completed, dropped_out, excluded,
 *   breached (src/programme/journey/apply.ts);
 * - every missed session, absent with or without an acceptable reason (src/programme/attendance/service.ts):
 *   seed 001 asks that she be told "if her partner/ex-partner fails to attend". An explained
 *   absence is still an absence: he was not where she may have been told he would be, and she
 *   plans her safety around those evenings. The sentence says whether the absence was explained;
 *   the reason he gave is never part of it;
 * - a register corrected from absent to present after a missed session was reported
 *   (attendance_corrected), so she is not left with a wrong account;
 * - every disclosure of violence or abuse (src/programme/journey/disclosures-service.ts): type and date only;
 * - every suitability assessment of him (src/assessment/suitability/service.ts): the outcome and date
 *   only, never the reasons or notes (seed 001: "feedback to the woman regarding her (ex) partner's
 *   assessment ... the outcome and what this means in terms of treatment").
 */

/** An ISO date, "2026-11-20". */
export type IsoDate = string;

/** What happened, as codes and dates: the only input a basic summary is built from. */
export type EventFact =
  | { type: 'enrolled'; on: IsoDate; programmeKind: ProgrammeKind }
  | { type: 'started'; on: IsoDate; programmeKind: ProgrammeKind }
  | {
      type: Extract<EnrolmentStatus, 'suspended' | 'completed' | 'dropped_out' | 'excluded' | 'breached'> | 'resumed';
      on: IsoDate;
      /** A reason code of the journey transitions table; an unknown code adds nothing to the sentence. */
      reasonCode: string;
    }
  | { type: 'missed_session'; on: IsoDate; sessionKind: SessionKind; explained: boolean }
  | { type: 'attendance_corrected'; on: IsoDate; sessionKind: SessionKind }
  | { type: 'disclosure'; on: IsoDate; disclosureType: DisclosureType }
  | { type: 'assessment_outcome'; on: IsoDate; outcome: SuitabilityOutcome };

export type EventType = EventFact['type'];

/** The kinds of event, as her worker's pages name them. */
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  enrolled: 'Waiting list',
  started: 'Started',
  missed_session: 'Missed a session',
  attendance_corrected: 'Attendance corrected',
  suspended: 'Suspended',
  resumed: 'Resumed',
  completed: 'Completed',
  dropped_out: 'Dropped out',
  excluded: 'Excluded',
  breached: 'Breach reported',
  disclosure: 'Disclosure',
  assessment_outcome: 'Assessment outcome',
};

const PROGRAMME_WORDS: Record<ProgrammeKind, string> = {
  group_dapp: 'the group programme',
  one_to_one: 'the one-to-one programme',
  early_response: 'the early response programme',
  high_harm: 'the high-harm programme',
  partner_support_group: 'the programme',
};

const SESSION_WORDS: Record<SessionKind, string> = {
  scheduled: 'the group session',
  one_to_one: 'the one-to-one session',
  catch_up: 'the catch-up session',
};

/** What he disclosed, in the words of seed 001's "he disclosed violence/abuse": the kind only. */
export const DISCLOSED_WORDS: Record<DisclosureType, string> = {
  physical: 'physical violence',
  sexual: 'sexual abuse',
  coercive_control: 'coercive control',
  threats: 'threats',
  child_related: 'abuse involving children',
  breach: 'breaching a court order',
  other: 'other abusive behaviour',
};

const STATUS_SENTENCES: Record<Extract<EventFact, { reasonCode: string }>['type'], string> = {
  suspended: 'Suspended from the programme',
  resumed: 'Resumed the programme',
  completed: 'Completed the programme',
  dropped_out: 'Dropped out of the programme',
  excluded: 'Excluded from the programme',
  breached: 'Breach of the order reported to probation',
};

/** The outcome of his suitability assessment, as her worker may tell her (codes only). */
const OUTCOME_SENTENCES: Record<SuitabilityOutcome, string> = {
  early_response: 'Assessed as suitable for the early response programme',
  group_dapp: 'Assessed as suitable for the group programme',
  one_to_one: 'Assessed as suitable for the one-to-one programme',
  high_harm: 'Assessed as needing high-harm case management',
  not_suitable: 'Assessed as not suitable for the programme',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "20 November 2026". */
export function spokenDate(on: IsoDate): string {
  const date = new Date(`${on}T12:00:00Z`);
  if (!ISO_DATE.test(on) || Number.isNaN(date.getTime())) {
    throw new Error('An event date must be an ISO date');
  }
  return longDate.format(date);
}

/** The sentence that may be told to her, e.g. "Disclosed physical violence on 20 November 2026". */
export function basicSummary(fact: EventFact): string {
  const on = spokenDate(fact.on);
  switch (fact.type) {
    case 'enrolled':
      return `Placed on the waiting list for ${PROGRAMME_WORDS[fact.programmeKind]} on ${on}`;
    case 'started':
      return `Started ${PROGRAMME_WORDS[fact.programmeKind]} on ${on}`;
    case 'missed_session':
      return `Missed ${SESSION_WORDS[fact.sessionKind]} on ${on} (${fact.explained ? 'absence explained' : 'no acceptable reason given'})`;
    case 'attendance_corrected':
      return `Attended ${SESSION_WORDS[fact.sessionKind]} on ${on}: an earlier record that it was missed was wrong`;
    case 'disclosure':
      return `Disclosed ${DISCLOSED_WORDS[fact.disclosureType]} on ${on}`;
    case 'assessment_outcome':
      return `${OUTCOME_SENTENCES[fact.outcome]} on ${on}`;
    default: {
      const reason = toldReason(fact.type === 'resumed' ? 'active' : fact.type, fact.reasonCode);
      return `${STATUS_SENTENCES[fact.type]} on ${on}${reason ? ` (reason: ${reason})` : ''}`;
    }
  }
}

export type ParticipantEventInput = {
  organisationId: string;
  participantId: string;
  perpetratorCaseId: string | null;
  enrolmentId: string | null;
  sessionId?: string | null;
  disclosureId?: string | null;
  /** The user who caused it. */
  createdBy: string | null;
  fact: EventFact;
};

/**
 * Records one event for the partner service, in the caller's transaction (so the change and its
 * event commit or fail together). Returns the event's id.
 */
export async function recordParticipantEvent(trx: Trx, input: ParticipantEventInput): Promise<string> {
  return insertParticipantEvent(trx, {
    organisation_id: input.organisationId,
    participant_id: input.participantId,
    perpetrator_case_id: input.perpetratorCaseId,
    enrolment_id: input.enrolmentId,
    type: input.fact.type,
    occurred_on: input.fact.on,
    session_id: input.sessionId ?? null,
    disclosure_id: input.disclosureId ?? null,
    basic_summary: basicSummary(input.fact),
    created_by: input.createdBy,
  });
}
