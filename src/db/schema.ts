import type { Selectable } from 'kysely';
import type { DB } from './generated/tables.js';

/**
 * The database's tables as the application sees them. The table types are generated from the
 * migrated schema (src/db/generated/tables.ts, `npm run db:types`); the code sets that CHECK
 * constraints hold text columns to are in ./codes.ts.
 */
export type Database = DB;

export type * from './codes.js';

export type UsersTable = DB['users'];
export type AuditEventsTable = DB['audit_events'];
export type ReferralsTable = DB['referrals'];
export type ReferralCommunitySourcesTable = DB['referral_community_sources'];
export type ReferralDocumentsTable = DB['referral_documents'];
export type ProgrammesTable = DB['programmes'];
export type ProgrammeModulesTable = DB['programme_modules'];
export type SessionTemplatesTable = DB['session_templates'];
export type ProgrammeGroupsTable = DB['programme_groups'];
export type ProgrammeSessionsTable = DB['programme_sessions'];
export type ParticipantEventsTable = DB['participant_events'];

export type User = Selectable<UsersTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
