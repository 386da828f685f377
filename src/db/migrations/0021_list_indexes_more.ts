import { sql, type Kysely } from 'kysely';

/*
 * The remaining lists page on an index in their order (issue 11, point 2): duties to inform her,
 * MARAC meetings and programme groups.
 *
 * Duties to inform her are derived (src/partner-duties): an event of his of a duty kind, for each
 * of his partners' cases, not yet recorded. Their order, the due date, is computed from working
 * days and bank holidays, so no index can serve it and the outstanding list read every event of the
 * organisation. Here the outstanding duties are kept in partner_duties_outstanding, one row per
 * case and event, by triggers on the tables a duty is derived from, so a duty is there the moment
 * the event (or her case, or the link between them) is written, in the same transaction, and
 * leaves when her worker records it or her case closes. The due date needs the bank holidays and
 * the organisation's due times, which live in the application: the partner-duties service fills
 * `due_on` where it is still empty before it reads a list, and empties it again when the due times
 * change. The definition of a duty is the one in src/partner-duties/repository.ts (listDuties).
 *
 * The triggers write across the wall on behalf of his side (a facilitator records a missed
 * session), so they run as the owner (SECURITY DEFINER), never as parallel_app, and parallel_app
 * may only read the table (her side and management) and fill in the due date.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const HER_SIDE = `ARRAY['partner','management']`;
/** src/partner-duties/rules.ts DUTY_EVENT_TYPES at the time of writing. */
const DUTY_TYPES = `ARRAY['assessment_outcome','started','missed_session','suspended','dropped_out','excluded',
  'completed','breached','disclosure','attendance_corrected']`;
