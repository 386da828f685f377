import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../access/index.js';
import { AppError, InvalidInputError } from '../../errors.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../../web/http.js';
import type { RegisterView } from './presenters.js';
import { OUTCOMES, OUTCOME_LABELS } from './rules.js';
import type { AttendanceReviewService } from './reviews-service.js';
import { ZRegisterInput, ZReviewResolution, formFieldErrors, registerFromForm } from './schemas.js';
import type { AttendanceService } from './service.js';
import { HOURS_RULE } from '../journey/progress.js';

type IdParams = { Params: { id: string } };
const REGISTER = 'programme/attendance/views/register.njk';
const REVIEWS = 'programme/attendance/views/reviews.njk';

/** Each man's line of the form: the saved answers, or what was just posted when it has errors. */
function registerContext(view: RegisterView, posted: Record<string, unknown> | null) {
  const text = (key: string) => (posted && typeof posted[key] === 'string' ? (posted[key] as string) : undefined);
  return {
    title: `Register: ${view.session.title}`,
    register: view,
    hoursRule: HOURS_RULE,
    lines: view.entries.map((entry) => {
      const outcome = posted ? text(`outcome-${entry.enrolmentId}`) : (entry.outcome ?? undefined);
      return {
        entry,
        outcome,
        minutesLate: posted ? (text(`minutesLate-${entry.enrolmentId}`) ?? '') : (entry.minutesLate?.toString() ?? ''),
        note: posted ? (text(`note-${entry.enrolmentId}`) ?? '') : '',
        outcomes: OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o], checked: outcome === o })),
      };
    }),
    backLink: view.session.groupId ? `/groups/${view.session.groupId}` : undefined,
  };
}

/** A line's error names its man, so the error summary of a long register says whose answer to fix. */
function namedErrors(error: AppError, view: RegisterView): AppError {
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([key, message]) => {
      const entry = view.entries.find((e) => key.endsWith(`-${e.enrolmentId}`));
      return [key, entry && !message.includes(entry.name) ? `${entry.name}: ${message}` : message];
    }),
  );
  return new AppError(error.code, error.status, error.message, fields);
}

export function attendanceRoutes(
  app: FastifyInstance,
  { attendance, attendanceReviews: reviews }: { attendance: AttendanceService; attendanceReviews: AttendanceReviewService },
): void {
  app.get<IdParams>('/programme/sessions/:id/register', async (request, reply) => {
    const actor = requireActor(request);
    const view = await attendance.register(actor, request.params.id);
    const saved = (request.query as Record<string, string | undefined>).saved;
    return reply.view(REGISTER, {
      ...registerContext(view, null),
      flash: saved ? 'The register has been saved' : undefined,
      canRecordDisclosure: can(actor, 'disclosure.record'),
    });
  });

  app.post<IdParams>('/programme/sessions/:id/register', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const { ids, input } = registerFromForm(form);
    try {
      let parsed;
      try {
        parsed = parseInput(ZRegisterInput, input);
      } catch (error) {
        throw error instanceof InvalidInputError
          ? new InvalidInputError(error.message, formFieldErrors(error.fields, ids))
          : error;
      }
      await attendance.saveRegister(actor, request.params.id, parsed, originOf(request));
      return reply.redirect(`/programme/sessions/${request.params.id}/register?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const view = await attendance.register(actor, request.params.id);
        return renderFormErrors(
          reply,
          REGISTER,
          { ...registerContext(view, form), canRecordDisclosure: can(actor, 'disclosure.record') },
          namedErrors(error, view),
        );
      }
      throw error;
    }
  });

  const reviewsPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const open = await reviews.openReviews(actor);
    const saved = (request.query as Record<string, string | undefined>).saved;
    return {
      title: 'Reviews of attendance',
      reviews: open,
      flash: saved ? 'The review has been resolved' : undefined,
      values: {},
      ...extra,
    };
  };

  app.get('/programme/reviews', async (request, reply) => reply.view(REVIEWS, await reviewsPage(request)));

  app.post<IdParams>('/programme/reviews/:id/resolve', async (request, reply) => {
    const actor = requireActor(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    // Found and allowed before anything is read from the form: an id that is not a review is not echoed back.
    await reviews.review(actor, request.params.id);
    try {
      await reviews.resolve(actor, request.params.id, parseInput(ZReviewResolution, values), originOf(request));
      return reply.redirect('/programme/reviews?saved=1', 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        // The field of this review's form: each review has its own resolution box.
        const fields = Object.keys(error.fields).length > 0 ? error.fields : { resolution: error.message };
        const keyed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${k}-${request.params.id}`, v]));
        const context = await reviewsPage(request, { values: { [`resolution-${request.params.id}`]: values.resolution } });
        return renderFormErrors(reply, REVIEWS, context, new AppError(error.code, error.status, error.message, keyed));
      }
      throw error;
    }
  });
}
