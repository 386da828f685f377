import { authorize, can, type Actor } from '../../access/index.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import type { ParticipantEventType } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { findParticipantCase } from '../../participants/repository.js';
import { presentReview, type ReviewView } from '../attendance/reviews-service.js';
import { presentDisclosure, type DisclosureView } from './disclosures-presenters.js';
import { listParticipantEvents, type ParticipantEventRow } from './events-repository.js';
import { EVENT_TYPE_LABELS, type EventType } from './events.js';
import { presentEnrolment, presentProgress, type EnrolmentView, type ProgressView } from './presenters.js';
import { findEnrolment, listEnrolmentsOfParticipant, type EnrolmentRow } from './repository.js';
import { computeProgress, type Progress } from './progress.js';
import { readProgrammeOfParticipant } from './participant-programme-repository.js';
import { listAttendanceFactsOf, listModulesOf } from './progress-repository.js';

/** His progress on one enrolment, counted from the register (src/programme/journey/progress.ts). */
export async function loadProgress(trx: Trx, enrolment: EnrolmentRow): Promise<Progress> {
  const [progress] = await loadProgressOfEach(trx, [enrolment]);
  return progress as Progress;
}

/**
 * His progress on each enrolment given, in their order: two reads however many enrolments (the
 * programmes' modules, then his register entries on all of them), none when there are none.
 */
export async function loadProgressOfEach(trx: Trx, enrolments: readonly EnrolmentRow[]): Promise<Progress[]> {
  if (enrolments.length === 0) {
    return [];
  }
  const modules = await listModulesOf(trx, [...new Set(enrolments.map((e) => e.programmeId))]);
  const facts = await listAttendanceFactsOf(
    trx,
    enrolments.map((e) => e.id),
  );
  return enrolments.map((enrolment) =>
    computeProgress(
      {
        minSessions: enrolment.completionMinSessions,
        minMinutes: enrolment.completionMinMinutes,
        modules: modules.filter((m) => m.programmeId === enrolment.programmeId),
      },
      facts.filter((f) => f.enrolmentId === enrolment.id),
    ),
  );
}

/**
 * His attendance and status as the partner service may see them (seed 001: "Keep the woman
 * informed about her (ex-)partner's attendance"; "Inform her of any changes to ... client
 * status"): counts, hours, status and the basic sentences of his events. Built from nothing that
 * holds participation notes or the detail of a disclosure.
 */
export type AttendanceSummary = {
  participant: { id: string; name: string; reference: string };
  enrolments: Array<{
    programmeName: string;
    kindLabel: string;
    groupName: string | null;
    statusLabel: string;
    statusSince: string | null;
    startedOn: string | null;
    endedOn: string | null;
    sessionsAttended: number;
    sessionsMissed: number;
    hours: string;
    minSessions: number | null;
    minHours: string | null;
  }>;
  events: Array<{ type: ParticipantEventType; typeLabel: string; occurredOn: string; summary: string }>;
};

/** His latest events shown with his attendance. */
export const EVENTS_SHOWN = 15;

export async function attendanceSummary(
  trx: Trx,
  participant: { id: string; name: string; reference: string },
): Promise<AttendanceSummary> {
  const enrolments = await listEnrolmentsOfParticipant(trx, participant.id);
  const events = await listParticipantEvents(trx, participant.id, EVENTS_SHOWN);
  return attendanceSummaryOf(trx, participant, enrolments, events);
}

