import { createRequire } from 'node:module';
import type { FastifyRequest } from 'fastify';
import type PinoPretty from 'pino-pretty';
import type { Config } from '../config.js';

const require = createRequire(import.meta.url);

/*
 * Logs carry ids, never personal data: no names, contact details, notes, query strings (a search
 * may hold a name), cookies or request bodies. Error details from the database (which can quote a
 * value) are dropped: only type, code, message and stack are kept.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.given_name',
  '*.family_name',
  '*.known_as',
  '*.phone',
  '*.address_line_1',
  '*.address_line_2',
  '*.town',
  '*.postcode',
  '*.safe_phone',
  '*.safe_times',
  '*.code_word',
  '*.school',
  '*.notes',
  '*.note',
  '*.detail',
  '*.body',
];

/** The path without its query string, and without the secret of a one-time sign-in link or calendar feed. */
export function loggableUrl(url: string): string {
  return (url.split('?')[0] ?? '')
    .replace(/^\/account\/activate\/[^/]+/, '/account/activate/[redacted]')
    .replace(/^\/feeds\/calendar\/[^/]+/, '/feeds/calendar/[redacted]');
}

/**
 * In development, one readable line per entry (so the first-run message and its sign-in link stand
 * out above them), written synchronously after redaction. Loaded only then: production and tests
 * log JSON lines.
 */
function developmentStream(): { write: (line: string) => void } {
  const pretty = require('pino-pretty') as typeof PinoPretty;
  return pretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
  });
}

export function loggerOptions(config: Config, stream?: { write: (line: string) => void }): object | false {
  if (config.logLevel === 'silent') {
    return false;
  }
  const destination = stream ?? (config.env === 'development' ? developmentStream() : undefined);
  return {
    level: config.logLevel,
    ...(destination && { stream: destination }),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: loggableUrl(request.url),
        id: request.id,
      }),
      err: (error: Error & { code?: string; statusCode?: number }) => ({
        type: error.name,
        code: error.code,
        statusCode: error.statusCode,
        message: error.message,
        stack: error.stack,
      }),
    },
  };
}
