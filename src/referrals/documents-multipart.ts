import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../web/http.js';
import { ReceivedFile, type UploadProblem } from './documents-files.js';

/** The form's one file field. */
export const FILE_FIELD = 'file';

type Upload = { file: ReceivedFile | null; problem: UploadProblem | null };
const uploads = new WeakMap<FastifyRequest, Upload>();

/** The file of a multipart request read by `readDocumentUpload`, or none (a urlencoded or JSON body). */
export function uploadOf(request: FastifyRequest): Upload {
  return uploads.get(request) ?? { file: null, problem: null };
}

/**
 * Registers @fastify/multipart in an encapsulated scope: only the document routes accept
 * multipart bodies, so every other route and API endpoint still refuses them as before.
 */
export async function acceptMultipart(scope: FastifyInstance, maxBytes: number): Promise<void> {
  await scope.register(fastifyMultipart, { limits: limitsFor(maxBytes), throwFileSizeLimit: false });
}

function limitsFor(maxBytes: number) {
  // One file, a few short fields: anything more is not this form.
  return { fileSize: maxBytes, files: 1, fields: 8, parts: 10, fieldSize: 8 * 1024, fieldNameSize: 100, headerPairs: 50 };
}

/**
 * A route's preValidation: reads a multipart body whole before the CSRF check (which runs in
 * preHandler and needs the `_csrf` field). Text fields become the request body; the one file is
 * kept aside, in memory and no longer than the scope's limit. A file over the limit is read to its end
 * and dropped, so the form can say so instead of the connection breaking. Nothing is written here.
 */
export function readDocumentUpload() {
  return async function read(request: FastifyRequest): Promise<void> {
    if (!request.isMultipart()) {
      return;
    }
    // Nobody signed out has their upload read.
    requireActor(request);
    const fields: Record<string, string> = {};
    const upload: Upload = { file: null, problem: null };
    try {
      // The scope's plugin options set the limits and keep an oversized file from throwing.
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== FILE_FIELD || upload.file) {
            part.file.resume();
            upload.problem ??= 'more_than_one_file';
            continue;
          }
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) {
            if (!part.file.truncated) {
              chunks.push(chunk as Buffer);
            }
          }
          upload.file = new ReceivedFile(part.filename, part.mimetype, part.file.truncated ? null : Buffer.concat(chunks));
          if (part.file.truncated) {
            upload.problem = 'too_large';
          }
        } else if (typeof part.value === 'string' && !part.valueTruncated && !(part.fieldname in fields)) {
          fields[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      upload.problem ??= code === 'FST_FILES_LIMIT' ? 'more_than_one_file' : 'unreadable';
      request.log.info({ code }, 'document upload could not be read');
    }
    uploads.set(request, upload);
    request.body = fields;
  };
}
