import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Actor, RequestOrigin } from '../access/index.js';
import { parseInput } from '../web/http.js';
import { routeCall, type ParamNames } from '../web/route.js';
import { errorResponse, jsonSchema } from './openapi.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422;
type JsonSchemaObject = Record<string, unknown>;

/** What a handler is given: who is asking, from where, and what they sent, typed from the endpoint's schemas. */
export type EndpointCall<Url extends string, Body, Query> = {
  actor: Actor;
  params: Record<ParamNames<Url>, string>;
  /**
   * The body, checked against the endpoint's schema when first read (a 400 naming each field), so
   * a handler can refuse the caller before it looks at what they sent.
   */
  readonly body: Body;
  /** The query string, checked against `query` when first read. */
  readonly query: Query;
  origin: RequestOrigin;
  request: FastifyRequest;
  reply: FastifyReply;
};

export type EndpointSpec<
  Url extends string,
  BodySchema extends z.ZodType | undefined,
  QuerySchema extends z.ZodType | undefined,
> = {
  method: Method;
  url: Url;
  /** The OpenAPI tag and summary. */
  tag: string;
  summary: string;
  /** The request body, validated with zod and documented from the same schema. */
  body?: BodySchema;
  /** The query string, validated with zod and documented from the same schema. */
  query?: QuerySchema;
  /** A query string the handler reads itself (e.g. a list's cursor), documented only. */
  querystring?: JsonSchemaObject;
  /** Path parameters are uuids unless named here. */
  paramSchemas?: Partial<Record<ParamNames<Url>, JsonSchemaObject>>;
  /** The status of a handled request (default 200; 201 for a created record, 204 for none). */
  status?: 200 | 201 | 202 | 204;
  /** The errors the endpoint documents (default 400, 401, 403, 404, 409). */
  errors?: readonly ErrorStatus[];
  /** Anything else the OpenAPI entry says (a response schema, `consumes`, a description). */
  schema?: FastifySchema & JsonSchemaObject;
  handler: (
    call: EndpointCall<
      Url,
      BodySchema extends z.ZodType ? z.output<BodySchema> : undefined,
      QuerySchema extends z.ZodType ? z.output<QuerySchema> : Record<string, unknown>
    >,
  ) => unknown;
};

const DEFAULT_ERRORS: readonly ErrorStatus[] = [400, 401, 403, 404, 409];
const UUID = { type: 'string', format: 'uuid' } as const;

/** Path parameter names in the order the URL gives them. */
function paramNamesOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] as string);
}

/**
 * One JSON API endpoint, declared once: the route, its OpenAPI entry and its validation come from
 * the same zod schemas; the handler receives the signed-in actor (a 401 before anything else is
 * looked at), the request's origin for the audit log, typed parameters, and the body and query
 * checked when first read. What the handler returns is sent with `status`; a handler that sends
 * the reply itself (a file, a redirect) returns the reply.
 */
export function endpoint<
  Url extends string,
  BodySchema extends z.ZodType | undefined = undefined,
  QuerySchema extends z.ZodType | undefined = undefined,
