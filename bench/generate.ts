import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { Side } from '../src/db/schema.js';
import { TEST_PASSWORD, createTestOrganisation, type TestOrganisation } from '../test/fixtures/organisation.js';

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
 * Invented names only: a list of fictional given and family names combined by index.
 */

const GIVEN = [
  'Aldo', 'Bram', 'Cyrus', 'Dorian', 'Emrys', 'Fintan', 'Gideon', 'Hollis', 'Ivo', 'Jory', 'Kester', 'Lowell',
  'Marek', 'Niall', 'Orrin', 'Piran', 'Quill', 'Rafferty', 'Soren', 'Tobiah', 'Ulric', 'Vance', 'Wystan', 'Yorick',
  'Zeb', 'Alaric', 'Brannock', 'Caspian', 'Dace', 'Eamon', 'Florian', 'Gus',
]; // prettier-ignore
const PARTNER_GIVEN = [
  'Anouk', 'Briony', 'Calla', 'Delphine', 'Elowen', 'Fenna', 'Greer', 'Hesper', 'Isolde', 'Juno', 'Kerensa', 'Liesel',
  'Maren', 'Nerys', 'Oriel', 'Perdita', 'Quenby', 'Rowena', 'Saffi', 'Tamsin', 'Ursa', 'Verity', 'Wren', 'Yseult',
]; // prettier-ignore
const FAMILY = [
  'Ashdown', 'Brindle', 'Corrow', 'Dunmore', 'Elsworth', 'Farrant', 'Gorrie', 'Hathersage', 'Ivensen', 'Jessop',
  'Kittow', 'Lanyon', 'Merrifield', 'Nettleship', 'Oakhurst', 'Pengelly', 'Quarrie', 'Rosewarne', 'Sallow',
  'Trevenna', 'Underhay', 'Vellanoweth', 'Whitcombe', 'Yelland', 'Zennor', 'Abernant', 'Blackmore', 'Coldharbour',
  'Danesford', 'Eskdale', 'Fothergill', 'Garrow', 'Holloway', 'Inchbald', 'Jolliffe', 'Kenward', 'Lockyer',
  'Mallender', 'Northcote', 'Ormsby', 'Pruett', 'Rendle', 'Scobell', 'Tregear', 'Upcott', 'Varcoe', 'Wedlake',
]; // prettier-ignore
const TOWNS = ['Northbridge', 'Eastmere', 'Westholm', 'Southby', 'Kingsmoor', 'Ashford Vale', 'Millbrook', 'Harrowgate'];
const STREETS = ['Mill Lane', 'Church Street', 'Station Road', 'Park Avenue', 'Orchard Close', 'Victoria Road', 'High Street'];
const HIS_NOTES = [
  'Attended the one-to-one session on time and took part in the discussion of the week.',
  'Spoke about the incident that led to the referral; still places much of the blame elsewhere.',
  'Completed the home exercise on noticing warning signs and talked it through.',
  'Rang to say he could not attend because of work; rearranged for next week.',
  'Discussed the time-out plan; he was able to describe when he had used it.',
  'Reviewed his goals for the programme with his facilitator.',
  'Arrived late and unsettled; the session focused on what had happened that morning.',
  'Talked about his relationship with his children and contact arrangements.',
];
const HER_NOTES = [
  'Spoke on her safe number at the agreed time; she is keeping the safety plan under review.',
  'Talked through what the programme involves and what it cannot promise.',
  'She asked for information about housing options; referral discussed.',
  'Checked in after his group session; no new concerns raised.',
  'She described the support she has from family and a friend nearby.',
  'Agreed to a call next week at the same time.',
];
const PERPETRATOR_STATUSES = ['referred', 'assessment', 'waiting', 'active', 'active', 'active', 'active', 'completed', 'completed', 'dropped_out', 'suspended', 'closed']; // prettier-ignore
const PARTNER_STATUSES = ['open', 'contacting', 'engaged', 'engaged', 'engaged', 'engaged', 'not_engaged', 'closed'];

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
const textArray = (values: readonly string[]) =>
  sql.raw(`ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`);

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

