import { authorize, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import type { AttendanceOutcome } from '../../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldErrors } from '../../errors.js';
import { todayInLondon } from '../../dates/london.js';
import { presentRegisterEntry, presentRegisterSession, type RegisterView } from './presenters.js';
import * as repo from './repository.js';
import { openReview } from './reviews-repository.js';
import { absenceReviewDue } from './rules.js';
import type { TRegisterEntry, TRegisterInput } from './schemas.js';
import { latestAttendanceEvent } from '../journey/events-repository.js';
import { recordParticipantEvent } from '../journey/events.js';
import { applyTransition } from '../journey/apply.js';
import { findEnrolment } from '../journey/repository.js';
import { transitionFor } from '../journey/transitions.js';
import { isAttended, isMissed } from '../journey/progress.js';

type Origin = { ip: string | null };

export type RegisterSaved = { sessionId: string; changed: number; reviewsRaised: number; started: number };

/**
 * Who is expected on a register: anyone already recorded for it, and anyone attending or waiting to
 * start on the session's date (so a register marked late still lists a man who has since left).
 */
function expected(row: repo.RosterRow, sessionDate: string): boolean {
  if (row.recordId) {
    return true;
  }
  const status = row.statusOnDate ?? (row.status === null && row.readyOn <= sessionDate ? 'waiting' : null);
  return status === 'active' || status === 'waiting';
}

/**
 * The attendance register of a session: one form for every man on it, saved in one transaction.
 * Saving marks the session held, reports every missed session to the partner service (and a
 * correction if a reported absence turns out to be wrong), starts a waiting man who attends his
 * first session, and applies the absence rule. A register may be changed later; each change is audited.
 */
export class AttendanceService {
  constructor(private readonly db: Db) {}

  private async load(trx: Trx, actor: Actor, sessionId: string): Promise<repo.RegisterSessionRow> {
    const session = await repo.findRegisterSession(trx, sessionId);
    // The partner service's own groups have no register here: their members are not participants.
    if (!session || session.side !== 'perpetrator') {
      throw new NotFoundError();
    }
    authorize(actor, 'attendance.record', session);
    return session;
  }

  private async roster(trx: Trx, session: repo.RegisterSessionRow): Promise<repo.RosterRow[]> {
    const sessionDate = todayInLondon(session.startsAt);
    return (await repo.listRosterCandidates(trx, session, sessionDate)).filter((row) => expected(row, sessionDate));
  }

  async register(actor: Actor, sessionId: string): Promise<RegisterView> {
    return withActor(this.db, actor, async (trx) => {
      const session = await this.load(trx, actor, sessionId);
      const roster = await this.roster(trx, session);
      const notes = await repo.listParticipationNotes(trx, sessionId);
      return {
        session: presentRegisterSession(session),
        entries: roster.map((row) => presentRegisterEntry(row, notes)),
        recorded: roster.some((row) => row.recordId !== null),
        closedReason: closedReason(session),
      };
    });
  }

  async saveRegister(actor: Actor, sessionId: string, input: TRegisterInput, origin: Origin): Promise<RegisterSaved> {
    return withActor(this.db, actor, async (trx) => {
      const session = await this.load(trx, actor, sessionId);
      const closed = closedReason(session);
      if (closed) {
        throw new ConflictError(closed);
      }
      const roster = await this.roster(trx, session);
      checkEntries(roster, input.entries, session.durationMinutes);
      const sessionDate = todayInLondon(session.startsAt);
      const firstTime = !roster.some((row) => row.recordId !== null);
      const changes: string[] = [];
      let reviewsRaised = 0;
      let started = 0;
      for (const entry of input.entries) {
        const row = roster.find((r) => r.enrolmentId === entry.enrolmentId) as repo.RosterRow;
        let recordId = row.recordId;
        if (!recordId) {
          recordId = await repo.insertAttendanceRecord(trx, {
            organisationId: session.organisationId,
            sessionId,
            enrolmentId: row.enrolmentId,
            participantId: row.participantId,
            outcome: entry.outcome,
            minutesLate: entry.minutesLate,
            recordedBy: actor.userId,
          });
        } else if (row.outcome !== entry.outcome || row.minutesLate !== entry.minutesLate) {
          await repo.updateAttendanceRecord(trx, recordId, {
            outcome: entry.outcome,
            minutesLate: entry.minutesLate,
            recordedBy: actor.userId,
          });
          changes.push(`${row.enrolmentId}:${row.outcome ?? 'none'}>${entry.outcome}`);
        }
        if (entry.note) {
          await repo.insertParticipationNote(trx, {
            organisationId: session.organisationId,
            recordId,
            body: entry.note,
            authorId: actor.userId,
          });
        }
        await reportToPartnerService(trx, actor, session, row, entry.outcome, sessionDate);
        if ((row.status ?? 'waiting') === 'waiting' && isAttended(entry.outcome)) {
          started += await startOnFirstSession(trx, actor, origin, row.enrolmentId, sessionDate);
        }
        if (await applyAbsenceRule(trx, actor, origin, session, row.enrolmentId)) {
          reviewsRaised += 1;
        }
      }
      await repo.markSessionHeld(trx, sessionId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        firstTime ? 'attendance.register_recorded' : 'attendance.register_changed',
        { type: 'programme_session', id: sessionId },
        {
          entries: input.entries.length,
          outcomes: input.entries.map((e) => `${e.enrolmentId}:${e.outcome}`),
          changed: changes,
          notesAdded: input.entries.filter((e) => e.note).length,
          reviewsRaised,
          started,
        },
      );
      return { sessionId, changed: changes.length, reviewsRaised, started };
    });
  }
}

function closedReason(session: repo.RegisterSessionRow): string | null {
  if (session.status === 'cancelled') {
    return 'This session was cancelled. Reinstate it before recording attendance.';
  }
  if (session.startsAt.getTime() > Date.now()) {
    return 'This session has not started yet. Record attendance once it has started.';
  }
  return null;
}

/** Every man on the register has exactly one entry; minutes late are less than the session. */
function checkEntries(roster: readonly repo.RosterRow[], entries: readonly TRegisterEntry[], durationMinutes: number): void {
  const fields: FieldErrors = {};
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = `outcome-${entry.enrolmentId}`;
    if (seen.has(entry.enrolmentId)) {
      fields[key] ??= 'This participant is on the register more than once';
    } else if (!roster.some((r) => r.enrolmentId === entry.enrolmentId)) {
      fields[key] ??= 'This participant is not on this session’s register';
    } else if (entry.minutesLate !== null && entry.minutesLate >= durationMinutes) {
      fields[`minutesLate-${entry.enrolmentId}`] = `Minutes late must be less than the session’s ${durationMinutes} minutes`;
    }
    seen.add(entry.enrolmentId);
  }
  for (const row of roster) {
    if (!seen.has(row.enrolmentId)) {
      fields[`outcome-${row.enrolmentId}`] = `Select an outcome for ${row.givenName} ${row.familyName}`;
    }
  }
  if (Object.keys(fields).length > 0) {
    throw new InvalidInputError('Check the register', fields);
  }
}

