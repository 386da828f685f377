import { randomUUID } from 'node:crypto';
import { authorize, authorizePartnerSide, can, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import type { DocumentContentType } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { matchesFingerprint } from './documents-files.js';
import { presentDocument, type DocumentView } from './documents-presenters.js';
import * as repo from './documents-repository.js';
import type { TDocumentInput } from './documents-schemas.js';
import { findReferral } from './repository.js';

type Origin = { ip: string | null };

/** The referral a document is attached to, as the attach page names it. */
export type AttachTarget = {
  referralId: string;
  reference: string;
  participantName: string;
  /** False for the perpetrator side: a partner-side document they file disappears from their view. */
  mayReadPartnerSide: boolean;
};

export type DocumentList = { items: DocumentView[]; mayAttach: boolean; mayReadPartnerSide: boolean };

export type DocumentDownload = { fileName: string; contentType: DocumentContentType; bytes: Buffer };

/**
 * Documents attached to a referral: a letter, a court order, a report. Whoever attaches one
 * decides which side may read it; a partner-side document is "not found" to anyone else, by the
 * policy here and by row-level security beneath it. Reads of partner-side documents are audited
 * as partner-side reads.
 */
export class ReferralDocumentService {
  constructor(
    private readonly db: Db,
    /** The largest file accepted (MAX_DOCUMENT_MB). */
    readonly maxBytes: number,
  ) {}

  /** Who may attach to this referral, checked before the form is shown or its file is read. */
  async attachTarget(actor: Actor, referralId: string): Promise<AttachTarget> {
    return withActor(this.db, actor, async (trx) => {
      const referral = await findReferral(trx, referralId);
      if (!referral) {
        throw new NotFoundError();
      }
      authorize(actor, 'referral.attachDocument', referral);
      return {
        referralId: referral.id,
        reference: referral.reference,
        participantName: `${referral.givenName} ${referral.familyName}`,
        mayReadPartnerSide: can(actor, 'referral.viewPartnerSideDocuments', referral),
      };
    });
  }

  /** Stores the checked file and its metadata in one transaction with the audit entry: all or nothing. */
  async attach(actor: Actor, referralId: string, input: TDocumentInput, origin: Origin): Promise<DocumentView> {
    return withActor(this.db, actor, async (trx) => {
      const referral = await findReferral(trx, referralId);
      if (!referral) {
        throw new NotFoundError();
      }
      authorize(actor, 'referral.attachDocument', referral);
      const id = randomUUID();
      const uploadedAt = new Date();
      const values = {
        id,
        organisation_id: actor.organisationId,
        referral_id: referralId,
        kind: input.kind,
        file_name: input.file.fileName,
        content_type: input.file.contentType,
        size_bytes: input.file.bytes.length,
        sha256: input.file.sha256,
        description: input.description,
        visibility: input.visibility,
        uploaded_by: actor.userId,
        uploaded_at: uploadedAt,
      };
      await repo.insertDocument(trx, values, input.file.bytes);
      // Ids and codes only: the file's name and description may name her.
      await recordActorEvent(
        trx,
        actor,
        origin,
        'referral.document_attached',
        { type: 'referral_document', id },
        {
          referralId,
          visibility: input.visibility,
          kind: input.kind,
          contentType: input.file.contentType,
          sizeBytes: values.size_bytes,
        },
      );
      return presentDocument({
        id,
        referralId,
        kind: input.kind,
        fileName: values.file_name,
        contentType: values.content_type,
        sizeBytes: values.size_bytes,
        sha256: values.sha256,
        description: values.description,
        visibility: values.visibility,
        uploadedByName: actor.displayName,
        uploadedAt,
      });
    });
  }

  /** The referral's documents the caller may read; a list showing partner-side ones is a partner-side read. */
  async list(actor: Actor, referralId: string, origin: Origin): Promise<DocumentList> {
    return withActor(this.db, actor, async (trx) => {
      const referral = await findReferral(trx, referralId);
      if (!referral) {
        throw new NotFoundError();
      }
      authorize(actor, 'referral.viewDocuments', referral);
      const mayReadPartnerSide = can(actor, 'referral.viewPartnerSideDocuments', referral);
      const rows = await repo.listDocuments(trx, {
        organisationId: actor.organisationId,
        referralId,
        includePartnerSide: mayReadPartnerSide,
      });
      const partnerSide = rows.filter((row) => row.visibility === 'partner_side');
      if (partnerSide.length > 0) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'referral.partner_side_documents_listed',
          { type: 'referral', id: referralId },
          { documentIds: partnerSide.map((row) => row.id) },
        );
      }
      return {
        items: rows.map(presentDocument),
        mayAttach: can(actor, 'referral.attachDocument', referral),
        mayReadPartnerSide,
      };
    });
  }

  /**
   * A document's bytes, audited. A partner-side document answers "not found" to the perpetrator
   * side exactly as a document that does not exist.
   */
  async download(actor: Actor, documentId: string, origin: Origin): Promise<DocumentDownload> {
    return withActor(this.db, actor, async (trx) => {
      const document = await repo.findDocument(trx, documentId);
      if (!document) {
        throw new NotFoundError();
      }
      const partnerSide = document.visibility === 'partner_side';
      if (partnerSide) {
        authorizePartnerSide(actor, 'referral.viewPartnerSideDocuments', document);
      } else {
        authorize(actor, 'referral.viewDocuments', document);
      }
      const content = await repo.findContent(trx, documentId);
      if (!content) {
        throw new NotFoundError();
      }
      if (!matchesFingerprint(content, document.sha256)) {
        throw new Error('A stored referral document no longer matches its SHA-256 fingerprint');
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        partnerSide ? 'referral.partner_side_document_downloaded' : 'referral.document_downloaded',
        { type: 'referral_document', id: documentId },
        { referralId: document.referralId },
      );
      return {
        fileName: document.fileName,
        contentType: document.contentType,
        bytes: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
      };
    });
  }
}
