import { auditActionLabel } from './actions.js';
import type { FastifyInstance } from 'fastify';
import { isInvalidInput, originOf, parseInput, requireActor } from '../web/http.js';
import { actionItems, actorItems, keysetPagination, recordTypeItems, recordTypeLabel, resultCount } from './present.js';
import { AUDIT_COUNT_CAP, ZAuditSearch } from './schemas.js';
import type { AuditLogService } from './service.js';

const AUDIT_LOG = 'audit/views/audit-log.njk';

/** The data protection officer's search of the organisation's audit log. */
export function auditRoutes(app: FastifyInstance, { auditLog }: { auditLog: AuditLogService }): void {
  app.get('/audit', async (request, reply) => {
    const actor = requireActor(request);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(query).filter(([, value]) => typeof value === 'string'));
    const form = async (): Promise<Record<string, unknown>> => {
      const users = await auditLog.searchableUsers(actor);
      return {
        title: 'Audit log',
        values,
        actorItems: actorItems(users, values.actor),
        actionItems: actionItems(values.action),
        recordTypeItems: recordTypeItems(values.recordType),
      };
    };
    try {
      const search = parseInput(ZAuditSearch, query);
      const context = await form();
      const result = await auditLog.search(actor, search, originOf(request));
      return reply.view(AUDIT_LOG, {
        ...context,
        searched: true,
        resultCount: resultCount(
          { shown: result.entries.length, matching: result.matching, firstPosition: result.firstPosition },
          AUDIT_COUNT_CAP,
        ),
        entries: result.entries.map((entry) => ({
          ...entry,
          recordTypeLabel: recordTypeLabel(entry.recordType),
          actionLabel: auditActionLabel(entry.action),
        })),
        pagination: keysetPagination(query, result),
      });
    } catch (error) {
      if (isInvalidInput(error)) {
        return reply.status(400).view(AUDIT_LOG, { ...(await form()), errors: error.fields, errorMessage: error.message });
      }
      throw error;
    }
  });
}
