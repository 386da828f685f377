/*
 * `npm run db:types`: writes src/db/generated/tables.ts, the Kysely table types, from the schema the
 * migrations build. It migrates a new in-memory embedded database (PGlite) with the application's
 * own migrateToLatest, so it needs no PostgreSQL server, and reads the tables back with
 * kysely-codegen. Same migrations, same file: the output is sorted and carries no date.
 *
 * `npm run db:types:check` (`--check`) writes nothing in the repository: it generates the file afresh
 * (into a temporary file) and fails with a diff when the committed one differs, i.e. when a migration
 * landed without `npm run db:types`.
 *
 * The database cannot say everything the application relies on, so the generator is told:
 * - how the drivers read values (src/db/database.ts): int8 and date as text, timestamptz as Date;
 * - text columns held by a CHECK to a set of codes: the types in src/db/codes.ts (CODED_COLUMNS);
 * - columns the application writes only one way, or never (COLUMN_TYPES), e.g. the audit log's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { PostgresDialect, serializeFromMetadata, type DatabaseMetadata } from 'kysely-codegen';
import * as prettier from 'prettier';
import { openPglite, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_FILE = path.join(ROOT, 'src/db/generated/tables.ts');

/**
 * Text columns held to a set of codes by a CHECK (and text[] columns to arrays of them): `table.column`
 * -> the type in src/db/codes.ts. Whether the column may be NULL or has a default comes from the
 * database, as for every other column.
 */
const CODED_COLUMNS: Record<string, string> = {
  'teams.side': 'Side',
  'participants.gender': 'Gender',
  'perpetrator_cases.status': 'PerpetratorCaseStatus',
  'partners.gender': 'Gender',
  'partners.relationship': 'PartnerRelationship',
  'partner_cases.status': 'PartnerCaseStatus',
  'shares.direction': 'ShareDirection',
  'shares.origin_side': 'CaseSide',
  'shares.basis': 'ShareBasis',
  'referrals.channel': 'ReferralChannel',
  'referrals.source': 'ReferralSource',
  'referral_status_history.from_status': 'ReferralStatus',
  'referral_status_history.to_status': 'ReferralStatus',
  'referral_community_sources.relationship': 'CommunitySourceRelationship',
  'partner_contact_attempts.method': 'ContactMethod',
  'partner_contact_attempts.outcome': 'ContactOutcome',
  'partner_cases.last_outcome': 'ContactOutcome',
  'participant_contact_attempts.method': 'ContactMethod',
  'participant_contact_attempts.outcome': 'ContactOutcome',
  'children.relationship_to_participant': 'ChildRelationshipToParticipant',
  'children.lives_with': 'ChildLivesWith',
  'children.protection_status': 'ChildProtectionStatus',
  'referral_documents.kind': 'ReferralDocumentKind',
  'referral_documents.content_type': 'DocumentContentType',
  'referral_documents.visibility': 'DocumentVisibility',
  'referral_document_contents.visibility': 'DocumentVisibility',
  'programmes.side': 'ProgrammeSide',
  'programmes.kind': 'ProgrammeKind',
  'session_templates.delivery': 'SessionDelivery',
  'programme_groups.side': 'ProgrammeSide',
  'programme_groups.intake': 'GroupIntake',
  'programme_groups.status': 'GroupStatus',
  'group_facilitators.side': 'ProgrammeSide',
  'group_facilitators.role': 'FacilitatorRole',
  'enrolment_status_history.from_status': 'EnrolmentStatus',
  'enrolment_status_history.to_status': 'EnrolmentStatus',
  'non_associations.reason_code': 'NonAssociationReason',
  'programme_sessions.side': 'ProgrammeSide',
  'programme_sessions.kind': 'SessionKind',
  'programme_sessions.status': 'SessionStatus',
  'session_facilitators.side': 'ProgrammeSide',
  'session_facilitators.role': 'FacilitatorRole',
  'session_changes.side': 'ProgrammeSide',
  'session_changes.change': 'SessionChange',
  'attendance_records.outcome': 'AttendanceOutcome',
  'disclosures.type': 'DisclosureType',
  'disclosures.severity': 'DisclosureSeverity',
  'enrolment_reviews.reason': 'ReviewReason',
  'participant_events.type': 'ParticipantEventType',
  'support_sessions.session_type': 'SupportSessionType',
  'onward_referrals.service': 'OnwardService',
  'onward_referrals.status': 'OnwardReferralStatus',
  'partner_duty_records.outcome': 'DutyOutcome',
  'partner_duty_records.method': 'DutyMethod',
  'partner_duty_records.reason': 'DutyNotToldReason',
  'partner_duties_outstanding.event_type': 'ParticipantEventType',
  'partner_case_closures.outcome': 'ClosureOutcome',
  'partner_case_closures.safety_at_close': 'SafetyAtClose',
  'partner_appointments.type': 'AppointmentType',
  'partner_appointments.status': 'AppointmentStatus',
  'partner_group_attendance.outcome': 'PartnerGroupOutcome',
  'suitability_assessments.acknowledgement': 'Acknowledgement',
  'suitability_assessments.responsibility': 'Responsibility',
  'suitability_assessments.motivation': 'Motivation',
  'suitability_assessments.exclusion_factors': 'ExclusionFactor',
  'suitability_assessments.responsivity_needs': 'ResponsivityNeed',
  'suitability_assessments.outcome': 'SuitabilityOutcome',
  'risk_assessments.overall_level': 'RiskLevel',
  'risk_assessment_domains.domain': 'RiskDomain',
  'risk_assessment_domains.rating': 'DomainRating',
  'assessment_reports.recipient_kind': 'ReportRecipientKind',
  'dash_assessments.score_level': 'DashLevel',
  'dash_assessments.judgement_level': 'DashLevel',
  'dash_answers.answer': 'DashAnswer',
  'marac_referrals.status': 'MaracStatus',
  'risk_alerts.side': 'CaseSide',
  'risk_alerts.source': 'RiskAlertSource',
  'risk_alerts.level_before': 'RiskLevel',
  'risk_alerts.level_after': 'RiskLevel',
  'idempotency_keys.sides': 'Side',
};

