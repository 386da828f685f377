import { sql, type Kysely } from 'kysely';

/*
 * Assessment and risk (issue 6).
 *
 * His side (perpetrator side and management only):
 * - suitability_assessments: does he acknowledge a problem, take some responsibility, show
 *   motivation; exclusion factors; his responsivity needs; the intervention he is matched to by
 *   risk, need and responsivity, with reasons. A record of what was decided on a day: added to,
 *   never rewritten (a re-assessment is a new row).
 * - risk_assessments and risk_assessment_domains: the expert risk assessment of him (seed 003:
 *   "his history of domestic and other violence, his alcohol and drug use, his attitudes to his
 *   abuse and levels of denial ... the impact of any exposure to violence on ... children"), each
 *   domain rated with its evidence, an overall level and a risk management plan, in versions,
 *   with a review date.
 * - assessment_reports: the written report for the referrer (court, children's services,
 *   probation), pointing at the assessments it was written from.
 *
 * Her side (partner support service and management only):
 * - dash_assessments and dash_answers: the DASH risk identification checklist with her, safety
 *   questions first; the yes count, the level it gives, and professional judgement, which may
 *   raise the level but never lower it (enforced here as well as in the application).
 * - marac_meetings, marac_referrals and marac_actions: referrals to the Multi Agency Risk
 *   Assessment Conference, pre-filled from her latest DASH (which is referenced, never copied),
 *   whether she knows and consents, the outcome and the actions agreed.
 * - assessment_report_partner_shares: partner-side information put into one of his assessment
 *   reports, each through a share-ledger entry with its basis. His side cannot even see that a
 *   report carries any.
 * - risk_settings: the local MARAC escalation setting (police call-outs in 12 months).
 *
 * Both, by side:
 * - risk_alerts: escalation alerts, one row per side told. His side's rows are read by his side,
 *   hers by hers; management reads both.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const HIS_SIDE = `ARRAY['perpetrator','management']`;
const HER_SIDE = `ARRAY['partner','management']`;

const LEVELS = `'standard', 'medium', 'high', 'very_high'`;
const DOMAINS = `'history_of_violence', 'physical_violence', 'sexual_violence', 'coercive_control',
  'threats_to_kill', 'strangulation', 'weapons', 'stalking', 'substance_use', 'mental_health',
  'attitudes_denial', 'children_exposure', 'separation_child_contact', 'breaches_of_orders'`;

async function wall(db: Kysely<unknown>, table: string, rule: string): Promise<void> {
  await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
  await sql
    .raw(`CREATE POLICY ${table}_wall ON ${table} FOR ALL TO parallel_app USING (${rule}) WITH CHECK (${rule})`)
    .execute(db);
}

function sideRule(sides: string): string {
  return `organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${sides}))`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // --- His side -----------------------------------------------------------------------------
  await sql`
    CREATE TABLE suitability_assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      perpetrator_case_id uuid REFERENCES perpetrator_cases(id),
      assessed_on date NOT NULL,
      acknowledgement text NOT NULL CHECK (acknowledgement IN ('acknowledges', 'partly', 'denies')),
      acknowledgement_notes text CHECK (length(acknowledgement_notes) <= 5000),
      responsibility text NOT NULL CHECK (responsibility IN ('accepts', 'partly', 'denies')),
      responsibility_notes text CHECK (length(responsibility_notes) <= 5000),
      motivation text NOT NULL CHECK (motivation IN ('high', 'some', 'low', 'none')),
      motivation_notes text CHECK (length(motivation_notes) <= 5000),
      exclusion_factors text[] NOT NULL DEFAULT '{}' CHECK (exclusion_factors <@ ARRAY['severe_mental_illness',
        'chaotic_substance_use', 'group_unsuitable', 'cognitive_impairment', 'no_relationship_abuse', 'other']::text[]),
      exclusion_notes text CHECK (length(exclusion_notes) <= 5000),
      responsivity_needs text[] NOT NULL DEFAULT '{}' CHECK (responsivity_needs <@ ARRAY['interpreter',
        'same_sex_relationship', 'learning_needs', 'literacy', 'disability', 'shift_work', 'other']::text[]),
      responsivity_notes text CHECK (length(responsivity_notes) <= 5000),
      outcome text NOT NULL CHECK (outcome IN ('early_response', 'group_dapp', 'one_to_one', 'high_harm', 'not_suitable')),
      reasons text NOT NULL CHECK (length(reasons) BETWEEN 1 AND 5000),
      assessed_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX suitability_assessments_participant_idx ON suitability_assessments (participant_id, assessed_on)`.execute(
    db,
  );

  await sql
    .raw(
      `
    CREATE TABLE risk_assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      version integer NOT NULL CHECK (version >= 1),
      assessed_on date NOT NULL,
      overall_level text NOT NULL CHECK (overall_level IN (${LEVELS})),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 10000),
      management_plan text NOT NULL CHECK (length(management_plan) BETWEEN 1 AND 10000),
      review_on date NOT NULL,
      assessed_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (participant_id, version),
      CHECK (review_on >= assessed_on)
    )`,
    )
    .execute(db);

  await sql
    .raw(
      `
    CREATE TABLE risk_assessment_domains (
      risk_assessment_id uuid NOT NULL REFERENCES risk_assessments(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      domain text NOT NULL CHECK (domain IN (${DOMAINS})),
      rating text NOT NULL CHECK (rating IN ('none', 'low', 'medium', 'high', 'not_known')),
      evidence text CHECK (length(evidence) <= 5000),
      PRIMARY KEY (risk_assessment_id, domain),
      CHECK (rating IN ('none', 'not_known') OR evidence IS NOT NULL)
    )`,
    )
    .execute(db);

  await sql`
    CREATE TABLE assessment_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      recipient_kind text NOT NULL CHECK (recipient_kind IN ('court', 'childrens_services', 'probation', 'cafcass',
        'police', 'other')),
      recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 300),
      purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
      suitability_assessment_id uuid REFERENCES suitability_assessments(id),
      risk_assessment_id uuid REFERENCES risk_assessments(id),
      findings text NOT NULL CHECK (length(findings) BETWEEN 1 AND 20000),
      recommendations text NOT NULL CHECK (length(recommendations) BETWEEN 1 AND 20000),
      written_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (suitability_assessment_id IS NOT NULL OR risk_assessment_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX assessment_reports_participant_idx ON assessment_reports (participant_id)`.execute(db);

  // --- Her side -----------------------------------------------------------------------------
  await sql`
    CREATE TABLE dash_assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      completed_on date NOT NULL,
      -- Before the questions: asked first, and a DASH is only recorded when it was safe to talk.
      safe_to_talk boolean NOT NULL CHECK (safe_to_talk),
      safe_contact_checked boolean NOT NULL,
      his_whereabouts text CHECK (length(his_whereabouts) <= 1000),
      children_whereabouts text CHECK (length(children_whereabouts) <= 1000),
      yes_count integer NOT NULL CHECK (yes_count BETWEEN 0 AND 24),
      score_level text NOT NULL CHECK (score_level IN ('standard', 'medium', 'high')),
      judgement_level text CHECK (judgement_level IN ('medium', 'high')),
      judgement_reasons text CHECK (length(judgement_reasons) <= 5000),
      police_callouts_past_year integer CHECK (police_callouts_past_year BETWEEN 0 AND 365),
      her_view_of_risk text CHECK (length(her_view_of_risk) <= 5000),
      completed_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- The level the yes count gives (1-9 or fewer standard, 10-13 medium, 14+ high).
      CHECK (score_level = CASE WHEN yes_count >= 14 THEN 'high' WHEN yes_count >= 10 THEN 'medium' ELSE 'standard' END),
      -- Professional judgement may raise the level, with reasons; it can never lower it.
      CHECK (judgement_level IS NULL
        OR (score_level = 'standard' AND judgement_level IN ('medium', 'high'))
        OR (score_level = 'medium' AND judgement_level = 'high')),
      CHECK ((judgement_level IS NULL) = (judgement_reasons IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX dash_assessments_case_idx ON dash_assessments (partner_case_id, completed_on)`.execute(db);

  await sql`
    CREATE TABLE dash_answers (
      dash_assessment_id uuid NOT NULL REFERENCES dash_assessments(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      question smallint NOT NULL CHECK (question BETWEEN 1 AND 24),
      answer text NOT NULL CHECK (answer IN ('yes', 'no', 'dont_know')),
      comment text CHECK (length(comment) <= 2000),
      PRIMARY KEY (dash_assessment_id, question)
    )`.execute(db);

  await sql`
    CREATE TABLE risk_settings (
      organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
      marac_callout_threshold integer NOT NULL DEFAULT 3 CHECK (marac_callout_threshold BETWEEN 1 AND 50),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE marac_meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      area text NOT NULL CHECK (length(area) BETWEEN 1 AND 200),
      meets_on date NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, area, meets_on)
    )`.execute(db);

  await sql`
    CREATE TABLE marac_referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      dash_assessment_id uuid REFERENCES dash_assessments(id),
      referred_on date NOT NULL,
      area text NOT NULL CHECK (length(area) BETWEEN 1 AND 200),
      marac_meeting_id uuid REFERENCES marac_meetings(id),
      criteria text[] NOT NULL CHECK (cardinality(criteria) >= 1 AND criteria <@ ARRAY['visible_high_risk',
        'professional_judgement', 'escalation', 'repeat']::text[]),
      judgement_reasons text CHECK (length(judgement_reasons) <= 5000),
      police_callouts_past_year integer CHECK (police_callouts_past_year BETWEEN 0 AND 365),
      safe_to_call boolean NOT NULL,
      safe_number text CHECK (length(safe_number) <= 50),
      safe_times text CHECK (length(safe_times) <= 500),
      afraid_of text CHECK (length(afraid_of) <= 2000),
      safe_to_talk_to text CHECK (length(safe_to_talk_to) <= 2000),
      not_safe_to_talk_to text CHECK (length(not_safe_to_talk_to) <= 2000),
      children_and_schools text CHECK (length(children_and_schools) <= 5000),
      relationship text NOT NULL CHECK (length(relationship) BETWEEN 1 AND 500),
      previous_maracs text CHECK (length(previous_maracs) <= 2000),
      she_knows boolean NOT NULL,
      she_consents boolean NOT NULL,
      no_consent_reason text CHECK (length(no_consent_reason) <= 5000),
      status text NOT NULL DEFAULT 'referred' CHECK (status IN ('referred', 'heard', 'closed')),
      heard_on date,
      outcome text CHECK (length(outcome) <= 10000),
      referred_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (NOT ('professional_judgement' = ANY (criteria)) OR judgement_reasons IS NOT NULL),
      CHECK (NOT ('escalation' = ANY (criteria)) OR police_callouts_past_year IS NOT NULL),
      -- She need not consent (high risk is a basis of its own), but why not is always written down.
      CHECK ((she_knows AND she_consents) OR no_consent_reason IS NOT NULL),
      CHECK (she_knows OR NOT she_consents),
      CHECK (status = 'referred' OR (heard_on IS NOT NULL AND outcome IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX marac_referrals_case_idx ON marac_referrals (partner_case_id, referred_on)`.execute(db);
  await sql`CREATE INDEX marac_referrals_meeting_idx ON marac_referrals (marac_meeting_id)`.execute(db);

  await sql`
    CREATE TABLE marac_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      marac_referral_id uuid NOT NULL REFERENCES marac_referrals(id),
      action text NOT NULL CHECK (length(action) BETWEEN 1 AND 2000),
      agency text NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
      due_on date,
      completed_on date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX marac_actions_referral_idx ON marac_actions (marac_referral_id)`.execute(db);

  await sql`
    CREATE TABLE assessment_report_partner_shares (
      assessment_report_id uuid NOT NULL REFERENCES assessment_reports(id),
      share_id uuid NOT NULL REFERENCES shares(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (assessment_report_id, share_id)
    )`.execute(db);

  // --- Both, by side ------------------------------------------------------------------------
  await sql
    .raw(
      `
    CREATE TABLE risk_alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner')),
      participant_id uuid NOT NULL REFERENCES participants(id),
      partner_case_id uuid REFERENCES partner_cases(id),
      source text NOT NULL CHECK (source IN ('disclosure', 'dash')),
      disclosure_id uuid REFERENCES disclosures(id),
      dash_assessment_id uuid REFERENCES dash_assessments(id),
      level_before text CHECK (level_before IN (${LEVELS})),
      level_after text CHECK (level_after IN (${LEVELS})),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
      raised_on date NOT NULL,
      acknowledged_by uuid REFERENCES users(id),
      acknowledged_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- Her DASH is hers: an alert raised from it is told to her side only.
      CHECK (source <> 'dash' OR (side = 'partner' AND dash_assessment_id IS NOT NULL AND partner_case_id IS NOT NULL)),
      CHECK (source <> 'disclosure' OR disclosure_id IS NOT NULL),
      CHECK (side = 'partner' OR partner_case_id IS NULL),
      CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
    )`,
    )
    .execute(db);
  await sql`CREATE INDEX risk_alerts_open_idx ON risk_alerts (organisation_id, side, acknowledged_at)`.execute(db);
  await sql`CREATE INDEX risk_alerts_participant_idx ON risk_alerts (participant_id)`.execute(db);

  for (const table of ['suitability_assessments', 'risk_assessments', 'risk_assessment_domains', 'assessment_reports']) {
    await wall(db, table, sideRule(HIS_SIDE));
  }
  for (const table of [
    'dash_assessments',
    'dash_answers',
    'risk_settings',
    'marac_meetings',
    'marac_referrals',
    'marac_actions',
    'assessment_report_partner_shares',
  ]) {
    await wall(db, table, sideRule(HER_SIDE));
  }
  await wall(
    db,
    'risk_alerts',
    `organisation_id = app_current_organisation_id() AND CASE WHEN side = 'partner'
       THEN (SELECT app_current_user_has_side(${HER_SIDE}))
       ELSE (SELECT app_current_user_has_side(${HIS_SIDE})) END`,
  );

  // Assessments, DASHes and reports are records of what was found on a day: added to, never rewritten.
  await sql`
    GRANT SELECT, INSERT ON suitability_assessments, risk_assessments, risk_assessment_domains, assessment_reports,
      dash_assessments, dash_answers, marac_meetings, assessment_report_partner_shares TO parallel_app`.execute(db);
  // A MARAC referral is heard and closed, its actions completed, an alert acknowledged, a setting changed.
  await sql`GRANT SELECT, INSERT, UPDATE ON marac_referrals, marac_actions, risk_alerts, risk_settings TO parallel_app`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'risk_alerts',
    'assessment_report_partner_shares',
    'marac_actions',
    'marac_referrals',
    'marac_meetings',
    'risk_settings',
    'dash_answers',
    'dash_assessments',
    'assessment_reports',
    'risk_assessment_domains',
    'risk_assessments',
    'suitability_assessments',
  ]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
