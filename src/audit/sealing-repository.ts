import { sql } from 'kysely';
import type { Db, Trx } from '../db/database.js';
import type { AuditEvent } from '../db/schema.js';

/** One chainer at a time, across every app node sharing the database. */
const CHAINER_LOCK = 'audit:chainer';

/** Takes the chainer's lock for this transaction, or answers false at once if another holds it. */
export async function tryLockChainer(trx: Trx): Promise<boolean> {
  const result = await sql<{ locked: boolean }>`
    SELECT pg_try_advisory_xact_lock(hashtextextended(${CHAINER_LOCK}, 0)) AS locked`.execute(trx);
  return result.rows[0]?.locked === true;
}

/** Committed entries not yet sealed, in the order they are to be sealed. */
export async function unsealedEntries(trx: Trx, limit: number): Promise<AuditEvent[]> {
  return trx.selectFrom('audit_events').selectAll().where('hash', 'is', null).orderBy('id').limit(limit).execute();
}

/** The last sealed entry of an organisation's chain (or the system chain), if any. */
export async function chainHead(trx: Db, organisationId: string | null): Promise<{ hash: string; chainSeq: number } | undefined> {
  const row = await trx
    .selectFrom('audit_events')
    .select(['hash', 'chain_seq'])
    .$call((q) => (organisationId ? q.where('organisation_id', '=', organisationId) : q.where('organisation_id', 'is', null)))
    .where('chain_seq', 'is not', null)
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row?.hash || row.chain_seq === null) {
    return undefined;
  }
  return { hash: row.hash, chainSeq: Number(row.chain_seq) };
}

/**
 * The last sealed entry of every chain: one index probe per organisation and one for the system
 * chain, never a scan of the log.
 */
export async function chainHeads(db: Db): Promise<Array<{ organisationId: string | null; chainSeq: number; hash: string }>> {
  const result = await sql<{ organisation_id: string | null; chain_seq: string; hash: string }>`
    SELECT o.id AS organisation_id, head.chain_seq, head.hash
    FROM organisations o
    CROSS JOIN LATERAL (
      SELECT a.chain_seq, a.hash FROM audit_events a
      WHERE a.organisation_id = o.id AND a.chain_seq IS NOT NULL
      ORDER BY a.chain_seq DESC LIMIT 1
    ) head
    UNION ALL
    (SELECT NULL, a.chain_seq, a.hash FROM audit_events a
     WHERE a.organisation_id IS NULL AND a.chain_seq IS NOT NULL
     ORDER BY a.chain_seq DESC LIMIT 1)`.execute(db);
  return result.rows.map((row) => ({
    organisationId: row.organisation_id,
    chainSeq: Number(row.chain_seq),
    hash: row.hash,
  }));
}

/** The hash of the entry at one place of a chain, if that place is sealed. */
export async function sealedHashAt(db: Db, organisationId: string | null, chainSeq: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .select('hash')
    .$call((q) => (organisationId ? q.where('organisation_id', '=', organisationId) : q.where('organisation_id', 'is', null)))
    .where('chain_seq', '=', String(chainSeq))
    .executeTakeFirst();
  return row?.hash ?? undefined;
}

/** Whether the log holds any entry at all, sealed or not. */
export async function hasAnyAuditEntry(db: Db): Promise<boolean> {
  const row = await db.selectFrom('audit_events').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export type Seal = { id: string; prevHash: string; hash: string; chainSeq: number };

/** Seals the entries in one statement; answers how many were still unsealed and are now sealed. */
export async function applySeals(trx: Trx, seals: Seal[]): Promise<number> {
  if (seals.length === 0) {
    return 0;
  }
  const result = await sql<{ id: string }>`
    UPDATE audit_events AS a
    SET prev_hash = v.prev_hash, hash = v.hash, chain_seq = v.chain_seq
    FROM unnest(
      ${seals.map((seal) => seal.id)}::bigint[],
      ${seals.map((seal) => seal.prevHash)}::text[],
      ${seals.map((seal) => seal.hash)}::text[],
      ${seals.map((seal) => String(seal.chainSeq))}::bigint[]
    ) AS v(id, prev_hash, hash, chain_seq)
    WHERE a.id = v.id AND a.hash IS NULL
    RETURNING a.id`.execute(trx);
  return result.rows.length;
}

/** Sealed entries of one chain in chain order, a page at a time, for verification. */
export async function sealedEntriesAfter(
  db: Db,
  organisationId: string | null,
  afterChainSeq: number,
  limit: number,
): Promise<AuditEvent[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .$call((q) => (organisationId ? q.where('organisation_id', '=', organisationId) : q.where('organisation_id', 'is', null)))
    .where('chain_seq', '>', String(afterChainSeq))
    .orderBy('chain_seq')
    .limit(limit)
    .execute();
}

/** Every chain that has at least one sealed entry. */
export async function sealedChains(db: Db): Promise<Array<string | null>> {
  const rows = await db
    .selectFrom('audit_events')
    .select('organisation_id')
    .distinct()
    .where('chain_seq', 'is not', null)
    .execute();
  return rows.map((row) => row.organisation_id);
}

export async function countUnsealed(db: Db): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('hash', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
