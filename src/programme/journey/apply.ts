import type { Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import type { Trx } from '../../db/database.js';
import type { EnrolmentStatus, PerpetratorCaseStatus } from '../../db/schema.js';
import { recordParticipantEvent, type EventFact } from './events.js';
import { appendJourneyHistory, setEnrolmentDates, setPerpetratorCaseStatus, type EnrolmentRow } from './repository.js';
import { ENDED_STATUSES, type Transition } from './transitions.js';

/** His case's status for each journey status, where the case has one (a breach has none: his case stays as it was). */
const CASE_STATUS: Partial<Record<EnrolmentStatus, PerpetratorCaseStatus>> = {
  waiting: 'waiting',
  active: 'active',
  suspended: 'suspended',
  completed: 'completed',
  dropped_out: 'dropped_out',
  excluded: 'excluded',
};

export type AppliedChange = { reasonCode: string; note: string | null; effectiveOn: string };

/**
 * Makes one journey change that the caller has already checked: appends it to the history, keeps
 * the enrolment's dates and his case's status in step, records the event the partner service is
 * told of, and audits it, all in the caller's transaction. `automatic` marks a change made by the
 * register (a waiting man who attends a first session has started).
 */
export async function applyTransition(
  trx: Trx,
  actor: Actor,
  origin: { ip: string | null },
  enrolment: EnrolmentRow,
  transition: Transition,
  change: AppliedChange,
  automatic = false,
): Promise<void> {
  await appendJourneyHistory(trx, {
    organisationId: enrolment.organisationId,
    enrolmentId: enrolment.id,
    from: enrolment.status,
    to: transition.to,
    reasonCode: change.reasonCode,
    note: change.note,
    effectiveOn: change.effectiveOn,
    changedBy: actor.userId,
  });
  if (transition.event === 'started' && !enrolment.startedOn) {
    await setEnrolmentDates(trx, enrolment.id, { startedOn: change.effectiveOn });
  }
  if (ENDED_STATUSES.includes(transition.to)) {
    await setEnrolmentDates(trx, enrolment.id, { endedOn: change.effectiveOn });
  }
  const caseStatus = CASE_STATUS[transition.to];
  if (caseStatus) {
    await setPerpetratorCaseStatus(trx, enrolment.perpetratorCaseId, caseStatus);
  }
  const fact: EventFact =
    transition.event === 'started'
      ? { type: 'started', on: change.effectiveOn, programmeKind: enrolment.programmeKind }
      : { type: transition.event, on: change.effectiveOn, reasonCode: change.reasonCode };
  const eventId = await recordParticipantEvent(trx, {
    organisationId: enrolment.organisationId,
    participantId: enrolment.participantId,
    perpetratorCaseId: enrolment.perpetratorCaseId,
    enrolmentId: enrolment.id,
    createdBy: actor.userId,
    fact,
  });
  await recordActorEvent(
    trx,
    actor,
    origin,
    'journey.status_changed',
    { type: 'enrolment', id: enrolment.id },
    {
      participantId: enrolment.participantId,
      from: enrolment.status,
      to: transition.to,
      reasonCode: change.reasonCode,
      effectiveOn: change.effectiveOn,
      eventId,
      automatic,
    },
  );
}
