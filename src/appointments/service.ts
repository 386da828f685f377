import { authorize, authorizePartnerSide, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { findPartnerCase, type PartnerCaseRow } from '../partner-support/repository.js';
import { londonMidnight, londonParts, londonSlotLabel, londonTimeToInstant, todayInLondon } from '../dates/london.js';
import * as repo from './repository.js';
import {
  APPOINTMENT_STATUS_LABELS,
  APPOINTMENT_TYPE_LABELS,
  type TAppointmentChange,
  type TAppointmentInput,
} from './schemas.js';
import { bufferMinutes, lockParticipants, separationConflicts } from './separation.js';

type Origin = { ip: string | null };

/** What her worker sees of one appointment (fields listed; never a raw row). */
export type AppointmentView = {
  id: string;
  partnerCaseId: string;
  when: string;
  date: string;
  time: string;
  durationMinutes: number;
  venueId: string;
  venueName: string;
  type: string;
  typeLabel: string;
  withWhom: string | null;
  note: string | null;
  status: string;
  statusLabel: string;
  cancelledReason: string | null;
  bookedByName: string | null;
};

export type CaseSummary = { id: string; reference: string; partnerName: string; participantName: string };

function present(row: repo.AppointmentRow): AppointmentView {
  const { date, time } = londonParts(row.startsAt);
  return {
    id: row.id,
    partnerCaseId: row.partnerCaseId,
    when: londonSlotLabel(row.startsAt, row.durationMinutes),
    date,
    time,
    durationMinutes: row.durationMinutes,
    venueId: row.venueId,
    venueName: row.venueName,
    type: row.type,
    typeLabel: APPOINTMENT_TYPE_LABELS[row.type],
    withWhom: row.withWhom,
    note: row.note,
    status: row.status,
    statusLabel: APPOINTMENT_STATUS_LABELS[row.status],
    cancelledReason: row.cancelledReason,
    bookedByName: row.bookedByName,
  };
}

const summary = (row: PartnerCaseRow): CaseSummary => ({
  id: row.caseId,
  reference: row.reference,
  partnerName: `${row.givenName} ${row.familyName}`,
  participantName: `${row.participantGivenName} ${row.participantFamilyName}`,
});

/**
 * Her appointments with the partner service, booked only where and when she cannot meet him or
 * another partner of his (src/appointments/separation.ts). Partner side and management only:
 * everyone else is told "not found".
 */
export class AppointmentService {
  constructor(private readonly db: Db) {}

  private async loadCase(trx: Trx, actor: Actor, caseId: string): Promise<PartnerCaseRow> {
    const row = await findPartnerCase(trx, caseId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, 'partnerCase.viewAppointments', row);
    return row;
  }

  private async checkSlot(
    trx: Trx,
    actor: Actor,
    partnerCase: PartnerCaseRow,
    slot: { venueId: string; startsAt: Date; durationMinutes: number },
    excludeAppointmentId?: string,
  ): Promise<void> {
    const venue = await repo.findVenue(trx, slot.venueId);
    if (!venue || venue.organisationId !== actor.organisationId || !venue.active) {
      throw new InvalidInputError('Check the highlighted answers', { venueId: 'Select a venue from the list' });
    }
    await lockParticipants(trx, [partnerCase.participantId]);
    const reasons = await separationConflicts(trx, {
      ...slot,
      participantIds: [partnerCase.participantId],
      partnerCaseId: partnerCase.caseId,
      excludeAppointmentId,
    });
    if (reasons.length > 0) {
      const message = `This appointment cannot be booked. ${reasons.join('. ')}.`;
      throw new ConflictError(message, { date: reasons.join('. ') });
    }
  }

  async venues(actor: Actor): Promise<Array<{ id: string; name: string }>> {
    authorizePartnerSide(actor, 'partnerCase.viewAppointments');
    return withActor(this.db, actor, async (trx) => repo.listActiveVenues(trx, actor.organisationId));
  }

  async listForCase(
    actor: Actor,
    caseId: string,
    origin: Origin,
  ): Promise<{ partnerCase: CaseSummary; appointments: AppointmentView[]; bufferMinutes: number }> {
    authorizePartnerSide(actor, 'partnerCase.viewAppointments');
    return withActor(this.db, actor, async (trx) => {
      const row = await this.loadCase(trx, actor, caseId);
      const appointments = (await repo.listForCase(trx, caseId)).map(present);
      await recordActorEvent(trx, actor, origin, 'partner_case.appointments_viewed', { type: 'partner_case', id: caseId });
      return { partnerCase: summary(row), appointments, bufferMinutes: await bufferMinutes(trx, actor.organisationId) };
    });
  }

  async view(
    actor: Actor,
    appointmentId: string,
    origin: Origin,
  ): Promise<{ partnerCase: CaseSummary; appointment: AppointmentView }> {
    authorizePartnerSide(actor, 'partnerCase.viewAppointments');
    return withActor(this.db, actor, async (trx) => {
      const appointment = await repo.findAppointment(trx, appointmentId);
      if (!appointment) {
        throw new NotFoundError();
      }
      const row = await this.loadCase(trx, actor, appointment.partnerCaseId);
      await recordActorEvent(trx, actor, origin, 'partner_case.appointments_viewed', {
        type: 'partner_case',
        id: row.caseId,
      });
      return { partnerCase: summary(row), appointment: present(appointment) };
    });
  }

  /** Books her appointment; refused with a 409 and its reasons when it would bring her near him or another partner of his. */
  async book(actor: Actor, caseId: string, input: TAppointmentInput, origin: Origin): Promise<string> {
    authorizePartnerSide(actor, 'partnerCase.bookAppointment');
    return withActor(this.db, actor, async (trx) => {
      const row = await this.loadCase(trx, actor, caseId);
      authorizePartnerSide(actor, 'partnerCase.bookAppointment', row);
      const startsAt = londonTimeToInstant(input.date, input.time, { offset: input.offset });
      await this.checkSlot(trx, actor, row, { venueId: input.venueId, startsAt, durationMinutes: input.durationMinutes });
      const id = await repo.insertAppointment(trx, {
        organisationId: actor.organisationId,
        partnerCaseId: caseId,
        venueId: input.venueId,
        startsAt,
        durationMinutes: input.durationMinutes,
        type: input.type,
        withWhom: input.withWhom,
        note: input.note,
        bookedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.appointment_booked',
        { type: 'partner_case', id: caseId },
        { appointmentId: id, type: input.type },
      );
      return id;
    });
  }

  /** Reschedules (the rules are checked again) or records what happened; a cancellation keeps its reason. */
  async change(actor: Actor, appointmentId: string, input: TAppointmentChange, origin: Origin): Promise<string> {
    authorizePartnerSide(actor, 'partnerCase.bookAppointment');
    return withActor(this.db, actor, async (trx) => {
      const current = await repo.findAppointment(trx, appointmentId);
      if (!current) {
        throw new NotFoundError();
      }
      const row = await this.loadCase(trx, actor, current.partnerCaseId);
      authorizePartnerSide(actor, 'partnerCase.bookAppointment', row);
      const startsAt = londonTimeToInstant(input.date, input.time, { offset: input.offset });
      const moved =
        startsAt.getTime() !== current.startsAt.getTime() ||
        input.venueId !== current.venueId ||
        input.durationMinutes !== current.durationMinutes;
      if (moved || (input.status === 'booked' && current.status === 'cancelled')) {
        await this.checkSlot(
          trx,
          actor,
          row,
          { venueId: input.venueId, startsAt, durationMinutes: input.durationMinutes },
          appointmentId,
        );
      }
      await repo.updateAppointment(trx, appointmentId, {
        venueId: input.venueId,
        startsAt,
        durationMinutes: input.durationMinutes,
        status: input.status,
        cancelledReason: input.cancelledReason,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.appointment_changed',
        { type: 'partner_case', id: row.caseId },
        { appointmentId, status: input.status, rescheduled: moved },
      );
      return row.caseId;
    });
  }

  /** The appointments of her worker's cases (and those she booked), from today on. */
  async mine(actor: Actor, origin: Origin): Promise<Array<AppointmentView & { caseReference: string; partnerName: string }>> {
    authorizePartnerSide(actor, 'partnerCase.viewAppointments');
    return withActor(this.db, actor, async (trx) => {
      const today = londonMidnight(todayInLondon());
      const rows = await repo.listForWorker(trx, actor.userId, today);
      await recordActorEvent(trx, actor, origin, 'partner_case.appointments_viewed', { type: 'partner_case' });
      return rows.map((row) => ({ ...present(row), caseReference: row.caseReference, partnerName: row.partnerName }));
    });
  }

  async buffer(actor: Actor): Promise<number> {
    authorize(actor, 'appointmentBuffer.configure');
    return withActor(this.db, actor, (trx) => bufferMinutes(trx, actor.organisationId));
  }

  async setBuffer(actor: Actor, minutes: number, origin: Origin): Promise<void> {
    authorize(actor, 'appointmentBuffer.configure');
    await withActor(this.db, actor, async (trx) => {
      await repo.saveBuffer(trx, actor.organisationId, minutes);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'settings.appointment_buffer_changed',
        { type: 'organisation', id: actor.organisationId },
        { minutes },
      );
    });
  }
}
