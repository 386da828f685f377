import { auditActionLabel } from './action-labels.js';
import type { FastifyInstance } from 'fastify';
import { isInvalidInput, parseInput } from '../web/http.js';
import { page } from '../web/route.js';
import {
  actionItems,
  actorItems,
  keysetPagination,
  readableRecord,
  recordTypeItems,
  recordTypeLabel,
  resultCount,
  sideItems,
  timeHeading,
} from './present.js';
import { AUDIT_COUNT_CAP, ZAuditSearch } from './schemas.js';
import { maySeePartnerSideEntries, type AuditLogService } from './service.js';

const AUDIT_LOG = 'audit/views/audit-log.njk';

/** The data protection officer's search of the organisation's audit log. */
export function auditRoutes(app: FastifyInstance, { auditLog }: { auditLog: AuditLogService }): void {
  // Search terms that do not parse show the form again with the errors (400), nothing searched.
  page(app, '/audit', AUDIT_LOG, async ({ actor, query, origin, reply }) => {
    const values = Object.fromEntries(Object.entries(query).filter(([, value]) => typeof value === 'string'));
    const form = async (): Promise<Record<string, unknown>> => {
      const users = await auditLog.searchableUsers(actor);
      return {
        title: 'Audit log',
        values,
        actorItems: actorItems(users, values.actor),
        actionItems: actionItems(values.action),
        recordTypeItems: recordTypeItems(values.recordType),
        // Only a reader who may see partner-side entries is offered them by side.
        sideItems: sideItems(values.side).filter((item) => item.value !== 'partner' || maySeePartnerSideEntries(actor)),
      };
    };
    try {
      const search = parseInput(ZAuditSearch, query);
      const context = await form();
      const result = await auditLog.search(actor, search, origin);
      return {
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
          readable: readableRecord(actor, entry, entry.record),
        })),
        pagination: keysetPagination(query, result),
        timeHeading: timeHeading(values, search.order),
      };
    } catch (error) {
      if (isInvalidInput(error)) {
        return reply.status(400).view(AUDIT_LOG, { ...(await form()), errors: error.fields, errorMessage: error.message });
      }
      throw error;
    }
  });
}
