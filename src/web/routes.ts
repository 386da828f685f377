import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { adminRoutes } from '../admin/routes.js';
import { AdminService } from '../admin/service.js';
import { auditRoutes } from '../audit/routes.js';
import { AuditLogService } from '../audit/service.js';
import { identityRoutes } from '../identity/routes.js';
import { IdentityService } from '../identity/service.js';

/** Every capability's service, built once from the database and configuration (constructor injection). */
export type Services = {
  health: { databaseReachable: () => Promise<boolean> };
  identity: IdentityService;
  admin: AdminService;
  auditLog: AuditLogService;
};

export function createServices(db: Db, config: Config): Services {
  return {
    health: {
      databaseReachable: async () => {
        try {
          await sql`select 1`.execute(db);
          return true;
        } catch {
          return false;
        }
      },
    },
    identity: new IdentityService(db, config),
    admin: new AdminService(db, config),
    auditLog: new AuditLogService(db),
  };
}

export async function registerRoutes(app: FastifyInstance, services: Services, config: Config): Promise<void> {
  identityRoutes(app, services.identity, config);
  adminRoutes(app, services.admin);
  auditRoutes(app, services.auditLog);
}
