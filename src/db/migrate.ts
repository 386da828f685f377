import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_known_people.js';
import * as m0003 from './migrations/0003_referrals.js';
import * as m0004 from './migrations/0004_contact_attempts.js';
import * as m0005 from './migrations/0005_public_referrals.js';
import * as m0006 from './migrations/0006_people_details.js';
import * as m0007 from './migrations/0007_referral_documents.js';
import * as m0008 from './migrations/0008_programme.js';
import * as m0010 from './migrations/0010_group_names_per_side.js';
import * as m0011 from './migrations/0011_attendance_corrections.js';
import * as m0012 from './migrations/0012_safe_contact_and_sealed_address.js';
import * as m0013 from './migrations/0013_safety_and_support.js';
import * as m0014 from './migrations/0014_partner_duties.js';
import * as m0015 from './migrations/0015_partner_appointments.js';
import * as m0016 from './migrations/0016_partner_group_members.js';
import * as m0017 from './migrations/0017_assessment_and_risk.js';
import * as m0018 from './migrations/0018_disclosure_alerts_for_her_side.js';
import * as m0019 from './migrations/0019_audit_sequencing.js';
import * as m0020 from './migrations/0020_list_indexes.js';
import * as m0021 from './migrations/0021_list_indexes_more.js';
import * as m0022 from './migrations/0022_dashboard_indexes.js';
import * as m0023 from './migrations/0023_side_check_plan_kept.js';
import * as m0024 from './migrations/0024_first_contact_clocks.js';
import * as m0025 from './migrations/0025_contact_follow_ups.js';
import * as m0026 from './migrations/0026_review_indexes.js';
import * as m0027 from './migrations/0027_audit_truncate_refused.js';
import * as m0028 from './migrations/0028_idempotency_keys.js';
import * as m0029 from './migrations/0029_london_dates.js';
import * as m0030 from './migrations/0030_side_check_once_per_transaction.js';
import * as m0031 from './migrations/0031_caseload_search.js';
import * as m0032 from './migrations/0032_triage_indexes.js';
import * as m0034 from './migrations/0034_partner_cases_from_referral.js';
import * as m0035 from './migrations/0035_caseload_search_under_rls.js';
import * as m0036 from './migrations/0036_caseload_search_once_and_sorts.js';
import * as m0037 from './migrations/0037_referral_and_marac_lists.js';
import * as m0038 from './migrations/0038_audit_log_search.js';
import * as m0040 from './migrations/0040_marac_referrals_list.js';
import * as m0041 from './migrations/0041_partner_duties_sorts.js';
import * as m0042 from './migrations/0042_marac_action_agency_order.js';
import * as m0043 from './migrations/0043_caseload_search_in_name_order.js';
import * as m0044 from './migrations/0044_known_as_and_her_interpreter.js';

/** Migrations are listed here in order; a new one is a new file and a new line. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_known_people': m0002,
  '0003_referrals': m0003,
  '0004_contact_attempts': m0004,
  '0005_public_referrals': m0005,
  '0006_people_details': m0006,
  '0007_referral_documents': m0007,
  '0008_programme': m0008,
  '0010_group_names_per_side': m0010,
  '0011_attendance_corrections': m0011,
  '0012_safe_contact_and_sealed_address': m0012,
  '0013_safety_and_support': m0013,
  '0014_partner_duties': m0014,
  '0015_partner_appointments': m0015,
  '0016_partner_group_members': m0016,
  '0017_assessment_and_risk': m0017,
  '0018_disclosure_alerts_for_her_side': m0018,
  '0019_audit_sequencing': m0019,
  '0020_list_indexes': m0020,
  '0021_list_indexes_more': m0021,
  '0022_dashboard_indexes': m0022,
  '0023_side_check_plan_kept': m0023,
  '0024_first_contact_clocks': m0024,
  '0025_contact_follow_ups': m0025,
  '0026_review_indexes': m0026,
  '0027_audit_truncate_refused': m0027,
  '0028_idempotency_keys': m0028,
  '0029_london_dates': m0029,
  '0030_side_check_once_per_transaction': m0030,
  '0031_caseload_search': m0031,
  '0032_triage_indexes': m0032,
  '0034_partner_cases_from_referral': m0034,
  '0035_caseload_search_under_rls': m0035,
  '0036_caseload_search_once_and_sorts': m0036,
  '0037_referral_and_marac_lists': m0037,
  '0038_audit_log_search': m0038,
  '0040_marac_referrals_list': m0040,
  '0041_partner_duties_sorts': m0041,
  '0042_marac_action_agency_order': m0042,
  '0043_caseload_search_in_name_order': m0043,
  '0044_known_as_and_her_interpreter': m0044,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Whether the database has run exactly the listed migrations, in one small query. Kysely's
 * migrator first reads the whole catalogue (about a second of an embedded start); an up-to-date
 * database, the usual case at start, needs none of that.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    const done = rows.map((row) => row.name);
    const listed = Object.keys(migrations).sort();
    return done.length === listed.length && done.every((name, i) => name === listed[i]);
  } catch {
    // No migration table yet: a new database.
    return false;
  }
}

/**
 * The migrations listed here that the database has not run (an empty list once migrated). A
 * database migrated further by a newer version of Parallel has none pending for this one.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db).catch(() => ({ rows: [] }));
  const done = new Set(rows.map((row) => row.name));
  return Object.keys(migrations).filter((name) => !done.has(name));
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) {
    return [];
  }
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    throw error instanceof Error ? error : new Error(String(error));
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
