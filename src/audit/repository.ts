// The audit log's writes and the lookups its search page makes: users, records described, her case's records, partner-side staff.
import { sql } from 'kysely';
import { insertAtCommit } from '../db/actor-settings.js';
import type { Trx } from '../db/database.js';

/** The content of a new entry. Its chain columns stay NULL until the chainer seals it. */
export type NewAuditRow = {
  organisation_id: string | null;
  occurred_at: Date;
  actor_user_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  ip: string | null;
  details: string;
};

/** A plain INSERT: no lock and no read of the chain, so audited requests never wait for each other. */
export async function insertAuditRows(trx: Trx, rows: NewAuditRow[]): Promise<void> {
  await trx.insertInto('audit_events').values(rows).execute();
}

/** Appended with the caller's other work; in a request, with the request's other entries in one statement at commit. */
export async function insertAuditRow(trx: Trx, row: NewAuditRow): Promise<void> {
  await insertAtCommit(trx, 'audit_events', row, insertAuditRows);
}

/** The organisation's users, for choosing whose actions to look at. */
export async function listOrganisationUsers(
  trx: Trx,
  organisationId: string,
): Promise<Array<{ id: string; displayName: string }>> {
  return trx
    .selectFrom('users')
    .select(['id', 'display_name as displayName'])
    .where('organisation_id', '=', organisationId)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

/** A readable record: its case's reference and which case, or its name, and its side (migration 0038). */
export type AuditRecordDescription = {
  recordType: string;
  recordId: string;
  reference: string | null;
  name: string | null;
  side: string | null;
  caseType: 'participant' | 'partner_case' | 'referral' | null;
  caseId: string | null;
};

/**
 * The records of a page's entries, described by the SECURITY DEFINER function app_audit_records:
 * a DPO reads no case table, so the function answers with references and kinds only, for the
 * request's organisation, and nothing of a partner-side record to a reader the wall keeps from it.
 */
export async function describeAuditRecords(
  trx: Trx,
  records: Array<{ type: string; id: string }>,
): Promise<AuditRecordDescription[]> {
  if (records.length === 0) {
    return [];
  }
  const { rows } = await sql<{
    record_type: string;
    record_id: string;
    reference: string | null;
    name: string | null;
    side: string | null;
    case_type: string | null;
    case_id: string | null;
  }>`SELECT * FROM app_audit_records(${sql.val(records.map((r) => r.type))}::text[], ${sql.val(records.map((r) => r.id))}::text[])`.execute(
    trx,
  );
  return rows.map((row) => ({
    recordType: row.record_type,
    recordId: row.record_id,
    reference: row.reference,
    name: row.name,
    side: row.side,
    caseType:
      row.case_type === 'participant' || row.case_type === 'partner_case' || row.case_type === 'referral' ? row.case_type : null,
    caseId: row.case_id,
  }));
}

/** The ids of the case a reference names and of its records, as the reader may see them (migration 0038). */
export async function recordIdsByReference(trx: Trx, reference: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM app_audit_record_ids(${reference}) AS found(id)`.execute(trx);
  return rows.map((row) => row.id);
}

/** The organisation's partner-side staff (members of a partner team), whose entries the wall keeps from his side. */
export async function partnerSideStaffIds(trx: Trx, organisationId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('team_memberships')
    .innerJoin('teams', 'teams.id', 'team_memberships.team_id')
    .select('team_memberships.user_id')
    .distinct()
    .where('teams.organisation_id', '=', organisationId)
    .where('team_memberships.organisation_id', '=', organisationId)
    .where('teams.side', '=', 'partner')
    .execute();
  return rows.map((row) => row.user_id);
}

/** Whether every entry of this action (and record type) is partner-side, by audit_entry_side (migration 0038). */
export async function isPartnerSideKind(trx: Trx, action: string | undefined, recordType: string | undefined): Promise<boolean> {
  const { rows } = await sql<{ side: string }>`
    SELECT audit_entry_side(${action ?? ''}, ${recordType ?? null}, '{}'::jsonb) AS side`.execute(trx);
  return rows[0]?.side === 'partner';
}
