import { sql, type Kysely } from 'kysely';

/*
 * Referrals and triage. A referral names the participant (recorded as a person at once, so the
 * known-person check and the partner service can start) and says who referred him and why.
 * Triage is facts plus a derived status: every change is a row in the append-only status
 * history, and the referral's status is its latest row.
 *
 * Who in the community referred him (his partner, her family, a friend) is partner-side: the man
 * is never told she referred, so neither is the perpetrator side (seed 001, Make a Change).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      reference text NOT NULL,
      participant_id uuid NOT NULL REFERENCES participants(id),
      channel text NOT NULL CHECK (channel IN ('online_form', 'phone', 'email', 'letter', 'in_person')),
      source text NOT NULL CHECK (source IN ('agency', 'self', 'community')),
      agency_type text CHECK (agency_type IN ('childrens_services', 'probation', 'court', 'cafcass', 'police', 'health',
        'substance_misuse', 'couples_counselling', 'housing', 'other_agency')),
      referrer_name text,
      referrer_organisation text,
      referrer_phone text,
      referrer_email text,
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
      mandated boolean NOT NULL DEFAULT false,
      court_context text,
      child_protection_context text,
      area text,
      interpreter_language text,
      relationship_context text CHECK (relationship_context IN ('heterosexual', 'same_sex', 'womens_use_of_violence', 'other', 'not_known')),
      received_on date NOT NULL DEFAULT current_date,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, reference),
      CHECK ((source = 'agency') = (agency_type IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX referrals_participant_idx ON referrals (participant_id)`.execute(db);
  await sql`CREATE INDEX referrals_org_received_idx ON referrals (organisation_id, received_on)`.execute(db);

  await sql`
    CREATE TABLE referral_status_history (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      referral_id uuid NOT NULL REFERENCES referrals(id),
      from_status text CHECK (from_status IN ('received', 'triage', 'accepted', 'signposted', 'declined', 'withdrawn')),
      to_status text NOT NULL CHECK (to_status IN ('received', 'triage', 'accepted', 'signposted', 'declined', 'withdrawn')),
      reason_code text NOT NULL,
      note text CHECK (length(note) <= 5000),
      changed_by uuid REFERENCES users(id),
      changed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX referral_status_history_referral_idx ON referral_status_history (referral_id, id)`.execute(db);

  await sql`
    CREATE TABLE referral_community_sources (
      referral_id uuid PRIMARY KEY REFERENCES referrals(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      relationship text NOT NULL CHECK (relationship IN ('partner', 'ex_partner', 'family', 'friend', 'other')),
      name text,
      phone text,
      safe_to_contact text,
      -- What they told us: their account is theirs, kept partner-side like her notes.
      account text CHECK (length(account) <= 5000),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  const policies: Array<{ table: string; sides: string }> = [
    { table: 'referrals', sides: `ARRAY['perpetrator','partner','management']` },
    { table: 'referral_status_history', sides: `ARRAY['perpetrator','partner','management']` },
    { table: 'referral_community_sources', sides: `ARRAY['partner','management']` },
  ];
  for (const { table, sides } of policies) {
    await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
    await sql
      .raw(
        `CREATE POLICY ${table}_wall ON ${table} FOR ALL TO parallel_app
         USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${sides})))
         WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${sides})))`,
      )
      .execute(db);
  }
  await sql`GRANT SELECT, INSERT, UPDATE ON referrals TO parallel_app`.execute(db);
  // The status history and who referred are records of what happened: added to, never rewritten.
  await sql`GRANT SELECT, INSERT ON referral_status_history, referral_community_sources TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE referral_community_sources`.execute(db);
  await sql`DROP TABLE referral_status_history`.execute(db);
  await sql`DROP TABLE referrals`.execute(db);
}
