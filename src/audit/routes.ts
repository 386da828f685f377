import { auditActionLabel } from './actions.js';
import type { FastifyInstance } from 'fastify';
import { isInvalidInput, originOf, parseInput, requireActor } from '../web/http.js';
import { actionItems, actorItems, pagination, recordTypeItems, recordTypeLabel, searchQuery } from './present.js';
import { AUDIT_PAGE_SIZE, ZAuditSearch } from './schemas.js';
import type { AuditLogService } from './service.js';

const AUDIT_LOG = 'audit/views/audit-log.njk';

/** The data protection officer's search of the organisation's audit log. */
export function auditRoutes(app: FastifyInstance, auditLog: AuditLogService): void {
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
        total: result.total,
        firstShown: result.total === 0 ? 0 : (result.page - 1) * AUDIT_PAGE_SIZE + 1,
        lastShown: Math.min(result.total, (result.page - 1) * AUDIT_PAGE_SIZE + result.entries.length),
        entries: result.entries.map((entry) => ({
          ...entry,
          recordTypeLabel: recordTypeLabel(entry.recordType),
          actionLabel: auditActionLabel(entry.action),
        })),
        pagination: pagination(result.page, result.pageCount, (page) => searchQuery(query, page)),
      });
    } catch (error) {
      if (isInvalidInput(error)) {
        return reply.status(400).view(AUDIT_LOG, { ...(await form()), errors: error.fields, errorMessage: error.message });
      }
      throw error;
    }
  });
}
