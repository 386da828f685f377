import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { Side } from '../src/db/schema.js';
import { TEST_PASSWORD, createTestOrganisation, type TestOrganisation } from '../test/fixtures/organisation.js';
import { writeChunk } from './generate-chunk.js';

/*
 * A benchmark caseload written set by set (generate_series, INSERT ... SELECT), so that a million
 * participants and twenty million events load in minutes, not hours. It runs as the database owner
 * before the application starts, and keeps every constraint, trigger and index of the migrations:
 * checks, unique and not-null constraints as each row is written, foreign keys checked set by set
 * after the load (verifyForeignKeys), not by a trigger per row, unless another insert trigger exists.
 *
 * Per participant: his record and perpetrator case (allocated across facilitators), about 1.3
 * partner cases (allocated across partner support workers), and about 20 events, in the tables
 * the case pages read: 6 case notes and 2 contact attempts on his case, 4 support notes and 2
 * contact attempts on each of her cases, and 4 audit entries.
 *
 * Invented names only (bench/generate-chunk.ts): a list of fictional given and family names combined
 * by index.
 */

export type BenchDataset = {
  organisation: TestOrganisation;
  size: number;
  /** Participants and partner cases spread evenly through the caseload, for the timed pages. */
  participantIds: string[];
  partnerCaseIds: string[];
  counts: { participants: number; partnerCases: number; events: number };
};

const SAMPLE = 200;
const completeName = (size: number) => `Bench${size} DVPP (complete)`;
const participantReference = (i: number) => `PB-${String(i).padStart(8, '0')}`;
const partnerCaseReference = (i: number) => `PSB-${String(i).padStart(9, '0')}`;
/** How many facilitators and partner support workers a caseload of this size keeps busy. */
function staffing(size: number): { facilitators: number; partnerWorkers: number } {
  return { facilitators: Math.max(3, Math.ceil(size / 400)), partnerWorkers: Math.max(3, Math.ceil((size * 1.3) / 500)) };
}

