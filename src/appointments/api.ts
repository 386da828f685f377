import type { FastifyInstance } from 'fastify';
import { endpoint } from '../api/endpoint.js';
import { ZAppointmentChange, ZAppointmentInput, ZBufferSetting } from './schemas.js';
import type { AppointmentService } from './service.js';

/**
 * Her appointments under /api/v1 (registered by src/app/api.ts): 404 to everyone outside the
 * partner service and management; 409 with the reason when the separation rules refuse a booking.
 */
export function appointmentsApi(api: FastifyInstance, { appointments }: { appointments: AppointmentService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/appointments',
    tag: 'partner-appointments',
    summary: 'Her appointments, newest first',
    handler: ({ actor, params, origin }) => appointments.listForCase(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/appointments',
    tag: 'partner-appointments',
    summary:
      'Book her an appointment (date YYYY-MM-DD and time HH:MM, London time). 409 when it would be at a venue within the buffer of his session there, or overlap another partner of his at the same venue',
    body: ZAppointmentInput,
    status: 201,
    handler: async ({ actor, params, body, origin }) => {
      const id = await appointments.book(actor, params.id, body, origin);
      return (await appointments.view(actor, id, origin)).appointment;
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-appointments/:id',
    tag: 'partner-appointments',
    summary: 'One of her appointments',
    handler: async ({ actor, params, origin }) => (await appointments.view(actor, params.id, origin)).appointment,
  });
  endpoint(api, {
    method: 'PUT',
    url: '/partner-appointments/:id',
    tag: 'partner-appointments',
    summary:
      'Reschedule her appointment (the separation rules are checked again) or record that it was attended, missed or cancelled',
    body: ZAppointmentChange,
    handler: async ({ actor, params, body, origin }) => {
      await appointments.change(actor, params.id, body, origin);
      return (await appointments.view(actor, params.id, origin)).appointment;
    },
  });
  endpoint(api, {
    method: 'PUT',
    url: '/settings/appointment-buffer',
    tag: 'partner-appointments',
    summary: 'Set the minutes kept between her appointment and his sessions at the same venue (management)',
    body: ZBufferSetting,
    handler: async ({ actor, body, origin }) => {
      await appointments.setBuffer(actor, body.bufferMinutes, origin);
      return { bufferMinutes: await appointments.buffer(actor) };
    },
  });
}
