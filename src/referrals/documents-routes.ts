import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../access/index.js';
import { can } from '../access/index.js';
import { InvalidInputError } from '../errors.js';
import { handleForm } from '../web/forms.js';
import { page, routeCall } from '../web/route.js';
import { ACCEPTED_EXTENSIONS, DOCUMENT_TYPES, attachmentDisposition, megabytes } from './documents-files.js';
import { FILE_FIELD, acceptMultipart, readDocumentUpload, uploadOf } from './documents-multipart.js';
import { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, documentFormValues, parseDocumentUpload } from './documents-schemas.js';
import type { AttachTarget, DocumentDownload, ReferralDocumentService } from './documents-service.js';

const FORM = 'referrals/views/document-new.njk';

/** What the attach form shows, with the answers given so far. */
function formContext(target: AttachTarget, maxBytes: number, values: Record<string, string>) {
  return {
    title: 'Attach a document',
    backLink: `/referrals/${target.referralId}`,
    target,
    values,
    maxSize: megabytes(maxBytes),
    accept: [...ACCEPTED_EXTENSIONS, ...Object.keys(DOCUMENT_TYPES)].join(','),
    fileField: FILE_FIELD,
    kindItems: [
      { value: '', text: 'Select what it is' },
      ...DOCUMENT_KINDS.map((kind) => ({ value: kind, text: DOCUMENT_KIND_LABELS[kind], selected: values.kind === kind })),
    ],
  };
}

/** Sends a document's bytes so that the browser saves it and never shows or sniffs it in the app's origin. */
export function sendDocument(reply: FastifyReply, download: DocumentDownload): FastifyReply {
  return reply
    .header('content-type', download.contentType)
    .header('content-disposition', attachmentDisposition(download.fileName))
    .header('content-length', String(download.bytes.length))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(download.bytes);
}

/** The flash after attaching: a partner-side document filed by the perpetrator side leaves their list at once. */
export function attachedFlash(actor: Actor, attached: unknown): string | undefined {
  if (attached === 'partner-side' && !can(actor, 'referral.viewPartnerSideDocuments')) {
    return 'Document attached for partner support and management only. It is not shown to you.';
  }
  return attached ? 'Document attached' : undefined;
}

/** The attach form and the download of a referral's documents (pages). */
export async function referralDocumentRoutes(scope: FastifyInstance, options: { documents: ReferralDocumentService }) {
  const { documents } = options;
  await acceptMultipart(scope, documents.maxBytes);

  page(scope, '/referrals/:id/documents/new', FORM, async ({ actor, params }) =>
    formContext(await documents.attachTarget(actor, params.id), documents.maxBytes, {}),
  );

  // Written out rather than with form(): the upload is read in preValidation, before the CSRF
  // check, and the referral is checked before anything sent is looked at.
  scope.post('/referrals/:id/documents/new', { preValidation: readDocumentUpload() }, async (request, reply) => {
    const { actor, params, origin } = routeCall<'/referrals/:id/documents/new'>(request, reply);
    const target = await documents.attachTarget(actor, params.id);
    const values = documentFormValues(request.body);
    return handleForm(
      reply,
      async () => {
        if (!request.isMultipart()) {
          throw new InvalidInputError('Check the highlighted answers', { file: 'Select a file to attach' });
        }
        const input = await parseDocumentUpload(values, uploadOf(request), documents.maxBytes);
        const attached = await documents.attach(actor, target.referralId, input, origin);
        const flag = attached.visibility === 'partner_side' ? 'partner-side' : 'both-sides';
        return reply.redirect(`/referrals/${target.referralId}?attached=${flag}#documents`, 303);
      },
      async () => ({ template: FORM, context: formContext(target, documents.maxBytes, values) }),
    );
  });

  // A file, not a page: the call is built as page() builds it, and the bytes are sent as they are.
  scope.get('/referral-documents/:id/download', async (request, reply) => {
    const { actor, params, origin } = routeCall<'/referral-documents/:id/download'>(request, reply);
    return sendDocument(reply, await documents.download(actor, params.id, origin));
  });
}
