import { sql, type Kysely } from 'kysely';

/*
 * The audit log a data-protection officer can use: search by filter on indexes that keep the log's
 * order, which side of the wall an entry belongs to, and each entry's record named in words (its
 * reference and kind) rather than by id.
 *
 * Indexes. Each filter reads its own index in the log's order (time, then id), newest or oldest
 * first, and stops at the page's LIMIT: who did it, the action, the record type, the record.
 * The dates and the side read (organisation_id, occurred_at DESC, id DESC) of migration 0019;
 * the side is a condition on that walk, and both sides are a large share of any organisation's
 * entries, so a page is found after reading a few pages' worth.
 *
 * Side. audit_entry_side(action, record_type, details) says from the entry alone whether it is
 * about a partner case or the partner service's work ('partner'), his case or his programme
 * ('perpetrator'), or the organisation (sign-ins, users, settings). Immutable, so it can be
 * indexed later; groups, programmes and sessions of the partner side are known only from their
 * record, which app_audit_partner_side_record answers.
 *
 * Readable records. A DPO reads no case table under row-level security, so app_audit_records
 * and app_audit_record_ids run as their owner (SECURITY DEFINER), for the request's organisation
 * only, and only for a user on a data-protection team (the one side whose policy may read the
 * log, src/access/policy.ts 'audit.view'); to anyone else they answer nothing. They return a
 * record's reference (PA-1042, PS-1043, RF-1044) and kind, or the name of a group, programme,
 * venue, team or user: never a participant's or partner's name or contact details. A caller on
 * the perpetrator side without the partner side or management is told nothing of a partner-side
 * record, as the wall requires (app_audit_may_see_partner_side).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */

const READ_TABLES = [
  'participants',
  'partner_cases',
  'referrals',
  'referral_documents',
  'dash_assessments',
  'marac_referrals',
  'suitability_assessments',
  'risk_assessments',
  'assessment_reports',
  'shares',
  'risk_alerts',
  'programmes',
  'programme_groups',
  'programme_sessions',
];

