import { sql, type Kysely } from 'kysely';

/*
 * Documents attached to a referral: the referral letter, a court order, a children's services or
 * police report. Kept in the database (not on a node's disk) so several app nodes on PostgreSQL,
 * and PGlite, serve the same files, and a backup of the database is a backup of the documents.
 *
 * Metadata and bytes are two tables: lists read the metadata only and never load the bytes.
 *
 * Referral documents from police, courts and children's services usually name the partner, give
 * her address or say what she said. Whoever attaches one says which side may see it:
 *   partner_side  partner support and management only (it names a partner or says what she said)
 *   both_sides    every case-holding side (checked: nothing about any partner)
 * Row-level security repeats that choice (seed 001: her details are never visible on the
 * perpetrator side). Any case side may file a partner-side document (a facilitator who takes a
 * police letter by post files it for the partner service) but only the partner side and
 * management read it back: reading and filing are separate policies, and the application gives
 * new rows their id so an insert never needs to read its own row.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE referral_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      referral_id uuid NOT NULL REFERENCES referrals(id),
      kind text NOT NULL CHECK (kind IN ('referral_letter', 'court_order', 'childrens_services_report',
        'police_report', 'probation_report', 'risk_assessment', 'other')),
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
      content_type text NOT NULL CHECK (content_type IN ('application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg')),
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      description text CHECK (length(description) <= 500),
      visibility text NOT NULL CHECK (visibility IN ('partner_side', 'both_sides')),
      uploaded_by uuid NOT NULL REFERENCES users(id),
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      -- The content row repeats the visibility; this key keeps the two the same.
      UNIQUE (id, visibility)
    )`.execute(db);
  await sql`CREATE INDEX referral_documents_referral_idx ON referral_documents (referral_id, uploaded_at)`.execute(db);

  await sql`
    CREATE TABLE referral_document_contents (
      document_id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      visibility text NOT NULL CHECK (visibility IN ('partner_side', 'both_sides')),
      content bytea NOT NULL,
      FOREIGN KEY (document_id, visibility) REFERENCES referral_documents (id, visibility) ON UPDATE CASCADE
    )`.execute(db);

  const wall = `
      organisation_id = app_current_organisation_id()
      AND CASE WHEN visibility = 'both_sides'
        THEN (SELECT app_current_user_has_side(ARRAY['perpetrator','partner','management']))
        ELSE (SELECT app_current_user_has_side(ARRAY['partner','management']))
      END`;
  const anyCaseSide = `(SELECT app_current_user_has_side(ARRAY['perpetrator','partner','management']))`;
  for (const table of ['referral_documents', 'referral_document_contents']) {
    await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`CREATE POLICY ${table}_wall ON ${table} FOR SELECT TO parallel_app USING (${wall})`).execute(db);
  }
  // Whoever files a document is the user of the request: nobody files in another's name.
  await sql
    .raw(
      `CREATE POLICY referral_documents_file ON referral_documents FOR INSERT TO parallel_app
       WITH CHECK (organisation_id = app_current_organisation_id() AND uploaded_by = app_current_user_id() AND ${anyCaseSide})`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE POLICY referral_document_contents_file ON referral_document_contents FOR INSERT TO parallel_app
       WITH CHECK (organisation_id = app_current_organisation_id() AND ${anyCaseSide})`,
    )
    .execute(db);
  // A record of what was received: added to, never rewritten by the application.
  await sql`GRANT SELECT, INSERT ON referral_documents, referral_document_contents TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE referral_document_contents`.execute(db);
  await sql`DROP TABLE referral_documents`.execute(db);
}