/**
 * Columns whose whole type is given here (`ColumnType<read, insert, update>`), for what the schema
 * cannot say: what the application may write, and how.
 */
const COLUMN_TYPES: Record<string, string> = {
  // The audit log: details go in as JSON text and come out parsed; an entry is never rewritten, and
  // only the chainer (src/audit/chainer.ts) sets the three chain columns, together, when it seals it.
  'audit_events.details': 'ColumnType<Record<string, unknown>, string, never>',
  'audit_events.prev_hash': 'ColumnType<string | null, never, string>',
  'audit_events.hash': 'ColumnType<string | null, never, string>',
  'audit_events.chain_seq': 'ColumnType<string | null, never, string>',
  // A contact attempt's number and the safe-contact rules it broke are recorded once, never changed.
  'partner_contact_attempts.number_used': 'ColumnType<string | null, string | null | undefined, never>',
  'partner_contact_attempts.breaches': 'ColumnType<SafeContactBreach[], SafeContactBreach[] | undefined, never>',
  'partner_contact_attempts.breach_reason': 'ColumnType<string | null, string | null | undefined, never>',
  // A MARAC referral names its criteria: required although the column has a default.
  'marac_referrals.criteria': 'ColumnType<MaracCriterion[], MaracCriterion[], MaracCriterion[]>',
  // Written from the values the application computes, which may be ISO strings.
  'sessions.last_seen_at': 'ColumnType<Date, Date | string | undefined, Date | string>',
  'programme_sessions.starts_at': 'ColumnType<Date, Date | string, Date | string>',
  'onward_referrals.updated_at': 'ColumnType<Date, Date | string | undefined, Date | string>',
  'session_changes.previous_starts_at': 'ColumnType<Date | null, Date | string | null | undefined, Date | string | null>',
  'session_changes.new_starts_at': 'ColumnType<Date | null, Date | string | null | undefined, Date | string | null>',
  // A stored response's headers go in as JSON text and come out parsed; a stored response is never rewritten.
  'idempotency_keys.headers': 'ColumnType<Record<string, string>, string | undefined, never>',
};

/**
 * Text columns a CHECK holds to codes that stay plain text in the types: the referral form's own
 * option lists (src/referrals) give the values written.
 */
const TEXT_WITH_CHECKED_CODES = new Set(['referrals.agency_type', 'referrals.relationship_context']);

/**
 * The codes each single-column CHECK of the form `column = ANY (ARRAY[...])` (one code) or
 * `column <@ ARRAY[...]` (an array of codes) allows, by `table.column`, as PostgreSQL prints it back
 * (text codes only: a CHECK on numbers, such as her safe days 1 to 7, is not a set of codes).
 */
async function checkedCodes(db: Db): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string; definition: string }>`
    SELECT rel.relname AS table_name, att.attname AS column_name, pg_get_constraintdef(con.oid) AS definition
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    JOIN pg_attribute att ON att.attrelid = rel.oid AND att.attnum = con.conkey[1]
    WHERE con.contype = 'c' AND ns.nspname = 'public' AND cardinality(con.conkey) = 1
    ORDER BY 1, 2, 3`.execute(db);
  const codes = new Map<string, string[]>();
  for (const row of rows) {
    const list = /(?:= ANY \(|<@ )ARRAY\[(.*?)\]/.exec(row.definition)?.[1];
    if (list) {
      const values = [...list.matchAll(/'((?:[^']|'')*)'::text/g)].map((match) => (match[1] ?? '').replaceAll("''", "'"));
      if (values.length > 0) {
        codes.set(`${row.table_name}.${row.column_name}`, values.sort());
      }
    }
  }
  return codes;
}

