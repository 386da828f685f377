import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { selectItems } from '../web/pagination.js';
import {
  APPOINTMENT_STATUSES,
  APPOINTMENT_STATUS_LABELS,
  APPOINTMENT_TYPES,
  APPOINTMENT_TYPE_LABELS,
  ZAppointmentChange,
  ZAppointmentInput,
  ZBufferSetting,
  appointmentFromForm,
} from './schemas.js';
import type { AppointmentService, AppointmentView } from './service.js';
import type { Actor } from '../access/index.js';

type IdParams = { Params: { id: string } };
const CASE = 'appointments/views/case.njk';
const EDIT = 'appointments/views/edit.njk';
const MINE = 'appointments/views/mine.njk';
const BUFFER = 'appointments/views/buffer.njk';

const typed = (values: Record<string, unknown>, key: string): string =>
  typeof values[key] === 'string' ? (values[key] as string) : '';

/** The form's fields, from what was typed (or the appointment being changed). */
async function formContext(appointments: AppointmentService, actor: Actor, values: Record<string, unknown>) {
  const venues = await appointments.venues(actor);
  return {
    date: { day: typed(values, 'date-day'), month: typed(values, 'date-month'), year: typed(values, 'date-year') },
    time: typed(values, 'time'),
    offset: typed(values, 'offset'),
    durationMinutes: typed(values, 'durationMinutes') || '60',
    venueItems: selectItems(
      venues.map((v) => ({ value: v.id, text: v.name })),
      typed(values, 'venueId') || null,
      'Select a venue',
    ),
    typeItems: APPOINTMENT_TYPES.map((t) => ({ value: t, text: APPOINTMENT_TYPE_LABELS[t], checked: values.type === t })),
    statusItems: APPOINTMENT_STATUSES.map((s) => ({
      value: s,
      text: APPOINTMENT_STATUS_LABELS[s],
      checked: values.status === s,
    })),
    withWhom: typed(values, 'withWhom'),
    note: typed(values, 'note'),
    cancelledReason: typed(values, 'cancelledReason'),
  };
}

function valuesOf(appointment: AppointmentView): Record<string, unknown> {
  const parts = dateParts(appointment.date);
  return {
    'date-day': parts.day,
    'date-month': parts.month,
    'date-year': parts.year,
    time: appointment.time,
    durationMinutes: String(appointment.durationMinutes),
    venueId: appointment.venueId,
    status: appointment.status,
    cancelledReason: appointment.cancelledReason ?? '',
  };
}

/** Her appointments (partner side): on her case, her worker's list, and management's buffer setting. */
export function appointmentRoutes(app: FastifyInstance, { appointments }: { appointments: AppointmentService }): void {
  const casePage = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => {
    const actor = requireActor(request);
    const {
      partnerCase,
      appointments: list,
      bufferMinutes,
    } = await appointments.listForCase(actor, request.params.id, originOf(request));
    return {
      title: `Appointments: ${partnerCase.partnerName}`,
      partnerCase,
      appointments: list,
      canBook: can(actor, 'partnerCase.bookAppointment'),
      canConfigureBuffer: can(actor, 'appointmentBuffer.configure'),
      bufferLabel: `${bufferMinutes} minutes`,
      form: await formContext(appointments, actor, values),
      backLink: `/partner-cases/${partnerCase.id}`,
      flash: (request.query as Record<string, string | undefined>).saved ? 'Saved' : undefined,
    };
  };

  app.get<IdParams>('/partner-cases/:id/appointments', async (request, reply) => reply.view(CASE, await casePage(request, {})));

  app.post<IdParams>('/partner-cases/:id/appointments', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await appointments.book(
        actor,
        request.params.id,
        parseInput(ZAppointmentInput, appointmentFromForm(body)),
        originOf(request),
      );
      return reply.redirect(`/partner-cases/${request.params.id}/appointments?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, CASE, await casePage(request, body), error);
      }
      throw error;
    }
  });

  const editPage = async (request: FastifyRequest<IdParams>, values: Record<string, unknown> | null) => {
    const actor = requireActor(request);
    const { partnerCase, appointment } = await appointments.view(actor, request.params.id, originOf(request));
    return {
      title: 'Change an appointment',
      partnerCase,
      appointment,
      form: await formContext(appointments, actor, values ?? valuesOf(appointment)),
      backLink: `/partner-cases/${partnerCase.id}/appointments`,
    };
  };

  app.get<IdParams>('/partner-appointments/:id/edit', async (request, reply) => reply.view(EDIT, await editPage(request, null)));

  app.post<IdParams>('/partner-appointments/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const caseId = await appointments.change(
        actor,
        request.params.id,
        parseInput(ZAppointmentChange, appointmentFromForm(body)),
        originOf(request),
      );
      return reply.redirect(`/partner-cases/${caseId}/appointments?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, EDIT, await editPage(request, body), error);
      }
      throw error;
    }
  });

  app.get('/partner-appointments', async (request, reply) => {
    const actor = requireActor(request);
    return reply.view(MINE, {
      title: 'My partners’ appointments',
      appointments: await appointments.mine(actor, originOf(request)),
    });
  });

  app.get('/settings/appointments', async (request, reply) => {
    const actor = requireActor(request);
    const bufferMinutes = await appointments.buffer(actor);
    const saved = (request.query as Record<string, string | undefined>).saved;
    return reply.view(BUFFER, {
      title: 'Keeping partners apart from him',
      values: { bufferMinutes },
      flash: saved ? 'Saved' : undefined,
    });
  });

  app.post('/settings/appointments', async (request, reply) => {
    const actor = requireActor(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    try {
      await appointments.setBuffer(actor, parseInput(ZBufferSetting, values).bufferMinutes, originOf(request));
      return reply.redirect('/settings/appointments?saved=1', 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, BUFFER, { title: 'Keeping partners apart from him', values }, error);
      }
      throw error;
    }
  });
}
