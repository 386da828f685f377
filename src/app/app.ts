import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import nunjucks from 'nunjucks';
import { navigationFor } from '../access/index.js';
import { recordAuditEvent } from '../audit/service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { NODE_MODULES, PROJECT_ROOT, stylesheet } from '../web/assets.js';
import { registerStrictBodyParsers } from '../web/body-parsers.js';
import { registerErrorHandling } from '../web/errors.js';
import { registerIdempotency } from '../web/idempotency/hooks.js';
import { registerUnitOfWork } from '../web/unit-of-work.js';
import { configureFilters } from '../web/filters.js';
import { pronounsFor } from '../people/pronouns.js';
import { keepImportedMacros } from '../web/macro-imports.js';
import { SESSION_COOKIE, isApiRequest } from '../web/http.js';
import { loggerOptions } from '../web/logging.js';
import { Lifecycle, registerHealthRoutes } from './lifecycle.js';
import { registerRoutes } from './routes.js';
import { createServices, type Services } from './services.js';
import { cookieSecret } from '../web/secrets.js';

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalogue: ReadonlyArray<{ method: string; url: string }>;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `logStream`: where logs go instead of stdout (the logging tests read it). `lifecycle`: told by
 * the server when it begins to stop.
 */
export type AppOptions = {
  config: Config;
  db: Db;
  services?: Services;
  logStream?: { write: (line: string) => void };
  lifecycle?: Lifecycle;
};

/** The composition root of the web application: plugins, hooks, then each capability's routes. */
export async function createApp({
  config,
  db,
  services = createServices(db, config),
  logStream,
  lifecycle = new Lifecycle(),
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, logStream) as FastifyServerOptions['logger'],
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // Every route the app serves, for the wall tests that walk them all.
  const routeCatalogue: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') {
        routeCatalogue.push({ method, url: route.url });
      }
    }
  });
  app.decorate('routeCatalogue', routeCatalogue);

  // The health checks (/health, /health/live, /health/ready) answer before, and apart from,
  // everything a page needs (security headers, cookies, sessions, the unit of work). Not logged.
  registerHealthRoutes(app, { db, databaseReachable: services.health.databaseReachable, lifecycle });

  // Everything else: pages, API and assets, with their plugins and hooks.
  await app.register(async (site) => {
    const secure = config.cookieSecure;
    await site.register(fastifyHelmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      hsts: config.env === 'production',
    });
    await site.register(fastifyCookie, { secret: await cookieSecret(db) });
    // Read before any request holds the embedded database's one connection in its unit of work.
    await services.publicReferrals.answersSecret();
    // Forms and JSON, refused with a 400 when not UTF-8.
    registerStrictBodyParsers(site);
    await site.register(fastifyCsrf, {
      cookieKey: 'parallel_csrf',
      cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure },
    });
    await site.register(fastifyRateLimit, { global: false });
    await site.register(fastifyView, {
      engine: { nunjucks },
      templates: [
        path.join(PROJECT_ROOT, 'src'),
        path.join(NODE_MODULES, 'govuk-frontend/dist'),
        path.join(NODE_MODULES, '@ministryofjustice/frontend'),
      ],
      options: {
        autoescape: true,
        throwOnUndefined: false,
        noCache: !config.templateCache,
        onConfigure: (env: nunjucks.Environment) => {
          configureFilters(env);
          env.addFilter('pronouns', pronounsFor);
          keepImportedMacros(env);
        },
      },
    });

    // Static assets: GOV.UK Frontend's images and scripts, MOJ's scripts, our own files.
    await site.register(fastifyStatic, {
      root: path.join(NODE_MODULES, 'govuk-frontend/dist/govuk/assets'),
      prefix: '/assets/',
      decorateReply: false,
    });
    await site.register(fastifyStatic, {
      root: path.join(NODE_MODULES, 'govuk-frontend/dist/govuk'),
      prefix: '/assets/govuk/',
      allowedPath: (pathName) => /^\/govuk-frontend\.min\.js(\.map)?$/.test(pathName),
      decorateReply: false,
    });
    // MOJ Frontend's images (the filter's remove-tag crosses, sortable headers' arrows), where its stylesheet asks (src/web/assets.ts).
    await site.register(fastifyStatic, {
      root: path.join(NODE_MODULES, '@ministryofjustice/frontend/moj/assets'),
      prefix: '/assets/moj/',
      decorateReply: false,
    });
    await site.register(fastifyStatic, {
      root: path.join(PROJECT_ROOT, 'src/web/static'),
      prefix: '/assets/parallel/',
      decorateReply: false,
    });
    site.get('/assets/app.css', async (_request, reply) => {
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(await stylesheet());
    });

    // Safe retries: before the unit of work, whose onSend commits what this one keeps.
    registerIdempotency(site, {
      recordReplay: (trx, replayed) =>
        recordAuditEvent(trx, {
          organisationId: replayed.actor.organisationId,
          actorUserId: replayed.actor.userId,
          action: 'request.replayed',
          ip: replayed.ip,
          details: { request: replayed.requestTarget, key: replayed.source === 'header' ? 'Idempotency-Key' : 'form token' },
        }),
    });
    registerUnitOfWork(site, db);
    site.decorateRequest('actor', null);
    site.decorateRequest('sessionToken', null);
    site.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/assets/') || request.url === '/health') {
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        request.sessionToken = token;
        request.actor = await services.identity.actorForSession(token);
      }
    });

    // Record ids are UUIDs: anything else is "not found" before it reaches a query.
    site.addHook('preValidation', async (request) => {
      const params = request.params as Record<string, string> | undefined;
      if (params?.id !== undefined && !UUID.test(params.id)) {
        throw new NotFoundError();
      }
    });

    // CSRF is checked in preHandler: in onRequest the form body is not parsed yet.
    site.addHook('preHandler', (request, reply, done) => {
      const mutating = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
      if (!mutating || request.url.startsWith('/assets/')) {
        done();
        return;
      }
      if (isApiRequest(request)) {
        // JSON bodies cannot be sent cross-site without a CORS preflight, which is never granted.
        const type = request.headers['content-type'] ?? '';
        // A multipart upload (a referral document) can be, like a form: it carries the CSRF token.
        if (type.startsWith('multipart/form-data') && request.isMultipart?.()) {
          site.csrfProtection(request, reply, done);
          return;
        }
        if (request.body !== undefined && !type.startsWith('application/json')) {
          reply
            .status(415)
            .send({ error: { code: 'invalid', message: 'Send the request body as application/json', fields: {} } });
          return;
        }
        done();
        return;
      }
      site.csrfProtection(request, reply, done);
    });

    // What every page's layout needs.
    site.addHook('preHandler', async (request, reply) => {
      if (isApiRequest(request) || request.url.startsWith('/assets/')) {
        return;
      }
      const currentPath = request.url.split('?')[0] ?? '/';
      const actor = request.actor;
      reply.header('cache-control', 'no-store');
      reply.locals = {
        currentUser: actor ? { displayName: actor.displayName } : null,
        navigation: actor ? navigationFor(actor).map((item) => ({ ...item, active: currentPath.startsWith(item.href) })) : [],
        csrfToken: reply.generateCsrf(),
        currentPath,
        cspNonce: (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
      };
    });

    registerErrorHandling(site);
    await registerRoutes(site, services, config);
  });
  return app;
}
