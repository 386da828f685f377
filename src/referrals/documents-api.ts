import type { FastifyInstance, FastifySchema } from 'fastify';
import { endpoint } from '../api/endpoint.js';
import { errorResponse, idParams } from '../api/openapi.js';
import { originOf, requireActor } from '../web/http.js';
import { DOCUMENT_TYPES, megabytes } from './documents-files.js';
import { acceptMultipart, readDocumentUpload, uploadOf } from './documents-multipart.js';
import { presentDocumentForApi } from './documents-presenters.js';
import { sendDocument } from './documents-routes.js';
import { DOCUMENT_KINDS, VISIBILITIES, documentFormValues, parseDocumentUpload } from './documents-schemas.js';
import type { ReferralDocumentService } from './documents-service.js';

const errors = [400, 401, 403, 404, 415] as const;

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

  endpoint(api, {
    method: 'GET',
    url: '/referrals/:id/documents',
    tag: 'referral-documents',
    summary: 'The documents attached to a referral that the caller may see, newest first (metadata only)',
    errors,
    handler: async ({ actor, params, origin }) => {
      const list = await documents.list(actor, params.id, origin);
      return { items: list.items.map(presentDocumentForApi) };
    },
  });

  // Not endpoint(): the upload is read by a preValidation hook, which endpoint() has no place for.
  api.post<{ Params: { id: string } }>(
    '/referrals/:id/documents',
    {
      schema: {
        tags: ['referral-documents'],
        summary: 'Attach a document to a referral (multipart/form-data with the CSRF token)',
        params: idParams,
        response: Object.fromEntries(errors.map((status) => [status, errorResponse])),
        consumes: ['multipart/form-data'],
        body: uploadBody(documents.maxBytes),
      } as FastifySchema,
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

  endpoint(api, {
    method: 'GET',
    url: '/referral-documents/:id/content',
    tag: 'referral-documents',
    summary: 'A document’s bytes, as an attachment with its stored content type (every download is audited)',
    errors,
    schema: { produces: Object.keys(DOCUMENT_TYPES) },
    handler: async ({ actor, params, origin, reply }) => {
      const download = await documents.download(actor, params.id, origin);
      return sendDocument(reply, download);
    },
  });
}