async function addWorkers(db: Db, org: TestOrganisation, side: Side, prefix: string, count: number): Promise<string[]> {
  const domain = org.users.management.email.split('@')[1] ?? 'bench.example';
  const suffix = org.users.management.email.split('@')[0]?.split('.')[1] ?? 'x';
  await sql`
    INSERT INTO users (organisation_id, email, display_name, password_hash)
    SELECT ${org.id}, ${prefix} || '-' || k || '.' || ${suffix} || '@' || ${domain},
           ${`Bench ${prefix}`} || ' ' || k,
           (SELECT password_hash FROM users WHERE id = ${org.users.management.id})
    FROM generate_series(1, ${count}) AS k`.execute(db);
  await sql`
    INSERT INTO team_memberships (organisation_id, team_id, user_id)
    SELECT ${org.id}, ${org.teams[side]}, id FROM users
    WHERE organisation_id = ${org.id} AND email LIKE ${`${prefix}-%`}`.execute(db);
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM users WHERE organisation_id = ${org.id} AND email LIKE ${`${prefix}-%`} ORDER BY id`.execute(db);
  return rows.map((r) => r.id);
}

/** The tables the generator writes, beyond the organisation's users and teams. */
const LOADED_TABLES = [
  'participants',
  'perpetrator_cases',
  'perpetrator_case_notes',
  'participant_contact_attempts',
  'partners',
  'partner_cases',
  'partner_case_notes',
  'partner_contact_attempts',
  'audit_events',
];

/** Triggers (other than foreign keys' own) that fire on insert into a loaded table. */
async function insertTriggers(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT tgrelid::regclass::text || '.' || tgname AS name FROM pg_trigger
    WHERE NOT tgisinternal AND tgenabled <> 'D' AND (tgtype & 4) <> 0
      AND tgrelid::regclass::text IN (${sql.join(LOADED_TABLES)})`.execute(db);
  return rows.map((r) => r.name);
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every foreign key of the loaded tables holds for the organisation's rows, or the load fails naming it. */
export async function verifyForeignKeys(db: Db, organisationId: string): Promise<void> {
  const { rows: keys } = await sql<{
    name: string;
    child: string;
    parent: string;
    childColumns: string[];
    parentColumns: string[];
  }>`
    SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
      array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS "childColumns",
      array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS "parentColumns"
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.conrelid::regclass::text IN (${sql.join(LOADED_TABLES)})`.execute(db);
  for (const key of keys) {
    const present = key.childColumns.map((column) => `x.${quoteIdent(column)} IS NOT NULL`).join(' AND ');
    const matches = key.childColumns
      .map((column, i) => `y.${quoteIdent(key.parentColumns[i] ?? column)} = x.${quoteIdent(column)}`)
      .join(' AND ');
    const { rows } = await sql<{ broken: string }>`
      SELECT count(*) AS broken FROM ${sql.raw(quoteIdent(key.child))} x
      WHERE x.organisation_id = ${organisationId} AND ${sql.raw(present)}
        AND NOT EXISTS (SELECT 1 FROM ${sql.raw(quoteIdent(key.parent))} y WHERE ${sql.raw(matches)})`.execute(db);
    if (Number(rows[0]?.broken ?? 0) > 0) {
      throw new Error(`The generated rows break the foreign key ${key.name} of ${key.child} (${rows[0]?.broken} rows)`);
    }
  }
}

async function sampleIds(
  db: Db,
  org: TestOrganisation,
  size: number,
): Promise<Pick<BenchDataset, 'participantIds' | 'partnerCaseIds'>> {
  const picks = Array.from({ length: Math.min(SAMPLE, size) }, (_, k) => Math.floor((k * size) / Math.min(SAMPLE, size)));
  const participants = await db
    .selectFrom('participants')
    .select('id')
    .where('organisation_id', '=', org.id)
    .where('reference', 'in', picks.map(participantReference))
    .execute();
  const partnerCases = await db
    .selectFrom('partner_cases')
    .select('id')
    .where('organisation_id', '=', org.id)
    .where(
      'reference',
      'in',
      picks.map((i) => partnerCaseReference(i * 2)),
    )
    .execute();
  return { participantIds: participants.map((p) => p.id), partnerCaseIds: partnerCases.map((c) => c.id) };
}

async function countRows(db: Db, organisationId: string): Promise<BenchDataset['counts']> {
  const { rows } = await sql<{ participants: string; partner_cases: string; events: string }>`
    SELECT (SELECT count(*) FROM participants WHERE organisation_id = ${organisationId}) AS participants,
           (SELECT count(*) FROM partner_cases WHERE organisation_id = ${organisationId}) AS partner_cases,
           (SELECT count(*) FROM perpetrator_case_notes WHERE organisation_id = ${organisationId})
         + (SELECT count(*) FROM participant_contact_attempts WHERE organisation_id = ${organisationId})
         + (SELECT count(*) FROM partner_case_notes WHERE organisation_id = ${organisationId})
         + (SELECT count(*) FROM partner_contact_attempts WHERE organisation_id = ${organisationId})
         + (SELECT count(*) FROM audit_events WHERE organisation_id = ${organisationId}) AS events`.execute(db);
  const row = rows[0];
  return {
    participants: Number(row?.participants ?? 0),
    partnerCases: Number(row?.partner_cases ?? 0),
    events: Number(row?.events ?? 0),
  };
}

/** Writes a caseload of `size` participants for a new organisation, `chunk` participants per transaction. */
export async function generateBenchData(
  db: Db,
  size: number,
  options: { chunk?: number; progress?: (line: string) => void; analyse?: 'analyze' | 'vacuum' } = {},
): Promise<BenchDataset> {
  const chunk = options.chunk ?? 50_000;
  const progress = options.progress ?? (() => undefined);
  const started = performance.now();
  const organisation = await createTestOrganisation(db, `Bench${size}`);
  const staff = staffing(size);
  const workers = {
    facilitators: await addWorkers(db, organisation, 'perpetrator', 'facilitator', staff.facilitators),
    partnerWorkers: await addWorkers(db, organisation, 'partner', 'partner-worker', staff.partnerWorkers),
  };
  const { rows: chainColumn } = await sql<{ present: boolean }>`
    SELECT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'audit_events' AND column_name = 'chain_seq') AS present`.execute(db);
  const auditHasChainSeq = chainColumn[0]?.present === true;
  // Only foreign keys are deferred: a trigger of the schema's own on these tables keeps firing per row.
  const deferForeignKeys = (await insertTriggers(db)).length === 0;
  for (let from = 0; from < size; from += chunk) {
    const to = Math.min(size, from + chunk);
    await writeChunk(db, organisation, workers, from, to, size, { auditHasChainSeq, deferForeignKeys });
    const seconds = (performance.now() - started) / 1000;
    progress(`  ${to.toLocaleString('en-GB')} of ${size.toLocaleString('en-GB')} participants written (${seconds.toFixed(0)} s)`);
  }
  if (deferForeignKeys) {
    progress('  checking every foreign key of the rows written');
    await verifyForeignKeys(db, organisation.id);
  }
  progress(`  refreshing planner statistics${options.analyse === 'vacuum' ? ' and the visibility map' : ''}`);
  await (options.analyse === 'vacuum' ? sql`VACUUM ANALYZE` : sql`ANALYZE`).execute(db);
  await db
    .updateTable('organisations')
    .set({ name: completeName(size) })
    .where('id', '=', organisation.id)
    .execute();
  return {
    organisation,
    size,
    ...(await sampleIds(db, organisation, size)),
    counts: await countRows(db, organisation.id),
  };
}

/** A complete bench organisation of this size already in the database (BENCH_REUSE=1), or null. */
export async function findBenchData(db: Db, size: number): Promise<BenchDataset | null> {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', completeName(size))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!org) {
    return null;
  }
  const members = await db
    .selectFrom('users')
    .innerJoin('team_memberships', 'team_memberships.user_id', 'users.id')
    .innerJoin('teams', 'teams.id', 'team_memberships.team_id')
    .select(['users.id', 'users.email', 'teams.side', 'teams.id as teamId'])
    .where('users.organisation_id', '=', org.id)
    .where(sql<boolean>`users.email LIKE teams.side || '.%'`)
    .execute();
  const users = {} as TestOrganisation['users'];
  const teams = {} as TestOrganisation['teams'];
  for (const member of members) {
    users[member.side] = {
      id: member.id,
      email: member.email,
      password: TEST_PASSWORD,
      organisationId: org.id,
      side: member.side,
    };
    teams[member.side] = member.teamId;
  }
  const noTeam = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('organisation_id', '=', org.id)
    .where('email', 'like', 'unassigned.%')
    .executeTakeFirstOrThrow();
  users.noTeam = { id: noTeam.id, email: noTeam.email, password: TEST_PASSWORD, organisationId: org.id, side: null };
  const organisation: TestOrganisation = { id: org.id, users, teams };
  const counts = await countRows(db, org.id);
  if (counts.participants !== size) {
    return null;
  }
  return { organisation, size, ...(await sampleIds(db, organisation, size)), counts };
}
