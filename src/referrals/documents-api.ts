import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams } from '../api/openapi.js';
import { originOf, requireActor } from '../web/http.js';
import { DOCUMENT_TYPES, megabytes } from './documents-files.js';
import { acceptMultipart, readDocumentUpload, uploadOf } from './documents-multipart.js';
import { presentDocumentForApi } from './documents-presenters.js';
import { sendDocument } from './documents-routes.js';
import { DOCUMENT_KINDS, VISIBILITIES, documentFormValues, parseDocumentUpload } from './documents-schemas.js';
import type { ReferralDocumentService } from './documents-service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 415: errorResponse };
const doc = (summary: string, extra: FastifySchema & Record<string, unknown> = {}): FastifySchema =>
  ({ tags: ['referral-documents'], summary, params: idParams, response: errors, ...extra }) as FastifySchema;

function uploadBody(maxBytes: number) {
  return {
    type: 'object',
    required: ['file', 'kind', 'visibility'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description: `${Object.values(DOCUMENT_TYPES)
          .map((t) => t.label)
          .join(', ')}, found from the bytes; smaller than ${megabytes(maxBytes)} (MAX_DOCUMENT_MB)`,
      },
      kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
      visibility: {
        type: 'string',
        enum: [...VISIBILITIES],
        description:
          'Required, no default. partner_side: partner support and management only (it names a partner or says what she said); both_sides: checked, nothing about any partner',
      },
      description: { type: 'string', maxLength: 500 },
      _csrf: { type: 'string', description: 'The CSRF token of any page (or send it in the X-CSRF-Token header)' },
    },
  };
}

/**
 * The referral documents API. Uploads are multipart/form-data, which a browser can send from
 * another site, so unlike the JSON endpoints they carry the CSRF token as the pages' forms do.
 */
export async function referralDocumentApiRoutes(api: FastifyInstance, options: { documents: ReferralDocumentService }) {
  const { documents } = options;
  await acceptMultipart(api, documents.maxBytes);

  api.get(
    '/referrals/:id/documents',
    { schema: doc('The documents attached to a referral that the caller may see, newest first (metadata only)') },
    async (request: IdRequest) => {
      const list = await documents.list(requireActor(request), request.params.id, originOf(request));
      return { items: list.items.map(presentDocumentForApi) };
    },
  );

  api.post<{ Params: { id: string } }>(
    '/referrals/:id/documents',
    {
      schema: doc('Attach a document to a referral (multipart/form-data with the CSRF token)', {
        consumes: ['multipart/form-data'],
        body: uploadBody(documents.maxBytes),
      }),
      preValidation: readDocumentUpload(),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const target = await documents.attachTarget(actor, request.params.id);
      if (!request.isMultipart()) {
        return reply.status(415).send({
          error: { code: 'invalid', message: 'Send the document as multipart/form-data', fields: {} },
        });
      }
      const input = await parseDocumentUpload(documentFormValues(request.body), uploadOf(request), documents.maxBytes);
      const attached = await documents.attach(actor, target.referralId, input, originOf(request));
      return reply.status(201).send(presentDocumentForApi(attached));
    },
  );

  api.get(
    '/referral-documents/:id/content',
    {
      schema: doc('A document’s bytes, as an attachment with its stored content type (every download is audited)', {
        produces: Object.keys(DOCUMENT_TYPES),
      }),
    },
    async (request: IdRequest, reply) => {
      const download = await documents.download(requireActor(request), request.params.id, originOf(request));
      return sendDocument(reply, download);
    },
  );
}