/** One chunk of participants [from, to): his record, case, notes, attempts and audit entries; her records and cases. */
async function writeChunk(
  db: Db,
  org: TestOrganisation,
  workers: { facilitators: string[]; partnerWorkers: string[] },
  from: number,
  to: number,
  size: number,
  schema: { auditHasChainSeq: boolean; deferForeignKeys: boolean },
): Promise<void> {
  const { auditHasChainSeq } = schema;
  const facilitators = sql.raw(`ARRAY[${workers.facilitators.map((id) => `'${id}'`).join(',')}]::uuid[]`);
  const partnerWorkers = sql.raw(`ARRAY[${workers.partnerWorkers.map((id) => `'${id}'`).join(',')}]::uuid[]`);
  const nf = workers.facilitators.length;
  const np = workers.partnerWorkers.length;
  const manager = org.users.management.id;
  await db.transaction().execute(async (trx) => {
    if (schema.deferForeignKeys) {
      // Foreign keys are checked once, set by set, after the load (verifyForeignKeys), not by a
      // trigger per row: twenty million rows times three keys is most of the load's time otherwise.
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    }
    // Opened over the last five years, the newest today; ids fixed here so each table can refer to them.
    // Nothing is dated in the future: the newest cases have fewer notes and no contact attempt yet.
    await sql`
      CREATE TEMP TABLE bench_men ON COMMIT DROP AS
      SELECT i, gen_random_uuid() AS participant_id, gen_random_uuid() AS case_id,
             (current_date - 1825 + (i::bigint * 1825 / ${size})::int)::date AS opened_on
      FROM generate_series(${from}::int, ${to - 1}::int) AS i`.execute(trx);
    await sql`
      INSERT INTO participants (id, organisation_id, reference, given_name, family_name, date_of_birth, gender,
        phone, address_line_1, town, postcode, interpreter_language, created_by, created_at, updated_at)
      SELECT participant_id, ${org.id}, 'PB-' || lpad(i::text, 8, '0'),
        (${textArray(GIVEN)})[1 + i % ${GIVEN.length}],
        (${textArray(FAMILY)})[1 + (i * 7 + i / ${GIVEN.length}) % ${FAMILY.length}],
        date '1960-01-01' + (i * 37) % 14000,
        CASE WHEN i % 60 = 0 THEN 'not_known' ELSE 'man' END,
        '07700 9' || lpad((i % 100000)::text, 5, '0'),
        (1 + i % 180) || ' ' || (${textArray(STREETS)})[1 + i % ${STREETS.length}],
        (${textArray(TOWNS)})[1 + i % ${TOWNS.length}],
        'NB' || (1 + i % 20) || ' ' || (i % 9) || chr(65 + i % 26) || chr(65 + (i / 26) % 26),
        CASE WHEN i % 25 = 0 THEN 'Polish' WHEN i % 31 = 0 THEN 'Romanian' END,
        ${manager}, opened_on::timestamptz, opened_on::timestamptz
      FROM bench_men`.execute(trx);
    await sql`
      INSERT INTO perpetrator_cases (id, organisation_id, participant_id, status, allocated_worker_id, opened_on, closed_on,
        created_at, updated_at)
      SELECT case_id, ${org.id}, participant_id, s.status, (${facilitators})[1 + i % ${nf}], opened_on,
        CASE WHEN s.status IN ('completed', 'dropped_out', 'closed') THEN opened_on + 200 END,
        opened_on::timestamptz, opened_on::timestamptz
      FROM bench_men,
        LATERAL (SELECT (${textArray(PERPETRATOR_STATUSES)})[1 + (i * 5) % ${PERPETRATOR_STATUSES.length}] AS status) s`.execute(
      trx,
    );
    await sql`
      INSERT INTO perpetrator_case_notes (organisation_id, perpetrator_case_id, author_id, body, created_at)
      SELECT ${org.id}, case_id, (${facilitators})[1 + i % ${nf}], (${textArray(HIS_NOTES)})[1 + (i + k) % ${HIS_NOTES.length}],
        opened_on + k * 14 + time '10:30'
      FROM bench_men, generate_series(1, 6) AS k
      WHERE opened_on + k * 14 < current_date`.execute(trx);
    await sql`
      INSERT INTO participant_contact_attempts (organisation_id, perpetrator_case_id, attempted_at, method, outcome, recorded_by)
      SELECT ${org.id}, case_id, opened_on + k + time '09:15',
        CASE k WHEN 1 THEN 'phone' ELSE 'letter' END, CASE k WHEN 1 THEN 'no_answer' ELSE 'reached' END,
        (${facilitators})[1 + i % ${nf}]
      FROM bench_men, generate_series(1, 2) AS k
      WHERE opened_on + k < current_date`.execute(trx);
    // About 1.3 partner cases per man: every man's current or ex-partner, and for three in ten a second.
    await sql`
      CREATE TEMP TABLE bench_women ON COMMIT DROP AS
      SELECT i * 2 + r AS j, i, r, participant_id, opened_on + 1 AS opened_on,
             gen_random_uuid() AS partner_id, gen_random_uuid() AS partner_case_id
      FROM bench_men, generate_series(0, CASE WHEN i % 10 < 3 THEN 1 ELSE 0 END) AS r`.execute(trx);
    await sql`
      INSERT INTO partners (id, organisation_id, participant_id, given_name, family_name, date_of_birth, gender, relationship,
        phone, address_line_1, town, postcode, safe_phone, safe_times, message_may_be_left, code_word,
        relationship_started_on, relationship_ended_on, safe_days, safe_from, safe_to, created_by, created_at, updated_at)
      SELECT partner_id, ${org.id}, participant_id,
        (${textArray(PARTNER_GIVEN)})[1 + j % ${PARTNER_GIVEN.length}],
        (${textArray(FAMILY)})[1 + (j * 11 + j / ${PARTNER_GIVEN.length}) % ${FAMILY.length}],
        date '1962-01-01' + (j * 41) % 14000,
        CASE WHEN j % 40 = 0 THEN 'not_known' ELSE 'woman' END,
        CASE WHEN r = 1 THEN (CASE WHEN i % 2 = 0 THEN 'ex' ELSE 'new' END) WHEN i % 4 = 0 THEN 'ex' ELSE 'current' END,
        '07700 8' || lpad((j % 100000)::text, 5, '0'),
        (1 + j % 150) || ' ' || (${textArray(STREETS)})[1 + (j + 3) % ${STREETS.length}],
        (${textArray(TOWNS)})[1 + (j + 2) % ${TOWNS.length}],
        'NB' || (1 + j % 20) || ' ' || (j % 9) || chr(65 + j % 26) || chr(65 + (j / 26) % 26),
        CASE WHEN j % 3 = 0 THEN '07700 7' || lpad((j % 100000)::text, 5, '0') END,
        CASE WHEN j % 3 = 0 THEN 'Weekday mornings' END,
        j % 5 = 0,
        CASE WHEN j % 7 = 0 THEN 'Bluebell' END,
        opened_on - 2000, CASE WHEN r = 1 OR i % 4 = 0 THEN opened_on - 200 END,
        CASE WHEN j % 3 = 0 THEN '{1,2,3,4,5}'::smallint[] ELSE '{}'::smallint[] END,
        CASE WHEN j % 3 = 0 THEN time '09:00' END, CASE WHEN j % 3 = 0 THEN time '12:00' END,
        ${manager}, opened_on::timestamptz, opened_on::timestamptz
      FROM bench_women`.execute(trx);
    await sql`
      INSERT INTO partner_cases (id, organisation_id, partner_id, reference, status, allocated_worker_id, opened_on, closed_on,
        created_at, updated_at)
      SELECT partner_case_id, ${org.id}, partner_id, 'PSB-' || lpad(j::text, 9, '0'), s.status,
        (${partnerWorkers})[1 + j % ${np}], opened_on,
        CASE WHEN s.status IN ('not_engaged', 'closed') THEN opened_on + 150 END,
        opened_on::timestamptz, opened_on::timestamptz
      FROM bench_women,
        LATERAL (SELECT (${textArray(PARTNER_STATUSES)})[1 + (j * 3) % ${PARTNER_STATUSES.length}] AS status) s`.execute(trx);
    await sql`
      INSERT INTO partner_case_notes (organisation_id, partner_case_id, author_id, body, created_at)
      SELECT ${org.id}, partner_case_id, (${partnerWorkers})[1 + j % ${np}],
        (${textArray(HER_NOTES)})[1 + (j + k) % ${HER_NOTES.length}], opened_on + k * 10 + time '14:00'
      FROM bench_women, generate_series(1, 4) AS k
      WHERE opened_on + k * 10 < current_date`.execute(trx);
    await sql`
      INSERT INTO partner_contact_attempts (organisation_id, partner_case_id, attempted_at, method, outcome, number_used, recorded_by)
      SELECT ${org.id}, partner_case_id, opened_on + k - 1 + time '10:00', 'phone',
        CASE k WHEN 1 THEN 'no_answer' ELSE 'reached' END, '07700 8' || lpad((j % 100000)::text, 5, '0'),
        (${partnerWorkers})[1 + j % ${np}]
      FROM bench_women, generate_series(1, 2) AS k
      WHERE opened_on + k - 1 < current_date`.execute(trx);
    // Audit entries, sealed: hash-shaped and unique, but not a verifiable chain (audit:verify will name
    // the first of them); the application's own entries chain on after the last one. Where the
    // schema numbers each organisation's chain (chain_seq), they take the next places in it.
    const chainSeq = auditHasChainSeq
      ? sql`, COALESCE((SELECT max(chain_seq) FROM audit_events WHERE organisation_id = ${org.id}), 0)
              + row_number() OVER (ORDER BY i, k)`
      : sql``;
    await sql`
      INSERT INTO audit_events (organisation_id, occurred_at, actor_user_id, action, record_type, record_id, ip, details,
        prev_hash, hash${auditHasChainSeq ? sql`, chain_seq` : sql``})
      SELECT ${org.id}, opened_on + k * 3 + time '11:00',
        CASE WHEN k % 2 = 0 THEN ${manager}::uuid ELSE (${facilitators})[1 + i % ${nf}] END,
        (${textArray(['participant.created', 'participant.viewed', 'participant.note_added', 'participant.viewed'])})[k],
        'participant', participant_id::text, '127.0.0.1',
        CASE k WHEN 1 THEN jsonb_build_object('perpetratorCaseId', case_id, 'status', 'referred') ELSE '{}'::jsonb END,
        encode(sha256(convert_to(participant_id::text || ':' || (k - 1), 'UTF8')), 'hex'),
        encode(sha256(convert_to(participant_id::text || ':' || k, 'UTF8')), 'hex')${chainSeq}
      FROM bench_men, generate_series(1, 4) AS k
      WHERE opened_on + k * 3 < current_date
      ORDER BY i, k`.execute(trx);
  });
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