/** src/partner-duties/rules.ts RELEVANT_BEFORE_OPENING_DAYS. */
const BEFORE_OPENING_DAYS = 28;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE partner_duties_outstanding (
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES participant_events(id) ON DELETE CASCADE,
      allocated_worker_id uuid,
      event_type text NOT NULL,
      event_recorded_at timestamptz NOT NULL,
      case_opened_on date NOT NULL,
      due_on date,
      PRIMARY KEY (partner_case_id, event_id)
    )`.execute(db);
  // Every case's outstanding duties (managers), then a worker's own: due date, case, event.
  await sql`
    CREATE INDEX partner_duties_outstanding_list_idx
    ON partner_duties_outstanding (organisation_id, due_on, partner_case_id, event_id)`.execute(db);
  await sql`
    CREATE INDEX partner_duties_outstanding_worker_idx
    ON partner_duties_outstanding (organisation_id, allocated_worker_id, due_on, partner_case_id, event_id)`.execute(db);
  // The rows whose due date the application has still to fill in.
  await sql`
    CREATE INDEX partner_duties_outstanding_undated_idx ON partner_duties_outstanding (organisation_id)
    WHERE due_on IS NULL`.execute(db);
  await sql`ALTER TABLE partner_duties_outstanding ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE partner_duties_outstanding FORCE ROW LEVEL SECURITY`.execute(db);
  await sql
    .raw(
      `CREATE POLICY partner_duties_outstanding_wall ON partner_duties_outstanding FOR ALL TO parallel_app
       USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${HER_SIDE})))
       WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${HER_SIDE})))`,
    )
    .execute(db);
  await sql`GRANT SELECT ON partner_duties_outstanding TO parallel_app`.execute(db);
  await sql`GRANT UPDATE (due_on) ON partner_duties_outstanding TO parallel_app`.execute(db);

  // Where the owner is not a superuser, FORCE ROW LEVEL SECURITY applies to it too: the
  // definer functions below may read and write these tables only while they run.
  await sql
    .raw(
      `DO $$
       DECLARE t text;
       BEGIN
         IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
           FOREACH t IN ARRAY ARRAY['partners','partner_cases','partner_duty_records','participant_events',
                                    'partner_duties_outstanding'] LOOP
             IF (SELECT relrowsecurity FROM pg_class WHERE oid = t::regclass) THEN
               EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO %I USING (current_setting(''app.duty_sync'', true) = ''on'')
                               WITH CHECK (current_setting(''app.duty_sync'', true) = ''on'')',
                              t || '_duty_sync', t, current_user);
             END IF;
           END LOOP;
         END IF;
       END $$`,
    )
    .execute(db);

  // The outstanding duties of the cases given, made to match the definition exactly.
  await sql
    .raw(
      `CREATE FUNCTION partner_duties_sync(cases uuid[]) RETURNS void
       LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp SET app.duty_sync = 'on' AS $$
         WITH wanted AS (
           SELECT pc.organisation_id, pc.id AS partner_case_id, ev.id AS event_id, pc.allocated_worker_id,
                  ev.type AS event_type, ev.created_at AS event_recorded_at, pc.opened_on AS case_opened_on
           FROM partner_cases pc
           JOIN partners pa ON pa.id = pc.partner_id
           JOIN participant_events ev ON ev.participant_id = pa.participant_id AND ev.organisation_id = pc.organisation_id
           WHERE pc.id = ANY(cases)
             AND pc.status <> 'closed'
             AND pa.merged_into IS NULL
             AND ev.type = ANY(${DUTY_TYPES})
             AND ev.created_at >= (pc.opened_on - ${BEFORE_OPENING_DAYS})::timestamptz
             AND (pc.closed_on IS NULL OR ev.created_at::date <= pc.closed_on)
             AND NOT EXISTS (SELECT 1 FROM partner_duty_records rec
                             WHERE rec.partner_case_id = pc.id AND rec.event_id = ev.id)
         ), gone AS (
           DELETE FROM partner_duties_outstanding o
           WHERE o.partner_case_id = ANY(cases)
             AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.partner_case_id = o.partner_case_id AND w.event_id = o.event_id)
         )
         INSERT INTO partner_duties_outstanding AS o
           (organisation_id, partner_case_id, event_id, allocated_worker_id, event_type, event_recorded_at, case_opened_on)
         SELECT organisation_id, partner_case_id, event_id, allocated_worker_id, event_type, event_recorded_at, case_opened_on
         FROM wanted
         ON CONFLICT (partner_case_id, event_id) DO UPDATE SET
           organisation_id = EXCLUDED.organisation_id,
           allocated_worker_id = EXCLUDED.allocated_worker_id,
           case_opened_on = EXCLUDED.case_opened_on,
           due_on = CASE WHEN o.case_opened_on = EXCLUDED.case_opened_on THEN o.due_on END
       $$`,
    )
    .execute(db);
  await sql`REVOKE ALL ON FUNCTION partner_duties_sync(uuid[]) FROM PUBLIC`.execute(db);

  // A new event of his (or one moved to another participant): each of his partners' cases.
  await sql
    .raw(
      `CREATE FUNCTION partner_duties_on_event() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET app.duty_sync = 'on' AS $$
       BEGIN
         PERFORM partner_duties_sync(ARRAY(
           SELECT pc.id FROM partners pa JOIN partner_cases pc ON pc.partner_id = pa.id
           WHERE pa.participant_id = NEW.participant_id
              OR (TG_OP = 'UPDATE' AND pa.participant_id = OLD.participant_id)));
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER partner_duties_on_event AFTER INSERT OR UPDATE OF participant_id, type, created_at
       ON participant_events FOR EACH ROW EXECUTE FUNCTION partner_duties_on_event()`,
    )
    .execute(db);

  // Her case opened, reallocated, closed or reopened, or linked to another partner record.
  await sql
    .raw(
      `CREATE FUNCTION partner_duties_on_case() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET app.duty_sync = 'on' AS $$
       BEGIN
         PERFORM partner_duties_sync(ARRAY[NEW.id]);
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER partner_duties_on_case
       AFTER INSERT OR UPDATE OF partner_id, status, opened_on, closed_on, allocated_worker_id, organisation_id
       ON partner_cases FOR EACH ROW EXECUTE FUNCTION partner_duties_on_case()`,
    )
    .execute(db);

  // Her record linked to him (or to someone else), or merged into another.
  await sql
    .raw(
      `CREATE FUNCTION partner_duties_on_partner() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET app.duty_sync = 'on' AS $$
       BEGIN
         PERFORM partner_duties_sync(ARRAY(SELECT id FROM partner_cases WHERE partner_id = NEW.id));
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER partner_duties_on_partner AFTER UPDATE OF participant_id, merged_into
       ON partners FOR EACH ROW EXECUTE FUNCTION partner_duties_on_partner()`,
    )
    .execute(db);

  // Her worker recorded how she was told, or why she could not be: the duty is done.
  await sql
    .raw(
      `CREATE FUNCTION partner_duties_on_record() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET app.duty_sync = 'on' AS $$
       BEGIN
         DELETE FROM partner_duties_outstanding WHERE partner_case_id = NEW.partner_case_id AND event_id = NEW.event_id;
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER partner_duties_on_record AFTER INSERT ON partner_duty_records
       FOR EACH ROW EXECUTE FUNCTION partner_duties_on_record()`,
    )
    .execute(db);

  // The duties outstanding today; their due dates are filled in when first listed.
  await sql`SELECT partner_duties_sync(ARRAY(SELECT id FROM partner_cases WHERE status <> 'closed'))`.execute(db);

  // MARAC meetings, by area then date, as /marac lists them.
  await sql`CREATE INDEX marac_meetings_list_idx ON marac_meetings (organisation_id, area, meets_on, id)`.execute(db);
  // Programme groups: running and planned first, then finished and cancelled; newest start first.
  await sql`
    CREATE INDEX programme_groups_list_idx ON programme_groups
    (organisation_id, (status IN ('finished', 'cancelled')), start_date DESC, name, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX programme_groups_list_idx`.execute(db);
  await sql`DROP INDEX marac_meetings_list_idx`.execute(db);
  await sql`DROP TRIGGER partner_duties_on_record ON partner_duty_records`.execute(db);
  await sql`DROP TRIGGER partner_duties_on_partner ON partners`.execute(db);
  await sql`DROP TRIGGER partner_duties_on_case ON partner_cases`.execute(db);
  await sql`DROP TRIGGER partner_duties_on_event ON participant_events`.execute(db);
  await sql`DROP FUNCTION partner_duties_on_record()`.execute(db);
  await sql`DROP FUNCTION partner_duties_on_partner()`.execute(db);
  await sql`DROP FUNCTION partner_duties_on_case()`.execute(db);
  await sql`DROP FUNCTION partner_duties_on_event()`.execute(db);
  await sql`DROP FUNCTION partner_duties_sync(uuid[])`.execute(db);
  await sql
    .raw(
      `DO $$
       DECLARE t text;
       BEGIN
         FOREACH t IN ARRAY ARRAY['partners','partner_cases','partner_duty_records','participant_events'] LOOP
           EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_duty_sync', t);
         END LOOP;
       END $$`,
    )
    .execute(db);
  await sql`DROP TABLE partner_duties_outstanding`.execute(db);
}
