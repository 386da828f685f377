import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { ZAppointmentChange, ZAppointmentInput, ZBufferSetting } from './schemas.js';
import type { AppointmentService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-appointments'], summary, response: errors, ...extra }) as FastifySchema;

/**
 * Her appointments under /api/v1 (registered by src/app/api.ts): 404 to everyone outside the
 * partner service and management; 409 with the reason when the separation rules refuse a booking.
 */
export function appointmentsApi(api: FastifyInstance, appointments: AppointmentService): void {
  api.get(
    '/partner-cases/:id/appointments',
    { schema: doc('Her appointments, newest first', { params: idParams }) },
    async (request: IdRequest) => appointments.listForCase(requireActor(request), request.params.id, originOf(request)),
  );
  api.post(
    '/partner-cases/:id/appointments',
    {
      schema: doc(
        'Book her an appointment (date YYYY-MM-DD and time HH:MM, London time). 409 when it would be at a venue within the buffer of his session there, or overlap another partner of his at the same venue',
        { params: idParams, body: jsonSchema(ZAppointmentInput) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const id = await appointments.book(
        actor,
        request.params.id,
        parseInput(ZAppointmentInput, request.body),
        originOf(request),
      );
      return reply.status(201).send((await appointments.view(actor, id, originOf(request))).appointment);
    },
  );
  api.get(
    '/partner-appointments/:id',
    { schema: doc('One of her appointments', { params: idParams }) },
    async (request: IdRequest) =>
      (await appointments.view(requireActor(request), request.params.id, originOf(request))).appointment,
  );
  api.put(
    '/partner-appointments/:id',
    {
      schema: doc(
        'Reschedule her appointment (the separation rules are checked again) or record that it was attended, missed or cancelled',
        {
          params: idParams,
          body: jsonSchema(ZAppointmentChange),
        },
      ),
    },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await appointments.change(actor, request.params.id, parseInput(ZAppointmentChange, request.body), originOf(request));
      return (await appointments.view(actor, request.params.id, originOf(request))).appointment;
    },
  );
  api.put(
    '/settings/appointment-buffer',
    {
      schema: doc('Set the minutes kept between her appointment and his sessions at the same venue (management)', {
        body: jsonSchema(ZBufferSetting),
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      await appointments.setBuffer(actor, parseInput(ZBufferSetting, request.body).bufferMinutes, originOf(request));
      return { bufferMinutes: await appointments.buffer(actor) };
    },
  );
}
