import { sql, type Kysely } from 'kysely';

/*
 * Search and filters on both caseloads (issue 12): one box that finds a person by name (with
 * typos and transliterations), by reference, by date of birth, by phone or by postcode, and
 * filters by worker, risk level and overdue first contact. Every search reads an index:
 *
 * - names: a trigram index (pg_trgm) on the name folded to lower case without accents, for
 *   typos ("Ashdwon"), and the Double Metaphone key (fuzzystrmatch) of each name, for spellings
 *   of the same sound ("Mohammed" / "Muhammad", "Smyth" / "Smith"); both extensions are trusted
 *   (PostgreSQL 13+), and PGlite loads them (src/db/database.ts);
 * - references by prefix ("PA-104"), on text_pattern_ops so LIKE 'PA-104%' is a range scan;
 * - date of birth, phone digits (spaces, dashes and brackets ignored) and postcode (spaces and
 *   case ignored), each keyed by organisation first;
 * - his latest risk level and her latest DASH level, and his cases by allocated worker.
 *
 * The helper functions are IMMUTABLE so the indexes can use them; the application asks with the
 * same functions, so the index and the query never disagree on what "the same" means.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const ACCENTED = 'áàâäãåāăąçćčďđéèêëēėęěğíìîïīįıłľĺñńňóòôöõøōőŕřśšşťţúùûüūůűųýÿźżž';
const PLAIN = 'aaaaaaaaacccddeeeeeeeegiiiiiiilllnnnoooooooorrsssttuuuuuuuuyyzzz';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`.execute(db);
  await sql
    .raw(
      `CREATE FUNCTION app_search_name(given text, family text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE
       RETURN translate(lower(coalesce(given, '') || ' ' || coalesce(family, '')), '${ACCENTED}', '${PLAIN}')`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE FUNCTION app_search_word(word text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE
       RETURN translate(lower(word), '${ACCENTED}', '${PLAIN}')`,
    )
    .execute(db);
  await sql`
    CREATE FUNCTION app_phone_digits(phone text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')`.execute(db);
  await sql`
    CREATE FUNCTION app_postcode_key(postcode text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(upper(regexp_replace(postcode, '[[:space:]]', '', 'g')), '')`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION app_search_name(text, text), app_search_word(text), app_phone_digits(text),
    app_postcode_key(text) TO parallel_app`.execute(db);

  for (const people of ['participants', 'partners']) {
    const live = 'WHERE merged_into IS NULL';
    const indexes = [
      `${people}_search_name_trgm_idx ON ${people} USING gin (app_search_name(given_name, family_name) gin_trgm_ops) ${live}`,
      `${people}_search_family_sound_idx ON ${people} (organisation_id, dmetaphone(app_search_word(family_name))) ${live}`,
      `${people}_search_given_sound_idx ON ${people} (organisation_id, dmetaphone(app_search_word(given_name))) ${live}`,
      `${people}_search_birth_idx ON ${people} (organisation_id, date_of_birth) ${live}`,
      `${people}_search_phone_idx ON ${people} (organisation_id, app_phone_digits(phone)) ${live}`,
      `${people}_search_postcode_idx ON ${people} (organisation_id, app_postcode_key(postcode)) ${live}`,
    ];
    for (const index of indexes) {
      await sql.raw(`CREATE INDEX ${index}`).execute(db);
    }
  }
  // Her safe number is hers to be found by on her side (never searched from his side).
  await sql`CREATE INDEX partners_search_safe_phone_idx ON partners (organisation_id, app_phone_digits(safe_phone))
    WHERE merged_into IS NULL`.execute(db);
  await sql`CREATE INDEX participants_search_reference_idx ON participants (organisation_id, reference text_pattern_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX partner_cases_search_reference_idx ON partner_cases (organisation_id, reference text_pattern_ops)`.execute(
    db,
  );
  // His cases by allocated worker ("My cases", "My team", a worker or a team): her side has had this since 0020.
  await sql`CREATE INDEX perpetrator_cases_worker_idx ON perpetrator_cases (organisation_id, allocated_worker_id)`.execute(db);
  // His risk level: the level of his latest assessment (highest version), found from the level.
  await sql`CREATE INDEX risk_assessments_level_idx ON risk_assessments (organisation_id, overall_level, participant_id)`.execute(
    db,
  );
  // Her risk level: the level of her latest DASH, the worker's judgement where it raises the score's.
  await sql`CREATE FUNCTION app_dash_level(score_level text, judgement_level text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN 'high' IN (score_level, judgement_level) THEN 'high'
                WHEN 'medium' IN (score_level, judgement_level) THEN 'medium'
                ELSE score_level END`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION app_dash_level(text, text) TO parallel_app`.execute(db);
  await sql`CREATE INDEX dash_assessments_level_idx ON dash_assessments
    (organisation_id, app_dash_level(score_level, judgement_level), partner_case_id)`.execute(db);
  // The men in a group now (not yet ended), from the group.
  await sql`CREATE INDEX programme_enrolments_current_group_idx ON programme_enrolments (group_id, perpetrator_case_id)
    WHERE ended_on IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'programme_enrolments_current_group_idx',
    'dash_assessments_level_idx',
    'risk_assessments_level_idx',
    'perpetrator_cases_worker_idx',
    'partner_cases_search_reference_idx',
    'participants_search_reference_idx',
    'partners_search_safe_phone_idx',
  ]) {
    await sql.raw(`DROP INDEX ${index}`).execute(db);
  }
  for (const people of ['participants', 'partners']) {
    for (const suffix of ['name_trgm', 'family_sound', 'given_sound', 'birth', 'phone', 'postcode']) {
      await sql.raw(`DROP INDEX ${people}_search_${suffix}_idx`).execute(db);
    }
  }
  await sql`DROP FUNCTION app_dash_level(text, text), app_postcode_key(text), app_phone_digits(text), app_search_word(text), app_search_name(text, text)`.execute(
    db,
  );
}