/** His attendance summary from his enrolments and latest events already read (his progress is read here). */
export async function attendanceSummaryOf(
  trx: Trx,
  participant: { id: string; name: string; reference: string },
  enrolments: readonly EnrolmentRow[],
  events: readonly ParticipantEventRow[],
): Promise<AttendanceSummary> {
  const progresses = await loadProgressOfEach(trx, enrolments);
  const lines: AttendanceSummary['enrolments'] = [];
  for (const [index, row] of enrolments.entries()) {
    const progress = progresses[index] as Progress;
    const view = presentEnrolment(row);
    lines.push({
      programmeName: view.programmeName,
      kindLabel: view.kindLabel,
      groupName: view.groupName,
      statusLabel: view.statusLabel,
      statusSince: view.statusSince,
      startedOn: view.startedOn,
      endedOn: view.endedOn,
      sessionsAttended: progress.sessionsAttended,
      sessionsMissed: progress.sessionsMissed,
      hours: progress.hours,
      minSessions: progress.rule.minSessions,
      minHours: progress.rule.minHours,
    });
  }
  return {
    participant,
    enrolments: lines,
    events: events.map((e) => ({
      type: e.type,
      typeLabel: EVENT_TYPE_LABELS[e.type as EventType] ?? e.type,
      occurredOn: e.occurredOn,
      summary: e.basicSummary,
    })),
  };
}

/** His side's programme panel: each enrolment with its progress and open reviews, and his disclosures. */
export type ProgrammeCasePanel =
  | {
      kind: 'full';
      participantId: string;
      enrolments: Array<{ enrolment: EnrolmentView; progress: ProgressView; openReviews: ReviewView[] }>;
      disclosures: DisclosureView[] | null;
      canRecordDisclosure: boolean;
      canChangeJourney: boolean;
    }
  | { kind: 'summary'; summary: AttendanceSummary };

/** Progress and the programme panel of his case page, for each side as it may see them. */
export class ProgressService {
  constructor(private readonly db: Db) {}

  async enrolmentProgress(actor: Actor, enrolmentId: string): Promise<{ enrolment: EnrolmentView; progress: ProgressView }> {
    return withActor(this.db, actor, async (trx) => {
      const row = await findEnrolment(trx, enrolmentId);
      if (!row || row.programmeSide !== 'perpetrator') {
        throw new NotFoundError();
      }
      authorize(actor, 'attendance.viewSummary', row);
      return { enrolment: presentEnrolment(row), progress: presentProgress(await loadProgress(trx, row)) };
    });
  }

  /** The panel for his case page, or null for a user who may see none of it. */
  async casePanel(actor: Actor, participantId: string): Promise<ProgrammeCasePanel | null> {
    if (!can(actor, 'attendance.viewSummary')) {
      return null;
    }
    return withActor(this.db, actor, async (trx) => {
      const row = await findParticipantCase(trx, participantId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'attendance.viewSummary', row);
      const participant = { id: row.participantId, name: `${row.givenName} ${row.familyName}`, reference: row.reference };
      if (!can(actor, 'attendance.viewParticipation', row)) {
        return { kind: 'summary', summary: await attendanceSummary(trx, participant) };
      }
      const withDisclosures = can(actor, 'disclosure.view', row);
      const read = await readProgrammeOfParticipant(trx, {
        organisationId: actor.organisationId,
        participantId,
        reviews: 200,
        withReviews: can(actor, 'attendance.manageReviews', row),
        withDisclosures,
      });
      const { reviews, enrolments: rows } = read;
      const progresses = await loadProgressOfEach(trx, rows);
      const enrolments = rows.map((enrolment, index) => ({
        enrolment: presentEnrolment(enrolment),
        progress: presentProgress(progresses[index] as Progress),
        openReviews: reviews.filter((r) => r.enrolmentId === enrolment.id).map(presentReview),
      }));
      return {
        kind: 'full',
        participantId,
        enrolments,
        disclosures: withDisclosures ? read.disclosures.map(presentDisclosure) : null,
        canRecordDisclosure: can(actor, 'disclosure.record', row),
        canChangeJourney: can(actor, 'journey.change', row),
      };
    });
  }

  /** His attendance and status, as the partner side may see them (the API's summary). */
  async summary(actor: Actor, participantId: string): Promise<AttendanceSummary> {
    return withActor(this.db, actor, async (trx) => {
      const row = await findParticipantCase(trx, participantId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'attendance.viewSummary', row);
      return attendanceSummary(trx, {
        id: row.participantId,
        name: `${row.givenName} ${row.familyName}`,
        reference: row.reference,
      });
    });
  }
}
