import type { FastifyInstance } from 'fastify';
import { can } from '../../access/index.js';
import { AppError, InvalidInputError } from '../../errors.js';
import { formOf } from '../../web/forms.js';
import { isInvalidInput, parseInput, renderFormErrors } from '../../web/http.js';
import { form, page, routeCall, type FormBody, type RouteCall } from '../../web/route.js';
import { asksToMarkAll, markUnansweredAttended, markedAllMessage } from './mark-all.js';
import type { RegisterView } from './presenters.js';
import { OUTCOMES, OUTCOME_LABELS } from './rules.js';
import type { AttendanceReviewService } from './reviews-service.js';
import { ZRegisterInput, ZReviewListQuery, ZReviewResolution, formFieldErrors, registerFromForm } from './schemas.js';
import { pageFilters } from '../../web/list-filter.js';
import { selectItems } from '../../web/pagination.js';
import { WORK_SCOPES, WORK_SCOPE_LABELS } from '../../access/work-scope.js';

const SCOPE_OPTIONS = WORK_SCOPES.map((value) => ({ value, text: WORK_SCOPE_LABELS[value] }));
import type { AttendanceService } from './service.js';
import { HOURS_RULE } from '../journey/progress.js';

const REGISTER_URL = '/programme/sessions/:id/register';
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

/** The posted register, a line's errors named by its field on the form (`outcome-<enrolment id>`). */
function parsedRegister(posted: FormBody) {
  const { ids, input } = registerFromForm(posted);
  try {
    return parseInput(ZRegisterInput, input);
  } catch (error) {
    throw error instanceof InvalidInputError ? new InvalidInputError(error.message, formFieldErrors(error.fields, ids)) : error;
  }
}

/** Each review on the page has its own resolution box: a refusal's errors are shown against this review's. */
async function forReview<T>(reviewId: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!isInvalidInput(error)) {
      throw error;
    }
    const fields = Object.keys(error.fields).length > 0 ? error.fields : { resolution: error.message };
    const keyed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${k}-${reviewId}`, v]));
    throw error instanceof InvalidInputError
      ? new InvalidInputError(error.message, keyed)
      : new AppError(error.code, error.status, error.message, keyed);
  }
}

export function attendanceRoutes(
  app: FastifyInstance,
  { attendance, attendanceReviews: reviews }: { attendance: AttendanceService; attendanceReviews: AttendanceReviewService },
): void {
  /** The register as saved, or with what was posted when it was refused. */
  const registerPage = async ({ actor, params }: RouteCall<typeof REGISTER_URL>, posted: FormBody | null) => {
    const view = await attendance.register(actor, params.id);
    return { view, context: { ...registerContext(view, posted), canRecordDisclosure: can(actor, 'disclosure.record') } };
  };

  /** "Mark all attended": the form again, every line not yet answered set to attended; nothing saved. */
  const markedAllPage = async ({ actor, params }: RouteCall<typeof REGISTER_URL>, posted: FormBody) => {
    const view = await attendance.register(actor, params.id);
    const { form: marked, marked: count } = markUnansweredAttended(view, posted);
    return {
      ...registerContext(view, marked),
      canRecordDisclosure: can(actor, 'disclosure.record'),
      markedAll: markedAllMessage(count),
    };
  };

  page(app, REGISTER_URL, REGISTER, async (call) => ({
    ...(await registerPage(call, null)).context,
    flash: call.query.saved ? 'The register has been saved' : undefined,
  }));

  // Not form(): a refused register's errors name the men, read with the register shown again, and
  // "Mark all attended" shows the register again, marked but not saved.
  app.post(REGISTER_URL, async (request, reply) => {
    const call = routeCall<typeof REGISTER_URL>(request, reply);
    const posted = formOf(request.body);
    if (asksToMarkAll(posted)) {
      return reply.view(REGISTER, await markedAllPage(call, posted));
    }
    try {
      await attendance.saveRegister(call.actor, call.params.id, parsedRegister(posted), call.origin);
      return reply.redirect(`/programme/sessions/${call.params.id}/register?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const { view, context } = await registerPage(call, posted);
        return renderFormErrors(reply, REGISTER, context, namedErrors(error, view));
      }
      throw error;
    }
  });

  // Filtered by whose cases (scope=mine|team|all, every open review without it), as the dashboard's count links to it.
  const reviewsPage = async (
    { actor, query }: Pick<RouteCall<'/programme/reviews'>, 'actor' | 'query'>,
    values: FormBody = {},
  ) => {
    const { filters, errors } = pageFilters(ZReviewListQuery, query);
    const scope = filters?.scope;
    return {
      title: 'Reviews of attendance',
      reviews: errors ? [] : await reviews.openReviews(actor, scope),
      scopeItems: selectItems(SCOPE_OPTIONS, errors ? query.scope : scope, 'All'),
      filterErrors: errors,
      filtered: scope !== undefined,
      flash: query.saved ? 'The review has been resolved' : undefined,
      values,
    };
  };

  page(app, '/programme/reviews', REVIEWS, async (call) => {
    const context = await reviewsPage(call);
    if (context.filterErrors) {
      call.reply.status(400);
      return { ...context, errors: context.filterErrors };
    }
    return context;
  });

  form(app, {
    url: '/programme/reviews/:id/resolve',
    view: REVIEWS,
    context: (call, body) => reviewsPage(call, { [`resolution-${call.params.id}`]: body.resolution }),
    save: async ({ actor, params, origin }, body) => {
      // Found and allowed before anything is read from the form: an id that is not a review is not echoed back.
      await reviews.review(actor, params.id);
      await forReview(params.id, () => reviews.resolve(actor, params.id, parseInput(ZReviewResolution, body), origin));
      return '/programme/reviews?saved=1';
    },
  });
}
