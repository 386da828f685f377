import querystring from 'node:querystring';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidInputError } from '../errors.js';

export const NOT_UTF8_MESSAGE =
  'The request body is not valid UTF-8 text. Send it encoded as UTF-8 (a web page form does this itself when the page is reloaded).';

/** Refuses bytes that are not UTF-8 instead of turning them into replacement characters. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** A run of percent-escaped bytes in a form body ("%C3%A9" is é in UTF-8; "%E9" alone is Latin-1). */
const ESCAPED_BYTES = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * The parsers of form (application/x-www-form-urlencoded) and JSON bodies. A body that is not valid
 * UTF-8 (a Latin-1 "Ren\xe9e") is a 400 with a message before any handler runs, so nothing is ever
 * stored with replacement characters where the letters were. In a form body this holds for the
 * bytes sent as they are and for those sent percent-escaped, as browsers send every non-ASCII letter.
 *
 * Forms are parsed as @fastify/formbody did (repeated names become arrays, '+' is a space), into a
 * plain object; JSON by Fastify's own parser, with its guard against prototype poisoning.
 */
export function registerStrictBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (_request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
      try {
        done(null, parseForm(body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    let text: string;
    try {
      text = decodeUtf8(body);
    } catch (error) {
      done(error as Error);
      return;
    }
    parseJson(request, text, done);
  });
}

/** The fields of a form body, each name once (several values: an array), after the UTF-8 check. */
export function parseForm(body: Buffer): Record<string, string | string[]> {
  const text = decodeUtf8(body);
  for (const escaped of text.match(ESCAPED_BYTES) ?? []) {
    try {
      decodeURIComponent(escaped);
    } catch {
      throw new InvalidInputError(NOT_UTF8_MESSAGE);
    }
  }
  // Spread into an ordinary object: a field named "__proto__" stays a field like any other.
  return { ...querystring.parse(text, '&', '=', { maxKeys: 0 }) } as Record<string, string | string[]>;
}

export function decodeUtf8(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    throw new InvalidInputError(NOT_UTF8_MESSAGE);
  }
}
