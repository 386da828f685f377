import type { FastifyInstance } from 'fastify';
import { endpoint } from '../api/endpoint.js';
import { renderReportPdf, reportFileName, sendReportPdf } from './pdf.js';
import { ZReportInput } from './schemas.js';
import type { AssessmentReportService } from './service.js';

const errors = [400, 401, 403, 404] as const;

/**
 * Assessment reports in the JSON API, registered inside /api/v1 (src/app/api.ts). His side and
 * management; partner-side pieces appear only for management. Reports are never changed: a
 * correction is a new report.
 */
export function assessmentReportApiRoutes(
  api: FastifyInstance,
  { assessmentReports: reports }: { assessmentReports: AssessmentReportService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/assessment-reports',
    tag: 'assessment-reports',
    summary: 'The assessment reports written about him, latest first',
    errors,
    handler: async ({ actor, params }) => (await reports.list(actor, params.id)).reports,
  });
  endpoint(api, {
    method: 'POST',
    url: '/participants/:id/assessment-reports',
    tag: 'assessment-reports',
    summary: 'Write an assessment report for a referrer, drawing on his suitability and/or risk assessment',
    body: ZReportInput,
    status: 201,
    errors,
    handler: async ({ actor, params, body, origin }) => {
      const id = await reports.write(actor, params.id, body, origin);
      return reports.view(actor, id, origin, 'api');
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/assessment-reports/:id',
    tag: 'assessment-reports',
    summary: 'One assessment report, as the caller may read it',
    errors,
    handler: ({ actor, params, origin }) => reports.view(actor, params.id, origin, 'api'),
  });
  endpoint(api, {
    method: 'GET',
    url: '/assessment-reports/:id/pdf',
    tag: 'assessment-reports',
    summary: 'One assessment report as PDF (audited on every download)',
    errors,
    handler: async ({ actor, params, origin, reply }) => {
      const report = await reports.view(actor, params.id, origin, 'pdf');
      return sendReportPdf(reply, reportFileName(report), await renderReportPdf(report));
    },
  });
}