/** The file's text: introspected from a freshly migrated database, formatted as the rest of the sources. */
async function generateText(): Promise<string> {
  const dialect = new PostgresDialect({ dateParser: 'string', defaultSchemas: ['public'] });
  const database = await openPglite(undefined);
  let metadata: DatabaseMetadata;
  let checks: Map<string, string[]>;
  try {
    await migrateToLatest(database.db);
    checks = await checkedCodes(database.db);
    // The same Kysely at run time; kysely-codegen is CommonJS, so TypeScript reads kysely's CommonJS
    // typings for it, whose Kysely class it takes for another than ours.
    const db = database.db as unknown as Parameters<typeof dialect.introspector.introspect>[0]['db'];
    metadata = await dialect.introspector.introspect({ db, excludePattern: 'public.kysely_migration*' });
  } finally {
    await database.close();
  }
  const overrides: Record<string, string> = {};
  const codeTypes = new Set<string>();
  for (const table of metadata.tables) {
    for (const column of table.columns) {
      const key = `${table.name}.${column.name}`;
      const whole = COLUMN_TYPES[key];
      const code = CODED_COLUMNS[key];
      if (whole) {
        overrides[key] = whole;
        for (const name of whole.match(/\b[A-Z]\w+\b/g) ?? []) {
          if (!['ColumnType', 'Date', 'Record'].includes(name)) {
            codeTypes.add(name);
          }
        }
      } else if (code) {
        const value = `${code}${column.isArray ? '[]' : ''}${column.isNullable ? ' | null' : ''}`;
        overrides[key] = column.hasDefaultValue ? `Generated<${value}>` : value;
        codeTypes.add(code);
      }
    }
  }
  // Every coded column's type must take every code its CHECK allows (a type may take more); the
  // generated file says so to the compiler, below. A CHECK with codes on a column typed as text is
  // refused here: give the codes a type.
  const allows: string[] = [];
  for (const [key, codes] of checks) {
    const type = CODED_COLUMNS[key] ?? COLUMN_TYPES[key]?.match(/ColumnType<(\w+)/)?.[1];
    if (type) {
      allows.push(`  '${key}': Allows<${type}, ${codes.map((code) => `'${code.replaceAll("'", "\\'")}'`).join(' | ')}>;`);
    } else if (!TEXT_WITH_CHECKED_CODES.has(key)) {
      throw new Error(
        `${key} is held by a CHECK to the codes ${codes.join(', ')}: give them a type in src/db/codes.ts ` +
          'and name it for the column in CODED_COLUMNS (scripts/db-types.ts).',
      );
    }
  }
  const unknown = [...Object.keys(CODED_COLUMNS), ...Object.keys(COLUMN_TYPES)].filter((key) => !(key in overrides));
  if (unknown.length > 0) {
    throw new Error(`scripts/db-types.ts names columns the migrations do not create: ${unknown.join(', ')}`);
  }
  const text = serializeFromMetadata({
    metadata,
    dialect,
    // How the drivers read values (src/db/database.ts): int8 and date as text, timestamptz as Date.
    typeMapping: { int8: 'string', timestamptz: 'Date', bytea: 'Uint8Array' },
    customImports: Object.fromEntries([...codeTypes].sort().map((name) => [name, '../codes.js'])),
    overrides: { columns: overrides },
    typeOnlyImports: true,
    skipAutogeneratedFileComment: true,
  });
  const header =
    '/*\n * Generated by `npm run db:types` (scripts/db-types.ts) from the schema the migrations build, with\n' +
    ' * kysely-codegen. Do not edit: write a migration and run `npm run db:types`. CI fails when this file\n' +
    ' * is not current (`npm run db:types:check`).\n */\n\n';
  const footer =
    "\n/**\n * The codes each coded column's CHECK allows, read from the database. `npm run typecheck` fails on\n" +
    " * the column's line when its type in src/db/codes.ts leaves out a code the database allows.\n */\n" +
    'type Allows<Type, Codes extends Type> = [Type, Codes];\n\n' +
    `export interface CheckedCodes {\n${allows.join('\n')}\n}\n`;
  const options = await prettier.resolveConfig(OUT_FILE);
  return prettier.format(header + text + footer, { ...options, filepath: OUT_FILE });
}

async function main(): Promise<number> {
  const text = await generateText();
  const relative = path.relative(ROOT, OUT_FILE);
  if (!process.argv.includes('--check')) {
    fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    fs.writeFileSync(OUT_FILE, text);
    process.stdout.write(`Wrote ${relative}\n`);
    return 0;
  }
  const committed = fs.existsSync(OUT_FILE) ? fs.readFileSync(OUT_FILE, 'utf8') : '';
  if (committed === text) {
    process.stdout.write(`${relative} is current with the migrations.\n`);
    return 0;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-db-types-'));
  try {
    const fresh = path.join(dir, 'tables.ts');
    fs.writeFileSync(fresh, text);
    process.stderr.write(
      `${relative} is out of date with the migrations in src/db/migrations.\n` +
        'Run `npm run db:types` and commit the result. The difference (committed -> generated):\n\n',
    );
    const diff = spawnSync(
      'diff',
      ['-u', '--label', `${relative} (committed)`, '--label', `${relative} (generated)`, OUT_FILE, fresh],
      {
        encoding: 'utf8',
      },
    );
    process.stderr.write(diff.stdout || `(${relative} is missing)\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
