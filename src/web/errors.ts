import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, InvalidInputError } from '../errors.js';
import { isApiRequest } from './http.js';

const HEADINGS: Record<number, string> = {
  400: 'There is a problem with what was sent',
  403: 'You do not have access to this page',
  404: 'Page not found',
  409: 'This could not be saved',
  413: 'What was sent is too large',
  415: 'What was sent is in a form that cannot be read',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
};

/** One place turns every error into an accessible page or a JSON error, and never shows a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const { status, code, message, fields } = describe(error);
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    if (status === 401 && !isApiRequest(request)) {
      const returnTo = request.method === 'GET' ? request.url : '/';
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
    }
    return send(request, reply, status, code, message, fields);
  });

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, 404, 'not_found', 'If you typed the web address, check it is correct.', {}),
  );
}

function describe(error: FastifyError | AppError): {
  status: number;
  code: string;
  message: string;
  fields: Record<string, string>;
} {
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message, fields: error.fields };
  }
  const statusCode = (error as FastifyError).statusCode ?? 500;
  if (statusCode === 403 && (error as FastifyError).code?.startsWith('FST_CSRF')) {
    return {
      status: 403,
      code: 'forbidden',
      message: 'This form has expired. Go back, reload the page and try again.',
      fields: {},
    };
  }
  if (statusCode === 429) {
    return { status: 429, code: 'rate_limited', message: 'Too many requests. Wait a minute and try again.', fields: {} };
  }
  if (statusCode >= 400 && statusCode < 500) {
    const invalid = new InvalidInputError(safeClientMessage(error as FastifyError));
    return { status: statusCode, code: statusCode === 404 ? 'not_found' : invalid.code, message: invalid.message, fields: {} };
  }
  return { status: 500, code: 'internal', message: 'Try again later. Your changes may not have been saved.', fields: {} };
}

/** Fastify's own 4xx messages (bad JSON, body too large) name no personal data; keep them short. */
function safeClientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'The request body must be JSON or a form';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty';
    default:
      return error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'The request body is not valid JSON'
        : 'The request could not be read';
  }
}

async function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  fields: Record<string, string>,
): Promise<FastifyReply> {
  reply.header('cache-control', 'no-store');
  if (
    isApiRequest(request) ||
    (!request.headers.accept?.includes('text/html') && request.headers['content-type']?.startsWith('application/json'))
  ) {
    return reply.status(status).send({ error: { code, message, fields } });
  }
  const heading = HEADINGS[status] ?? HEADINGS[400] ?? 'There is a problem';
  try {
    const html = await request.server.view('web/views/error.njk', {
      ...reply.locals,
      title: heading,
      heading,
      message,
      errors: fields,
    });
    return reply.status(status).type('text/html; charset=utf-8').send(html);
  } catch (error) {
    // The error page itself failed: a plain page that names nothing of the cause.
    request.log.error({ err: error }, 'error page failed to render');
    return reply.status(status).type('text/plain; charset=utf-8').send(`${heading}\n\n${message}\n`);
  }
}