/**
 * A missed session is reported once; if a reported absence is later corrected to attendance, the
 * correction is reported too (src/programme/journey/events.ts says why both kinds of absence count).
 */
async function reportToPartnerService(
  trx: Trx,
  actor: Actor,
  session: repo.RegisterSessionRow,
  row: repo.RosterRow,
  outcome: AttendanceOutcome,
  sessionDate: string,
): Promise<void> {
  const last = await latestAttendanceEvent(trx, row.enrolmentId, session.id);
  const common = {
    organisationId: session.organisationId,
    participantId: row.participantId,
    perpetratorCaseId: row.perpetratorCaseId,
    enrolmentId: row.enrolmentId,
    sessionId: session.id,
    createdBy: actor.userId,
  };
  if (isMissed(outcome) && last !== 'missed_session') {
    await recordParticipantEvent(trx, {
      ...common,
      fact: { type: 'missed_session', on: sessionDate, sessionKind: session.kind, explained: outcome === 'absent_acceptable' },
    });
  } else if (isAttended(outcome) && last === 'missed_session') {
    await recordParticipantEvent(trx, {
      ...common,
      fact: { type: 'attendance_corrected', on: sessionDate, sessionKind: session.kind },
    });
  }
}

/** A man waiting to start who attends a session has started the programme. */
async function startOnFirstSession(trx: Trx, actor: Actor, origin: Origin, enrolmentId: string, on: string): Promise<number> {
  const enrolment = await findEnrolment(trx, enrolmentId);
  const transition = transitionFor('waiting', 'active');
  if (!enrolment || enrolment.status !== 'waiting' || !transition) {
    return 0;
  }
  await applyTransition(
    trx,
    actor,
    origin,
    enrolment,
    transition,
    { reasonCode: 'first_session_attended', note: null, effectiveOn: on },
    true,
  );
  return 1;
}

/** The absence rule (src/programme/attendance/rules.ts): opens a review unless one is open. */
async function applyAbsenceRule(
  trx: Trx,
  actor: Actor,
  origin: Origin,
  session: repo.RegisterSessionRow,
  enrolmentId: string,
): Promise<boolean> {
  const after = session.absenceReviewAfter;
  if (!absenceReviewDue(await repo.latestOutcomes(trx, enrolmentId, after), after)) {
    return false;
  }
  const reviewId = await openReview(trx, {
    organisationId: session.organisationId,
    enrolmentId,
    reason: 'consecutive_absences',
    raisedBy: actor.userId,
  });
  if (!reviewId) {
    return false;
  }
  await recordActorEvent(
    trx,
    actor,
    origin,
    'attendance.review_raised',
    { type: 'enrolment_review', id: reviewId },
    {
      enrolmentId,
      reason: 'consecutive_absences',
      absences: after,
    },
  );
  return true;
}