const INDEXES: Array<{ name: string; column: string }> = [
  { name: 'audit_events_org_actor_time_idx', column: 'actor_user_id' },
  { name: 'audit_events_org_action_time_idx', column: 'action' },
  { name: 'audit_events_org_type_time_idx', column: 'record_type' },
  { name: 'audit_events_org_record_time_idx', column: 'record_id' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { name, column } of INDEXES) {
    await sql.raw(`CREATE INDEX ${name} ON audit_events (organisation_id, ${column}, occurred_at DESC, id DESC)`).execute(db);
  }

  await sql`
    CREATE FUNCTION audit_entry_side(action text, record_type text, details jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN split_part(action, '.', 1) IN ('partner_case', 'partner_group', 'partner_alert', 'partner_duty', 'dash', 'marac',
                                            'risk_picture')
          OR action IN ('group.viewed_partner_side', 'referral.partner_side_documents_listed',
                        'referral.partner_side_document_downloaded', 'assessment.report_partner_information_added',
                        'intake.partners_merged', 'settings.partner_duties_changed', 'settings.appointment_buffer_changed',
                        'settings.risk_changed')
          OR record_type IN ('partner_case', 'dash_assessment', 'marac_referral', 'marac_meeting')
          OR details->>'subject' = 'partnerCase'
          OR details->>'side' = 'partner'
          OR details->>'visibility' = 'partner_side'
          OR details ? 'partnerCaseId'
          OR details ? 'partnerMatches'
          OR (jsonb_typeof(details->'partnerCaseIds') = 'array' AND jsonb_array_length(details->'partnerCaseIds') > 0)
          THEN 'partner'
        WHEN split_part(action, '.', 1) IN ('participant', 'child', 'share', 'intake', 'referral', 'programme', 'group',
                                            'enrolment', 'non_association', 'session', 'attendance', 'disclosure', 'journey',
                                            'assessment', 'risk_alert')
          OR record_type IN ('participant', 'share', 'referral', 'referral_document', 'programme', 'group', 'enrolment',
                             'non_association', 'programme_session', 'disclosure', 'enrolment_review',
                             'suitability_assessment', 'risk_assessment', 'assessment_report', 'risk_alert')
          THEN 'perpetrator'
        ELSE 'organisation'
      END
    $$`.execute(db);

  // Where the owner is not a superuser, FORCE ROW LEVEL SECURITY applies to it too: the functions
  // below may read these tables only while they run (as migration 0035's searches).
  await sql
    .raw(
      `DO $$
       DECLARE t text;
       BEGIN
         IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
           FOREACH t IN ARRAY ARRAY[${READ_TABLES.map((t) => `'${t}'`).join(',')}] LOOP
             EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO %I USING (current_setting(''app.audit_records'', true) = ''on'')',
                            t || '_audit_records', t, current_user);
           END LOOP;
         END IF;
       END $$`,
    )
    .execute(db);

  // Perpetrator-side staff learn nothing of a partner case, not even from the log: a user on the
  // perpetrator side may see partner-side entries only through the partner side or management.
  await sql`
    CREATE FUNCTION app_audit_may_see_partner_side() RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT app_current_user_has_side(ARRAY['partner', 'management'])
          OR NOT app_current_user_has_side(ARRAY['perpetrator'])
    $$`.execute(db);

  await sql`
    CREATE FUNCTION app_audit_partner_side_record(kind text, id text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET app.audit_records = 'on'
    AS $fn$
    DECLARE
      org uuid := app_current_organisation_id();
      uid uuid;
    BEGIN
      -- Only the log's readers ask; to anyone else every such record counts as partner-side.
      IF org IS NULL OR NOT app_current_user_has_side(ARRAY['dpo']) THEN
        RETURN true;
      END IF;
      IF id IS NULL OR id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN false;
      END IF;
      uid := id::uuid;
      RETURN CASE kind
        WHEN 'programme' THEN EXISTS (SELECT 1 FROM programmes WHERE programmes.id = uid AND organisation_id = org AND side = 'partner')
        WHEN 'group' THEN EXISTS (SELECT 1 FROM programme_groups g WHERE g.id = uid AND organisation_id = org AND side = 'partner')
        WHEN 'programme_session' THEN EXISTS (SELECT 1 FROM programme_sessions s WHERE s.id = uid AND organisation_id = org AND side = 'partner')
        WHEN 'referral_document' THEN EXISTS (SELECT 1 FROM referral_documents d WHERE d.id = uid AND organisation_id = org AND visibility = 'partner_side')
        WHEN 'share' THEN EXISTS (SELECT 1 FROM shares s WHERE s.id = uid AND organisation_id = org AND partner_case_id IS NOT NULL)
        WHEN 'risk_alert' THEN EXISTS (SELECT 1 FROM risk_alerts a WHERE a.id = uid AND organisation_id = org AND side = 'partner')
        ELSE false
      END;
    END
    $fn$`.execute(db);

  // Each record named by (type, id): its case's reference and which case that is, or its name
  // (groups, programmes, venues, teams, users), and its side. Nothing for ids of another
  // organisation, and nothing at all unless the caller is on a data-protection team.
  await sql`
    CREATE FUNCTION app_audit_records(kinds text[], ids text[])
    RETURNS TABLE (record_type text, record_id text, reference text, name text, side text, case_type text, case_id uuid)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET app.audit_records = 'on'
    AS $fn$
    #variable_conflict use_column
    DECLARE
      org uuid := app_current_organisation_id();
      partner_ok boolean := app_audit_may_see_partner_side();
    BEGIN
      IF org IS NULL OR NOT app_current_user_has_side(ARRAY['dpo']) THEN
        RETURN;
      END IF;
      RETURN QUERY
      WITH asked AS (
        SELECT DISTINCT k AS kind, i AS id, i::uuid AS uid
        FROM unnest(kinds, ids) AS u(k, i)
        WHERE i ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      ),
      described AS (
        SELECT a.kind, a.id, p.reference, NULL::text AS name, 'perpetrator'::text AS side, 'participant'::text AS case_type, p.id AS case_id
          FROM asked a JOIN participants p ON p.id = a.uid AND p.organisation_id = org WHERE a.kind = 'participant'
        UNION ALL
        SELECT a.kind, a.id, c.reference, NULL, 'partner', 'partner_case', c.id
          FROM asked a JOIN partner_cases c ON c.id = a.uid AND c.organisation_id = org WHERE a.kind = 'partner_case'
        UNION ALL
        SELECT a.kind, a.id, r.reference, NULL, 'perpetrator', 'referral', r.id
          FROM asked a JOIN referrals r ON r.id = a.uid AND r.organisation_id = org WHERE a.kind = 'referral'
        UNION ALL
        SELECT a.kind, a.id, r.reference, NULL, CASE WHEN d.visibility = 'partner_side' THEN 'partner' ELSE 'perpetrator' END,
               'referral', r.id
          FROM asked a JOIN referral_documents d ON d.id = a.uid AND d.organisation_id = org
          JOIN referrals r ON r.id = d.referral_id AND r.organisation_id = org WHERE a.kind = 'referral_document'
        UNION ALL
        SELECT a.kind, a.id, c.reference, NULL, 'partner', 'partner_case', c.id
          FROM asked a JOIN dash_assessments d ON d.id = a.uid AND d.organisation_id = org
          JOIN partner_cases c ON c.id = d.partner_case_id AND c.organisation_id = org WHERE a.kind = 'dash_assessment'
        UNION ALL
        SELECT a.kind, a.id, c.reference, NULL, 'partner', 'partner_case', c.id
          FROM asked a JOIN marac_referrals m ON m.id = a.uid AND m.organisation_id = org
          JOIN partner_cases c ON c.id = m.partner_case_id AND c.organisation_id = org WHERE a.kind = 'marac_referral'
        UNION ALL
        SELECT a.kind, a.id, p.reference, NULL, 'perpetrator', 'participant', p.id
          FROM asked a JOIN suitability_assessments s ON s.id = a.uid AND s.organisation_id = org
          JOIN participants p ON p.id = s.participant_id AND p.organisation_id = org WHERE a.kind = 'suitability_assessment'
        UNION ALL
        SELECT a.kind, a.id, p.reference, NULL, 'perpetrator', 'participant', p.id
          FROM asked a JOIN risk_assessments s ON s.id = a.uid AND s.organisation_id = org
          JOIN participants p ON p.id = s.participant_id AND p.organisation_id = org WHERE a.kind = 'risk_assessment'
        UNION ALL
        SELECT a.kind, a.id, p.reference, NULL, 'perpetrator', 'participant', p.id
          FROM asked a JOIN assessment_reports s ON s.id = a.uid AND s.organisation_id = org
          JOIN participants p ON p.id = s.participant_id AND p.organisation_id = org WHERE a.kind = 'assessment_report'
        UNION ALL
        SELECT a.kind, a.id, COALESCE(c.reference, p.reference), NULL,
               CASE WHEN s.partner_case_id IS NOT NULL THEN 'partner' ELSE 'perpetrator' END,
               CASE WHEN c.id IS NOT NULL THEN 'partner_case' ELSE 'participant' END, COALESCE(c.id, p.id)
          FROM asked a JOIN shares s ON s.id = a.uid AND s.organisation_id = org
          LEFT JOIN partner_cases c ON c.id = s.partner_case_id AND c.organisation_id = org
          LEFT JOIN participants p ON p.id = s.participant_id AND p.organisation_id = org WHERE a.kind = 'share'
        UNION ALL
        SELECT a.kind, a.id, COALESCE(c.reference, p.reference), NULL, r.side,
               CASE WHEN c.id IS NOT NULL THEN 'partner_case' ELSE 'participant' END, COALESCE(c.id, p.id)
          FROM asked a JOIN risk_alerts r ON r.id = a.uid AND r.organisation_id = org
          LEFT JOIN partner_cases c ON c.id = r.partner_case_id AND c.organisation_id = org
          LEFT JOIN participants p ON p.id = r.participant_id AND p.organisation_id = org WHERE a.kind = 'risk_alert'
        UNION ALL
        SELECT a.kind, a.id, NULL, g.name, g.side, NULL, NULL
          FROM asked a JOIN programmes g ON g.id = a.uid AND g.organisation_id = org WHERE a.kind = 'programme'
        UNION ALL
        SELECT a.kind, a.id, NULL, g.name, g.side, NULL, NULL
          FROM asked a JOIN programme_groups g ON g.id = a.uid AND g.organisation_id = org WHERE a.kind = 'group'
        UNION ALL
        SELECT a.kind, a.id, NULL, g.name, s.side, NULL, NULL
          FROM asked a JOIN programme_sessions s ON s.id = a.uid AND s.organisation_id = org
          LEFT JOIN programme_groups g ON g.id = s.group_id AND g.organisation_id = org WHERE a.kind = 'programme_session'
        UNION ALL
        SELECT a.kind, a.id, NULL, v.name, NULL, NULL, NULL
          FROM asked a JOIN venues v ON v.id = a.uid AND v.organisation_id = org WHERE a.kind = 'venue'
        UNION ALL
        SELECT a.kind, a.id, NULL, t.name, NULL, NULL, NULL
          FROM asked a JOIN teams t ON t.id = a.uid AND t.organisation_id = org WHERE a.kind = 'team'
        UNION ALL
        SELECT a.kind, a.id, NULL, u.display_name, NULL, NULL, NULL
          FROM asked a JOIN users u ON u.id = a.uid AND u.organisation_id = org WHERE a.kind = 'user'
      )
      SELECT f.kind, f.id, f.reference, f.name, f.side, f.case_type, f.case_id
      FROM described f
      WHERE partner_ok OR f.side IS DISTINCT FROM 'partner';
    END
    $fn$`.execute(db);

  // The ids of a case found by its reference, and of the records that belong to it (his
  // assessments and reports, her DASHes and MARAC referrals, the shares and alerts about it, a
  // referral's documents): the entries about that case. Nothing for a reference of another
  // organisation, none for a partner-side case to a caller the wall keeps from it, and nothing
  // unless the caller is on a data-protection team.
  await sql`
    CREATE FUNCTION app_audit_record_ids(ref text) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET app.audit_records = 'on'
    AS $fn$
    DECLARE
      org uuid := app_current_organisation_id();
      partner_ok boolean := app_audit_may_see_partner_side();
      hit uuid;
    BEGIN
      IF org IS NULL OR NOT app_current_user_has_side(ARRAY['dpo']) THEN
        RETURN;
      END IF;
      SELECT id INTO hit FROM participants WHERE organisation_id = org AND reference = ref;
      IF hit IS NOT NULL THEN
        RETURN QUERY
          SELECT hit::text
          UNION ALL SELECT id::text FROM suitability_assessments WHERE organisation_id = org AND participant_id = hit
          UNION ALL SELECT id::text FROM risk_assessments WHERE organisation_id = org AND participant_id = hit
          UNION ALL SELECT id::text FROM assessment_reports WHERE organisation_id = org AND participant_id = hit
          UNION ALL SELECT id::text FROM shares WHERE organisation_id = org AND participant_id = hit AND partner_case_id IS NULL
          UNION ALL SELECT id::text FROM risk_alerts WHERE organisation_id = org AND participant_id = hit AND side = 'perpetrator';
        RETURN;
      END IF;
      IF partner_ok THEN
        SELECT id INTO hit FROM partner_cases WHERE organisation_id = org AND reference = ref;
        IF hit IS NOT NULL THEN
          RETURN QUERY
            SELECT hit::text
            UNION ALL SELECT id::text FROM dash_assessments WHERE organisation_id = org AND partner_case_id = hit
            UNION ALL SELECT id::text FROM marac_referrals WHERE organisation_id = org AND partner_case_id = hit
            UNION ALL SELECT id::text FROM shares WHERE organisation_id = org AND partner_case_id = hit
            UNION ALL SELECT id::text FROM risk_alerts WHERE organisation_id = org AND partner_case_id = hit;
          RETURN;
        END IF;
      END IF;
      SELECT id INTO hit FROM referrals WHERE organisation_id = org AND reference = ref;
      IF hit IS NOT NULL THEN
        RETURN QUERY
          SELECT hit::text
          UNION ALL SELECT id::text FROM referral_documents
            WHERE organisation_id = org AND referral_id = hit AND (partner_ok OR visibility = 'both_sides');
      END IF;
    END
    $fn$`.execute(db);

  for (const signature of [
    'app_audit_partner_side_record(text, text)',
    'app_audit_records(text[], text[])',
    'app_audit_record_ids(text)',
  ]) {
    await sql.raw(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`).execute(db);
    await sql.raw(`GRANT EXECUTE ON FUNCTION ${signature} TO parallel_app`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION app_audit_record_ids(text)`.execute(db);
  await sql`DROP FUNCTION app_audit_records(text[], text[])`.execute(db);
  await sql`DROP FUNCTION app_audit_partner_side_record(text, text)`.execute(db);
  await sql`DROP FUNCTION app_audit_may_see_partner_side()`.execute(db);
  await sql`DROP FUNCTION audit_entry_side(text, text, jsonb)`.execute(db);
  for (const table of READ_TABLES) {
    await sql.raw(`DROP POLICY IF EXISTS ${table}_audit_records ON ${table}`).execute(db);
  }
  for (const { name } of INDEXES) {
    await sql.raw(`DROP INDEX ${name}`).execute(db);
  }
}
