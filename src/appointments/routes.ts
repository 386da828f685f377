import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { selectItems } from '../web/pagination.js';
import { formPage, page, type FormBody } from '../web/route.js';
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

const CASE = 'appointments/views/case.njk';
const EDIT = 'appointments/views/edit.njk';
const MINE = 'appointments/views/mine.njk';
const BUFFER = 'appointments/views/buffer.njk';

const typed = (values: FormBody, key: string): string => (typeof values[key] === 'string' ? (values[key] as string) : '');

/** The form's fields, from what was typed (or the appointment being changed). */
async function formContext(appointments: AppointmentService, actor: Actor, values: FormBody) {
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

function valuesOf(appointment: AppointmentView): FormBody {
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
  formPage(app, {
    url: '/partner-cases/:id/appointments',
    view: CASE,
    context: async ({ actor, params, query, origin }, form) => {
      const { partnerCase, appointments: list, bufferMinutes } = await appointments.listForCase(actor, params.id, origin);
      return {
        title: `Appointments: ${partnerCase.partnerName}`,
        partnerCase,
        appointments: list,
        canBook: can(actor, 'partnerCase.bookAppointment'),
        canConfigureBuffer: can(actor, 'appointmentBuffer.configure'),
        bufferLabel: `${bufferMinutes} minutes`,
        form: await formContext(appointments, actor, form ?? {}),
        backLink: `/partner-cases/${partnerCase.id}`,
        flash: query.saved ? 'Saved' : undefined,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      await appointments.book(actor, params.id, parseInput(ZAppointmentInput, appointmentFromForm(form)), origin);
      return `/partner-cases/${params.id}/appointments?saved=1`;
    },
  });

  formPage(app, {
    url: '/partner-appointments/:id/edit',
    view: EDIT,
    context: async ({ actor, params, origin }, form) => {
      const { partnerCase, appointment } = await appointments.view(actor, params.id, origin);
      return {
        title: 'Change an appointment',
        partnerCase,
        appointment,
        form: await formContext(appointments, actor, form ?? valuesOf(appointment)),
        backLink: `/partner-cases/${partnerCase.id}/appointments`,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      const caseId = await appointments.change(
        actor,
        params.id,
        parseInput(ZAppointmentChange, appointmentFromForm(form)),
        origin,
      );
      return `/partner-cases/${caseId}/appointments?saved=1`;
    },
  });

  page(app, '/partner-appointments', MINE, async ({ actor, origin }) => ({
    title: 'My partners’ appointments',
    appointments: await appointments.mine(actor, origin),
  }));

  // A refused setting shows what was typed; the page as first shown, the saved setting and whether it was just saved.
  formPage(app, {
    url: '/settings/appointments',
    view: BUFFER,
    context: async ({ actor, query }, form) =>
      form
        ? { title: 'Keeping partners apart from the participant', values: form }
        : {
            title: 'Keeping partners apart from the participant',
            values: { bufferMinutes: await appointments.buffer(actor) },
            flash: query.saved ? 'Saved' : undefined,
          },
    save: async ({ actor, origin }, form) => {
      await appointments.setBuffer(actor, parseInput(ZBufferSetting, form).bufferMinutes, origin);
      return '/settings/appointments?saved=1';
    },
  });
}
