import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RequestOrigin } from '../access/index.js';
import type { AppError } from '../errors.js';
import { formOf, handleForm } from './forms.js';
import { originOf, requireActor } from './http.js';

/*
 * A page route declared once. Signed-in pages and forms are registered through `page`, `form` or
 * `formPage` (and every JSON endpoint through `endpoint()` in src/api, which builds its call the
 * same way; the few posts whose answer is neither a page nor a redirect after a save, such as a
 * register that may warn of a breach, build it by hand with `routeCall`): the handler is given the signed-in actor (an anonymous
 * visitor is sent to sign in before anything is read), the request's origin for the audit log and
 * the typed path parameters, and a refused form (bad input, 400, or a broken rule, 409) is shown
 * again with the errors beside the fields and everything that was typed. The confidentiality
 * checks stay in the services the handlers call.
 */

/** The names of a URL's path parameters: '/partner-cases/:id/duties/:eventId' gives 'id' | 'eventId'. */
export type ParamNames<Url extends string> = Url extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Url extends `${string}:${infer Name}`
    ? Name
    : never;

/** What a page or form handler is given. */
export type RouteCall<Url extends string> = {
  actor: Actor;
  params: Record<ParamNames<Url>, string>;
  /** The query string as sent (a repeated key keeps its first value's type as Fastify parsed it). */
  query: Record<string, string | undefined>;
  origin: RequestOrigin;
  request: FastifyRequest;
  reply: FastifyReply;
};

/** A posted form's fields as sent. */
export type FormBody = Record<string, unknown>;

type Context = Record<string, unknown>;
type Awaitable<T> = T | Promise<T>;

/** The call for a signed-in request: a 401 (sign in) before anything else is looked at. */
export function routeCall<Url extends string>(request: FastifyRequest, reply: FastifyReply): RouteCall<Url> {
  return {
    actor: requireActor(request),
    params: request.params as Record<ParamNames<Url>, string>,
    query: (request.query ?? {}) as Record<string, string | undefined>,
    origin: originOf(request),
    request,
    reply,
  };
}

/**
 * A signed-in page: GET `url` renders `view` with the context the handler returns. A handler that
 * sends something else (a file, a redirect) returns the reply.
 */
export function page<Url extends string>(
  app: FastifyInstance,
  url: Url,
  view: string,
  context: (call: RouteCall<Url>) => Awaitable<Context | FastifyReply>,
): void {
  app.get(url, async (request, reply) => {
    const result = await context(routeCall<Url>(request, reply));
    return (result as unknown) === reply || reply.sent ? reply : reply.view(view, result as Context);
  });
}

export type FormSpec<Url extends string> = {
  url: Url;
  /** The page the form is on, shown again when the form is refused. */
  view: string;
  /** The page's context, shown again with the fields as they were sent. */
  context: (call: RouteCall<Url>, form: FormBody) => Awaitable<Context>;
  /** Does what the form asks and says where to go next (a 303), or sends the reply itself. */
  save: (call: RouteCall<Url>, form: FormBody) => Promise<string | FastifyReply>;
  /** Where the page holds two forms with a field of the same name: an error's field renamed to its id. */
  fieldIds?: Record<string, string>;
};

/**
 * A signed-in form: POST `url` saves and redirects (303, so a refresh does not post again); bad
 * input or a broken rule renders `view` again with the errors beside the fields, nothing saved.
 */
export function form<Url extends string>(app: FastifyInstance, spec: FormSpec<Url>): void {
  app.post(spec.url, async (request, reply) => {
    const call = routeCall<Url>(request, reply);
    const body = formOf(request.body);
    return handleForm(
      reply,
      async () => {
        const next = await spec.save(call, body);
        return typeof next === 'string' ? reply.redirect(next, 303) : next;
      },
      async (_error: AppError) => ({ template: spec.view, context: await spec.context(call, body) }),
      spec.fieldIds,
    );
  });
}

/**
 * A form on a page of its own: GET `url` shows it (`context` with no form: the record's current
 * values or an empty form), POST `url` saves it as `form` does.
 */
export function formPage<Url extends string>(
  app: FastifyInstance,
  spec: Omit<FormSpec<Url>, 'context'> & { context: (call: RouteCall<Url>, form?: FormBody) => Awaitable<Context> },
): void {
  page(app, spec.url, spec.view, (call) => spec.context(call));
  form(app, spec);
}
