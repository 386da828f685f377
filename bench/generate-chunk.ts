import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { TestOrganisation } from '../test/fixtures/organisation.js';

/*
 * One chunk of the benchmark caseload (bench/generate.ts), written set by set: invented names only,
 * a list of fictional given and family names combined by index.
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

const textArray = (values: readonly string[]) =>
  sql.raw(`ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`);

/** One chunk of participants [from, to): his record, case, notes, attempts and audit entries; her records and cases. */
export async function writeChunk(
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
