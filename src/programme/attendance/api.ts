import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/index.js';
import { endpoint } from '../../api/endpoint.js';
import type { AttendanceReviewService } from './reviews-service.js';
import { ZRegisterInput, ZReviewListQuery, ZReviewResolution } from './schemas.js';
import type { AttendanceService } from './service.js';

/** The register and the reviews of the absence rule, under /api/v1 (registered by src/app/api.ts). */
export function attendanceApi(
  api: FastifyInstance,
  { attendance, attendanceReviews: reviews }: { attendance: AttendanceService; attendanceReviews: AttendanceReviewService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/programme/sessions/:id/register',
    tag: 'attendance',
    summary: 'A session’s register: every man expected, his outcome and participation notes (perpetrator side and management)',
    handler: ({ actor, params }) => attendance.register(actor, params.id),
  });
  endpoint(api, {
    method: 'PUT',
    url: '/programme/sessions/:id/register',
    tag: 'attendance',
    summary:
      'Save a session’s whole register in one go (one entry per man; late needs minutesLate). Marks the session held. Field errors are keyed entries.<n>.<field>, or <field>-<enrolmentId> for rules about the register as a whole',
    body: ZRegisterInput,
    handler: async ({ actor, params, body, origin }) => {
      const saved = await attendance.saveRegister(actor, params.id, body, origin);
      return { ...saved, register: await attendance.register(actor, params.id) };
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/programme/reviews',
    tag: 'attendance',
    summary:
      'Open reviews raised by the absence rule, oldest first: every one, or scope=mine|team|all (the groups facilitated and cases held by the caller, or by the caller’s teams)',
    query: ZReviewListQuery,
    handler: (call) => {
      // Refused before the filter is read (call.query parses it when first read): whoever may not manage reviews learns nothing from a 400.
      authorize(call.actor, 'attendance.manageReviews');
      return reviews.openReviews(call.actor, call.query.scope);
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/programme/reviews/:id/resolve',
    tag: 'attendance',
    summary: 'Resolve a review with a note of what was decided',
    body: ZReviewResolution,
    handler: ({ actor, params, body, origin }) => reviews.resolve(actor, params.id, body, origin),
  });
}