>(api: FastifyInstance, spec: EndpointSpec<Url, BodySchema, QuerySchema>): void {
  const names = paramNamesOf(spec.url);
  const overrides = (spec.paramSchemas ?? {}) as Record<string, JsonSchemaObject | undefined>;
  const schema: FastifySchema & JsonSchemaObject = {
    tags: [spec.tag],
    summary: spec.summary,
    response: Object.fromEntries((spec.errors ?? DEFAULT_ERRORS).map((status) => [status, errorResponse])),
    ...(names.length > 0 && {
      params: {
        type: 'object',
        properties: Object.fromEntries(names.map((name) => [name, overrides[name] ?? UUID])),
        required: names,
      },
    }),
    ...(spec.body && { body: jsonSchema(spec.body) }),
    ...(spec.query ? { querystring: jsonSchema(spec.query) } : spec.querystring && { querystring: spec.querystring }),
    ...spec.schema,
  };
  const status = spec.status ?? 200;
  api.route({
    method: spec.method,
    url: spec.url,
    schema,
    handler: async (request, reply) => {
      let body: { value: unknown } | undefined;
      let query: { value: unknown } | undefined;
      const call = {
        ...routeCall<Url>(request, reply),
        get body() {
          body ??= { value: spec.body ? parseInput(spec.body, request.body) : undefined };
          return body.value;
        },
        get query() {
          query ??= { value: spec.query ? parseInput(spec.query, request.query) : request.query };
          return query.value;
        },
      } as Parameters<EndpointSpec<Url, BodySchema, QuerySchema>['handler']>[0];
      const result = await spec.handler(call);
      if (result === reply || reply.sent) {
        return reply;
      }
      return status === 204 ? reply.status(204).send() : reply.status(status).send(result);
    },
  });
}

/** What a view of one record reads from its call: who is asking, from where, and which record (`:id`). */
export type ViewCall = { actor: Actor; params: { id: string }; origin: RequestOrigin };

/** A service method that acts on one record: (who, the record's id, what they sent, from where). */
type RecordMethod<Body> = (actor: Actor, id: string, body: Body, origin: RequestOrigin) => Promise<unknown>;
/** The names of a service's methods that act on one record. */
type RecordMethodName<Service> = {
  [Name in keyof Service]: Service[Name] extends RecordMethod<never> ? Name : never;
}[keyof Service];
/** The body a record method takes. */
type BodyOf<Method> = Method extends RecordMethod<infer Body> ? Body : never;
/** The call a handler built from a record method is given. */
type RecordCall<Service, Name extends keyof Service> = ViewCall & { readonly body: BodyOf<Service[Name]> };

/** Calls `service[method]` with the call's actor, record id (`:id`), body and origin. */
function callRecordMethod<Service, Name extends RecordMethodName<Service>>(
  service: Service,
  method: Name,
  call: RecordCall<Service, Name>,
): Promise<unknown> {
  const run = service[method] as RecordMethod<BodyOf<Service[Name]>>;
  return run.call(service, call.actor, call.params.id, call.body, call.origin);
}

/**
 * The handler of a change to one record: `service[method](actor, id, body, origin)` for the
 * record named by `:id`, then the answer is `view` of that record as it now stands, so the caller
 * need not ask for it again.
 */
export function changeThen<Service, Name extends RecordMethodName<Service>>(
  service: Service,
  method: Name,
  view: (call: ViewCall) => unknown,
): (call: RecordCall<Service, Name>) => Promise<unknown> {
  return async (call) => {
    await callRecordMethod(service, method, call);
    return view(call);
  };
}

/**
 * The handler that adds a record under the one named by `:id` (a session to a group, an
 * appointment to her case): `service[method](actor, id, body, origin)` returns the new record's
 * id, and the answer is `view` of the new record (send it with status 201).
 */
export function createThen<Service, Name extends RecordMethodName<Service>>(
  service: Service,
  method: Name,
  view: (call: ViewCall) => unknown,
): (call: RecordCall<Service, Name>) => Promise<unknown> {
  const add = createdId(service, method);
  return async (call) => view({ actor: call.actor, params: await add(call), origin: call.origin });
}

/**
 * The handler that adds a record under the one named by `:id` and answers with the new record's
 * id (send it with status 201): `service[method](actor, id, body, origin)`. `guard`, when given,
 * refuses the caller before the body is read (a 404 to the other side of the wall, not a 400).
 */
export function createdId<Service, Name extends RecordMethodName<Service>>(
  service: Service,
  method: Name,
  guard?: (actor: Actor) => void,
): (call: RecordCall<Service, Name>) => Promise<{ id: string }> {
  return async (call) => {
    guard?.(call.actor);
    return { id: (await callRecordMethod(service, method, call)) as string };
  };
}
