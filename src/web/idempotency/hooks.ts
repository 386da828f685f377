import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler, RouteOptions } from 'fastify';
import type { Trx } from '../../db/database.js';
import type { DatabaseContext } from '../../db/unit-of-work.js';
import type { Side } from '../../db/schema.js';
import { AppError, ConflictError, InvalidInputError } from '../../errors.js';
import { isApiRequest } from '../http.js';
import { claimKey, storeResponse, type KeyScope, type StoredResponse } from './store.js';

/** The API's header: a client that sends a POST again after a lost reply sends the same key. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** The pages' hidden field, a new value each time a form is shown (the `formToken()` template global). */
export const FORM_TOKEN_FIELD = '_formToken';
/** Set on a response sent again from a stored one. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** 1 to 255 visible ASCII characters: letters, digits and punctuation, no spaces. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** The headers kept with a response: what it is and where it points. Never its cookies. */
const KEPT_HEADERS = ['content-type', 'content-disposition', 'location'] as const;

type Source = 'header' | 'form';
type Claimed = { scope: KeyScope; source: Source; fingerprint: string; sides: Side[]; context: DatabaseContext };
const claimed = new WeakMap<FastifyRequest, Claimed>();

export type ReplayedRequest = {
  actor: { userId: string; organisationId: string };
  ip: string | null;
  /** "POST /partner-cases/…/notes": method and address, ids only. */
  requestTarget: string;
  source: 'header' | 'form';
};

export type IdempotencyOptions = {
  /**
   * Records a replay in the audit log, in the request's transaction: the kept answer may hold what
   * the record held then (her note, say), and handing it out again is a read like any other.
   */
  recordReplay: (trx: Trx, replayed: ReplayedRequest) => Promise<void>;
};

/**
 * Safe retries. A POST that carries an Idempotency-Key header (the API) or a form token (pages) runs
 * once per user, key, method and address: sent again with the same body, it gets the first response
 * back (status, body, Location) without running again; with another body, a 422; while the first is
 * still running, a 409. Without a key a POST runs as before, so existing clients keep working.
 *
 * The key is claimed in the request's own transaction (its unit of work) once every shared check has
 * passed (sign-in, CSRF), and the response is written in that same transaction just before it
 * commits, so the record a request creates and the response kept for its retries are saved together
 * or not at all. Only successful responses are kept (for pages, the redirect after the POST): a
 * request refused for its input saved nothing, and sent again it simply runs again.
 *
 * Register before the unit of work: this onSend must run before the unit's, which commits.
 */
export function registerIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const claimHook = ((request: FastifyRequest, reply: FastifyReply) =>
    claimOrReplay(request, reply, options)) as preHandlerHookHandler;
  // As a route-level preHandler each POST claims its key after every shared preHandler (CSRF first).
  app.addHook('onRoute', (route: RouteOptions) => {
    if (![route.method].flat().includes('POST')) {
      return;
    }
    const own = route.preHandler ? [route.preHandler].flat() : [];
    route.preHandler = [claimHook, ...own];
  });
  app.addHook('onSend', rememberResponse);
}

async function claimOrReplay(
  request: FastifyRequest,
  reply: FastifyReply,
  options: IdempotencyOptions,
): Promise<FastifyReply | undefined> {
  const actor = request.actor;
  const unit = request.unitOfWork;
  // A key is a signed-in user's: the sign-in and public forms run as before (a signed-out API call
  // gets its 401 from the route, whatever key it sent).
  if (!actor || !unit) {
    takeFormToken(request);
    return undefined;
  }
  const found = keyOf(request);
  if (!found) {
    return undefined;
  }
  const scope: KeyScope = {
    organisationId: actor.organisationId,
    userId: actor.userId,
    key: found.key,
    requestTarget: `${request.method} ${request.url}`,
  };
  const fingerprint = fingerprintOf(request.body);
  const context: DatabaseContext = {
    userId: actor.userId,
    organisationId: actor.organisationId,
    publicReferralOrganisationId: '',
  };
  const claim = await unit.run(context, (trx) => claimKey(trx, scope, fingerprint));
  switch (claim.outcome) {
    case 'busy':
      throw new ConflictError(
        found.source === 'header'
          ? 'A request with this key is still being processed. Wait for its answer, then try again.'
          : 'This form is still being saved. Wait a moment, then reload the page.',
      );
    case 'mismatch':
      throw new AppError(
        'conflict',
        422,
        found.source === 'header'
          ? 'This Idempotency-Key was already used for a request with a different body. Send a new request with a new key.'
          : 'This form was already sent with different answers. Go back, reload the page and try again.',
      );
    case 'replay':
      await unit.run(context, (trx) =>
        options.recordReplay(trx, { actor, ip: request.ip ?? null, requestTarget: scope.requestTarget, source: found.source }),
      );
      return replay(reply, claim.response);
    case 'claimed':
      claimed.set(request, { scope, source: found.source, fingerprint, sides: [...actor.sides].sort(), context });
      return undefined;
  }
}

