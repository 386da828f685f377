import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { UnitOfWork, runInUnitOfWork } from '../db/unit-of-work.js';

declare module 'fastify' {
  interface FastifyRequest {
    unitOfWork: UnitOfWork | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const scopeOf = new WeakMap<FastifyRequest, AsyncResource>();

/** Static files and the health check touch no case data and need no transaction. */
const needsNoUnit = (url: string): boolean => url.startsWith('/assets/') || url === '/health';

/**
 * One unit of work per request: every service the request calls joins one transaction (one
 * role-and-settings preamble), committed when the response is ready and before a byte of it is
 * sent, so what a page or redirect reports as saved is saved. The transaction is opened only when
 * the request first reads or writes, so requests that touch nothing hold no connection.
 *
 * Fastify runs the body-parsing hooks and the handler in another async context than `onRequest`
 * (the request's 'end' event), so the context is carried across explicitly, as
 * @fastify/request-context does.
 */
export function registerUnitOfWork(app: FastifyInstance, db: Db): void {
  app.decorateRequest('unitOfWork', null);

  app.addHook('onRequest', (request, _reply, done) => {
    if (needsNoUnit(request.url)) {
      done();
      return;
    }
    const unit = new UnitOfWork(db, SAFE_METHODS.has(request.method));
    request.unitOfWork = unit;
    runInUnitOfWork(unit, () => {
      const scope = new AsyncResource('parallel-unit-of-work');
      scopeOf.set(request, scope);
      scope.runInAsyncScope(done, request.raw);
    });
  });

  app.addHook('preValidation', (request, _reply, done) => {
    const scope = scopeOf.get(request);
    if (scope) {
      scope.runInAsyncScope(done, request.raw);
      return;
    }
    done();
  });

  // A page is rendered after its transaction is committed, so the connection is free again while
  // the template renders (on the embedded database, for the next request). Whatever the handler
  // does, the onSend hook below still commits before anything is sent.
  app.addHook('preHandler', (request, reply, done) => {
    const unit = request.unitOfWork;
    if (unit) {
      const render = reply.view;
      reply.view = async function viewAfterCommit(this: FastifyReply, ...args: Parameters<FastifyReply['view']>) {
        if (!unit.isFinished) {
          await unit.finish(this.statusCode >= 500 ? 'rollback' : 'commit');
        }
        return render.apply(this, args);
      } as unknown as FastifyReply['view'];
    }
    done();
  });

  // Committed before the response leaves: a failed commit becomes an error response instead.
  app.addHook('onSend', async (request, reply, payload) => {
    const unit = request.unitOfWork;
    if (unit && !unit.isFinished) {
      await unit.finish(reply.statusCode >= 500 ? 'rollback' : 'commit');
    }
    return payload;
  });

  // Whatever happened to the response (the client went away, an error while sending), the
  // transaction never outlives its request: what it wrote before is committed, as it would have
  // been with one transaction per call.
  app.addHook('onResponse', async (request) => {
    const unit = request.unitOfWork;
    if (unit && !unit.isFinished) {
      await unit.finish('commit');
    }
  });
}
