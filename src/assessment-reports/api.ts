import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { renderReportPdf, reportFileName, sendReportPdf } from './pdf.js';
import { ZReportInput } from './schemas.js';
import type { AssessmentReportService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['assessment-reports'], summary, response: errors, ...extra }) as FastifySchema;

const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;

/**
 * Assessment reports in the JSON API, registered inside /api/v1 (src/app/api.ts). His side and
 * management; partner-side pieces appear only for management. Reports are never changed: a
 * correction is a new report.
 */
export function assessmentReportApiRoutes(api: FastifyInstance, reports: AssessmentReportService): void {
  api.get(
    '/participants/:id/assessment-reports',
    { schema: doc('The assessment reports written about him, latest first', { params: idParams }) },
    async (request: IdRequest) => (await reports.list(requireActor(request), request.params.id)).reports,
  );
  api.post(
    '/participants/:id/assessment-reports',
    {
      schema: doc('Write an assessment report for a referrer, drawing on his suitability and/or risk assessment', {
        params: idParams,
        body: jsonSchema(ZReportInput),
      }),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const input = parseInput(ZReportInput, request.body);
      const id = await reports.write(actor, request.params.id, input, originOf(request));
      return reply.status(201).send(await reports.view(actor, id, originOf(request), 'api'));
    },
  );
  api.get(
    '/assessment-reports/:id',
    { schema: doc('One assessment report, as the caller may read it', { params: idParams }) },
    async (request: IdRequest) => reports.view(requireActor(request), request.params.id, originOf(request), 'api'),
  );
  api.get(
    '/assessment-reports/:id/pdf',
    { schema: doc('One assessment report as PDF (audited on every download)', { params: idParams }) },
    async (request: IdRequest, reply) => {
      const report = await reports.view(requireActor(request), request.params.id, originOf(request), 'pdf');
      return sendReportPdf(reply, reportFileName(report), await renderReportPdf(report));
    },
  );
}
