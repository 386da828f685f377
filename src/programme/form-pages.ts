import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../access/index.js';
import { form, page, type FormBody, type FormSpec, type RouteCall } from '../web/route.js';

/*
 * The programme's management forms on pages of their own (a programme, a venue, a group, a place
 * on a waiting list): only some may open them, and anyone else is answered as if the page did not
 * exist. Saving is refused by the services themselves.
 */

/** Answers as an unknown page would (404), from a page handler. */
export function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

type Context = Record<string, unknown>;

/**
 * A new record's form: GET `url` shows it (`context` with no form: the starting values) to those
 * `allowed` lets in and answers "not found" to anyone else before anything is read; POST `url`
 * saves it as `form()` does.
 */
export function restrictedFormPage<Url extends string>(
  app: FastifyInstance,
  allowed: (actor: Actor) => boolean,
  spec: Omit<FormSpec<Url>, 'context'> & { context: (call: RouteCall<Url>, form?: FormBody) => Promise<Context> | Context },
): void {
  page(app, spec.url, spec.view, (call) => (allowed(call.actor) ? spec.context(call) : notFound(call.reply)));
  form(app, spec);
}
