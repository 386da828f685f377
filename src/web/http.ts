import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../access/index.js';
import { InvalidInputError, UnauthenticatedError, type FieldErrors } from '../errors.js';
import type { RequestOrigin } from '../identity/service.js';

export const SESSION_COOKIE = 'parallel_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
}

/** The signed-in user, or a 401 (the error handler sends pages to the sign-in page). */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new UnauthenticatedError();
  }
  return request.actor;
}

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Field-level messages from a zod error, keyed by the form field's name (first message per field). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parses input with a schema, or throws a 400 with a message for each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    throw new InvalidInputError('Check the highlighted answers', fieldErrors(result.error));
  }
  return result.data;
}

/** Renders a form page again with the input the user gave and the errors to fix. */
export function renderFormErrors(
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown>,
  error: InvalidInputError,
): FastifyReply {
  return reply.status(400).view(template, { ...context, errors: error.fields, errorMessage: error.message });
}

export function isInvalidInput(error: unknown): error is InvalidInputError {
  return error instanceof InvalidInputError;
}

declare module 'fastify' {
  interface FastifyReply {
    locals: Record<string, unknown> | undefined;
  }
}
