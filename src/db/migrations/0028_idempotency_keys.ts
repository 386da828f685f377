import { sql, type Kysely } from 'kysely';

/*
 * Safe retries (issue 19, point 5): a POST sent again with the same Idempotency-Key header (the
 * API) or the same one-time form token (pages) gets the first response back instead of saving
 * twice. Each row is the response to one user's first request with a key, for 24 hours.
 *
 * A stored response may hold partner-side data (her worker's note as the API returned it), so
 * row-level security gives each row to the user who sent the request and to nobody else, and only
 * while that user still holds every side they held when it was stored: a worker who moves from her
 * side to his no longer gets her records back from a retry.
 *
 * Expired rows are deleted by the hourly housekeeping, which runs as the owner outside any request:
 * where the owner is not a superuser (FORCE applies to it too), it may see expired rows and no other.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const CODED_SIDES = `ARRAY['perpetrator','partner','management','admin','dpo']`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE idempotency_keys (
         organisation_id uuid NOT NULL REFERENCES organisations(id),
         user_id uuid NOT NULL REFERENCES users(id),
         key text NOT NULL CHECK (key ~ '^[!-~]{1,255}$'),
         request_target text NOT NULL CHECK (length(request_target) BETWEEN 1 AND 4096),
         fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
         sides text[] NOT NULL CHECK (sides <@ ${CODED_SIDES}),
         status_code integer NOT NULL CHECK (status_code BETWEEN 200 AND 399),
         headers jsonb NOT NULL DEFAULT '{}'::jsonb,
         body bytea NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         expires_at timestamptz NOT NULL,
         PRIMARY KEY (organisation_id, user_id, key, request_target)
       )`,
    )
    .execute(db);
  await sql`CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)`.execute(db);

  await sql`ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY`.execute(db);
  const ownRows = `organisation_id = app_current_organisation_id()
    AND user_id = app_current_user_id()
    AND NOT EXISTS (SELECT 1 FROM unnest(sides) AS held(side) WHERE NOT app_current_user_has_side(ARRAY[held.side]))`;
  await sql
    .raw(
      `CREATE POLICY idempotency_keys_own ON idempotency_keys FOR ALL TO parallel_app USING (${ownRows}) WITH CHECK (${ownRows})`,
    )
    .execute(db);
  // Written once; a row past its expiry may be replaced by the same user's next request with the key.
  await sql`GRANT SELECT, INSERT, DELETE ON idempotency_keys TO parallel_app`.execute(db);

  await sql
    .raw(
      `DO $$
       BEGIN
         IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
           EXECUTE format('CREATE POLICY idempotency_keys_expired ON idempotency_keys FOR ALL TO %I USING (expires_at < now())',
                          current_user);
         END IF;
       END $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE idempotency_keys`.execute(db);
}
