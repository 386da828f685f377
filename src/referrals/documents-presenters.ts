import type { DocumentContentType, DocumentVisibility, ReferralDocumentKind } from '../db/schema.js';
import { DOCUMENT_TYPES, sizeLabel } from './documents-files.js';
import type { DocumentRow } from './documents-repository.js';
import { DOCUMENT_KIND_LABELS, VISIBILITY_LABELS } from './documents-schemas.js';

/**
 * A referral document as a page or the API shows it: metadata only. It reaches only callers the
 * service has let read it, so a partner-side document's name and description are never
 * presented to the perpetrator side.
 */
export type DocumentView = {
  id: string;
  referralId: string;
  kind: ReferralDocumentKind;
  kindLabel: string;
  fileName: string;
  contentType: DocumentContentType;
  typeLabel: string;
  sizeBytes: number;
  sizeLabel: string;
  sha256: string;
  description: string | null;
  visibility: DocumentVisibility;
  visibilityLabel: string;
  uploadedByName: string | null;
  uploadedAt: string;
};

export function presentDocument(row: Omit<DocumentRow, 'organisationId'>): DocumentView {
  return {
    id: row.id,
    referralId: row.referralId,
    kind: row.kind,
    kindLabel: DOCUMENT_KIND_LABELS[row.kind],
    fileName: row.fileName,
    contentType: row.contentType,
    typeLabel: DOCUMENT_TYPES[row.contentType].label,
    sizeBytes: row.sizeBytes,
    sizeLabel: sizeLabel(row.sizeBytes),
    sha256: row.sha256,
    description: row.description,
    visibility: row.visibility,
    visibilityLabel: VISIBILITY_LABELS[row.visibility],
    uploadedByName: row.uploadedByName,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

/** The same for the API, with where to fetch the bytes. */
export function presentDocumentForApi(view: DocumentView): DocumentView & { contentUrl: string } {
  return { ...view, contentUrl: `/api/v1/referral-documents/${view.id}/content` };
}
