import type { Insertable } from 'kysely';
import type { Trx } from '../db/database.js';
import type { DocumentContentType, DocumentVisibility, ReferralDocumentKind, ReferralDocumentsTable } from '../db/schema.js';

/** A document's metadata as lists and pages use it: never its bytes. */
export type DocumentRow = {
  id: string;
  organisationId: string;
  referralId: string;
  kind: ReferralDocumentKind;
  fileName: string;
  contentType: DocumentContentType;
  sizeBytes: number;
  sha256: string;
  description: string | null;
  visibility: DocumentVisibility;
  uploadedByName: string | null;
  uploadedAt: Date;
};

function documents(trx: Trx) {
  return trx
    .selectFrom('referral_documents')
    .leftJoin('users', 'users.id', 'referral_documents.uploaded_by')
    .select([
      'referral_documents.id',
      'referral_documents.organisation_id as organisationId',
      'referral_documents.referral_id as referralId',
      'referral_documents.kind',
      'referral_documents.file_name as fileName',
      'referral_documents.content_type as contentType',
      'referral_documents.size_bytes as sizeBytes',
      'referral_documents.sha256',
      'referral_documents.description',
      'referral_documents.visibility',
      'users.display_name as uploadedByName',
      'referral_documents.uploaded_at as uploadedAt',
    ]);
}

/**
 * A referral's documents, newest first. The partner-side ones only when the caller may read them
 * (the service decides; row-level security repeats it).
 */
export async function listDocuments(
  trx: Trx,
  scope: { organisationId: string; referralId: string; includePartnerSide: boolean },
): Promise<DocumentRow[]> {
  let query = documents(trx)
    .where('referral_documents.organisation_id', '=', scope.organisationId)
    .where('referral_documents.referral_id', '=', scope.referralId);
  if (!scope.includePartnerSide) {
    query = query.where('referral_documents.visibility', '=', 'both_sides');
  }
  return query.orderBy('referral_documents.uploaded_at', 'desc').orderBy('referral_documents.id').execute();
}

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findDocument(trx: Trx, id: string): Promise<DocumentRow | undefined> {
  return documents(trx).where('referral_documents.id', '=', id).executeTakeFirst();
}

export async function findContent(trx: Trx, documentId: string): Promise<Uint8Array | undefined> {
  const row = await trx
    .selectFrom('referral_document_contents')
    .select('content')
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return row?.content;
}

/**
 * Files a document and its bytes. No RETURNING: a perpetrator-side user may file a partner-side
 * document but may not read it back, so the id is given here, not read from the row.
 */
export async function insertDocument(
  trx: Trx,
  values: Insertable<ReferralDocumentsTable> & { id: string },
  content: Uint8Array,
): Promise<void> {
  await trx.insertInto('referral_documents').values(values).execute();
  await trx
    .insertInto('referral_document_contents')
    .values({ document_id: values.id, organisation_id: values.organisation_id, visibility: values.visibility, content })
    .execute();
}