/** The key the request carries, or null; a malformed key is a 400, not a request run without one. */
function keyOf(request: FastifyRequest): { key: string; source: Source } | null {
  const token = takeFormToken(request);
  const header = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (header !== undefined) {
    if (typeof header !== 'string' || !VALID_KEY.test(header)) {
      throw new InvalidInputError(
        'The Idempotency-Key header must be 1 to 255 visible ASCII characters (letters, digits and punctuation, no spaces), sent once',
      );
    }
    return { key: header, source: 'header' };
  }
  if (token === undefined) {
    return null;
  }
  if (typeof token !== 'string' || !VALID_KEY.test(token)) {
    throw new InvalidInputError('This form could not be read. Go back, reload the page and try again.');
  }
  return { key: token, source: 'form' };
}

/** A page form's token, taken out of the body: it is the form's, not an answer, and no handler sees it. */
function takeFormToken(request: FastifyRequest): unknown {
  const body = request.body;
  if (isApiRequest(request) || !isFields(body) || !(FORM_TOKEN_FIELD in body)) {
    return undefined;
  }
  const token = body[FORM_TOKEN_FIELD];
  delete body[FORM_TOKEN_FIELD];
  return token;
}

/** What makes two requests with one key the same request: the body, less the form's own tokens. */
function fingerprintOf(body: unknown): string {
  const meaningful = isFields(body) ? Object.fromEntries(Object.entries(body).filter(([name]) => name !== '_csrf')) : body;
  return createHash('sha256')
    .update(JSON.stringify(meaningful ?? null))
    .digest('hex');
}

function replay(reply: FastifyReply, response: StoredResponse): FastifyReply {
  reply.status(response.statusCode);
  for (const [name, value] of Object.entries(response.headers)) {
    reply.header(name, value);
  }
  reply.header(REPLAYED_HEADER, 'true');
  return response.body.length > 0 ? reply.send(Buffer.from(response.body)) : reply.send();
}

/** Keeps a claimed request's successful response, in its transaction, before the unit of work commits. */
async function rememberResponse(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const claim = claimed.get(request);
  const unit = request.unitOfWork;
  if (!claim || !unit) {
    return payload;
  }
  claimed.delete(request);
  const body = bodyBytes(payload);
  if (!worthKeeping(claim.source, reply.statusCode) || body === null) {
    return payload;
  }
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) {
      headers[name] = String(value);
    }
  }
  // An API response rendered after its unit has finished (none does today) would be kept in a
  // transaction of its own, just after the one that saved the record.
  await unit.run(claim.context, (trx) =>
    storeResponse(trx, claim.scope, claim.fingerprint, claim.sides, { statusCode: reply.statusCode, headers, body }),
  );
  return payload;
}

/**
 * A successful answer: for the API, any 2xx or 3xx; for a page, its redirect after the POST, which is
 * how every form that saves a record answers. A page rendered in answer to a form (a step of a longer
 * form, a new user's sign-in link) is not kept: it may hold what must not be stored, and a step sent
 * again with changed answers must run again.
 */
function worthKeeping(source: Source, statusCode: number): boolean {
  return source === 'header' ? statusCode >= 200 && statusCode < 400 : statusCode >= 300 && statusCode < 400;
}

/** The bytes of a response as Fastify sends it; null for a stream, which cannot be kept (a retry runs again). */
function bodyBytes(payload: unknown): Uint8Array | null {
  if (payload === undefined || payload === null) {
    return new Uint8Array(0);
  }
  if (typeof payload === 'string') {
    return Buffer.from(payload, 'utf8');
  }
  return payload instanceof Uint8Array ? payload : null;
}

function isFields(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body);
}
