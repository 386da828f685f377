import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor, RequestOrigin } from '../access/index.js';
import { AppError, InvalidInputError, UnauthenticatedError, type FieldErrors } from '../errors.js';

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
  const unstorable = fieldsThatCannotBeStored(result.data);
  if (Object.keys(unstorable).length > 0) {
    throw new InvalidInputError('Check the highlighted answers', unstorable);
  }
  return result.data;
}

/** Half of a UTF-16 surrogate pair with no other half: not a character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text the database cannot store as sent, refused here once for every schema as a field error
 * rather than a 500: PostgreSQL text cannot hold the NUL character (U+0000), and half a surrogate
 * pair is not Unicode (the drivers would silently change it, and PGlite fails on some).
 */
function fieldsThatCannotBeStored(value: unknown, path: string[] = [], fields: FieldErrors = {}): FieldErrors {
  if (typeof value === 'string') {
    const key = path.length > 0 ? path.join('.') : '_';
    if (value.includes('\u0000')) {
      fields[key] ??= 'Remove the invisible null character from this answer';
    } else if (LONE_SURROGATE.test(value)) {
      fields[key] ??= 'Remove the broken character from this answer';
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => fieldsThatCannotBeStored(item, [...path, String(index)], fields));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      fieldsThatCannotBeStored(item, [...path, key], fields);
    }
  }
  return fields;
}

/** Renders a form page again with the input the user gave and the errors to fix. */
export function renderFormErrors(
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown>,
  error: AppError,
): FastifyReply {
  const errors = Object.keys(error.fields).length > 0 ? error.fields : { _: error.message };
  return reply.status(error.status).view(template, { ...context, errors, errorMessage: error.message });
}

/** An error a form shows beside its fields: bad input (400) or a rule the input breaks (409). */
export function isInvalidInput(error: unknown): error is AppError {
  return error instanceof InvalidInputError || (error instanceof AppError && error.code === 'conflict');
}

declare module 'fastify' {
  interface FastifyReply {
    locals: Record<string, unknown> | undefined;
  }
}
