import { sql, type Kysely } from 'kysely';

/*
 * The audit log without a global lock (issue 11, point 3).
 *
 * Until now every audited action took an advisory lock on its organisation's chain, read the
 * latest hash and inserted the entry with prev_hash/hash, all inside the request's transaction:
 * every audited read of one organisation waited for the one before to commit. From here on a
 * request only INSERTs its entry (durable when the request commits), unsealed: prev_hash, hash
 * and chain_seq are NULL. A single chainer, running as the table owner, later finds the committed
 * unsealed entries and seals them in batches, giving each its place in its organisation's chain
 * (chain_seq 1, 2, 3... per organisation; NULL organisation is the system chain) and the hash
 * that links it to the entry before. The chain position is assigned by the chainer in the order
 * it finds entries committed, not by id: ids are allocated before commit, so a transaction that
 * commits later can hold a lower id, and it is sealed after, never skipped.
 *
 * The application role may insert only the content columns (never a hash or a chain position,
 * so it cannot forge a sealed entry), and may still neither update nor delete. Even the owner
 * may only seal an unsealed entry, changing nothing but its three chain columns; anything else
 * takes a deliberate trigger bypass, and the chain still shows it.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_events ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE audit_events ADD COLUMN chain_seq bigint`.execute(db);

  // Existing chains were written under the per-organisation lock, so id order is chain order.
  await sql`DROP TRIGGER audit_events_append_only ON audit_events`.execute(db);
  await sql`
    UPDATE audit_events a SET chain_seq = numbered.seq
    FROM (SELECT id, row_number() OVER (PARTITION BY organisation_id ORDER BY id) AS seq FROM audit_events) numbered
    WHERE a.id = numbered.id`.execute(db);

  await sql`
    ALTER TABLE audit_events ADD CONSTRAINT audit_events_sealed_together
    CHECK ((hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (chain_seq IS NULL))`.execute(db);
  // One entry per place in each chain; the system chain (NULL organisation) is a chain too.
  await sql`
    CREATE UNIQUE INDEX audit_events_chain_idx ON audit_events (organisation_id, chain_seq) NULLS NOT DISTINCT
    WHERE chain_seq IS NOT NULL`.execute(db);
  // What the chainer looks for, in the order it seals.
  await sql`CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE hash IS NULL`.execute(db);
  // The data protection officer's page: newest first by time, keyset-paged on this order.
  await sql`CREATE INDEX audit_events_org_time_idx ON audit_events (organisation_id, occurred_at DESC, id DESC)`.execute(db);
  // Served the chain head lookup under the old lock; the two indexes above replace it.
  await sql`DROP INDEX audit_events_org_idx`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
        AND current_user <> 'parallel_app'
        AND OLD.hash IS NULL AND OLD.prev_hash IS NULL AND OLD.chain_seq IS NULL
        AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_seq IS NOT NULL
        AND NEW.id = OLD.id
        AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id
        AND NEW.occurred_at = OLD.occurred_at
        AND NEW.actor_user_id IS NOT DISTINCT FROM OLD.actor_user_id
        AND NEW.action = OLD.action
        AND NEW.record_type IS NOT DISTINCT FROM OLD.record_type
        AND NEW.record_id IS NOT DISTINCT FROM OLD.record_id
        AND NEW.ip IS NOT DISTINCT FROM OLD.ip
        AND NEW.details = OLD.details
      THEN
        -- The chainer sealing an entry: nothing else may change, and only once.
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_events is append-only';
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`.execute(db);

  await sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_events FROM parallel_app`.execute(db);
  await sql`
    GRANT INSERT (organisation_id, occurred_at, actor_user_id, action, record_type, record_id, ip, details)
    ON audit_events TO parallel_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The audit sequencing migration cannot be reversed');
}
