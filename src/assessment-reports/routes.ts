import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide, can } from '../access/index.js';
import { InvalidInputError } from '../errors.js';
import { formOf, uuidOrNotFound } from '../web/forms.js';
import { selectItems } from '../web/pagination.js';
import { isInvalidInput, parseInput, renderFormErrors } from '../web/http.js';
import { form, page, routeCall, type RouteCall } from '../web/route.js';
import { NO_PARTNER_INFORMATION, renderReportPdf, reportFileName, sendReportPdf } from './pdf.js';
import {
  PARTNER_INFORMATION_BASES,
  PARTNER_INFORMATION_FIELDS,
  RECIPIENT_KINDS,
  RECIPIENT_KIND_LABELS,
  REPORT_FIELDS,
  ZPartnerInformationInput,
  ZReportInput,
  formValues,
} from './schemas.js';
import { SHARE_BASIS_LABELS } from '../sharing/schemas.js';
import type { AssessmentReportService, ReportDraft } from './service.js';

const LIST = 'assessment-reports/views/list.njk';
const FORM = 'assessment-reports/views/form.njk';
const REPORT = 'assessment-reports/views/report.njk';

const base = (participantId: string) => `/participants/${participantId}/assessment-reports`;

/** A choice of assessment from a form or address: absent means "the latest", empty means "none". */
function choiceOf(value: unknown): string | null | undefined {
  if (value === undefined) {
    return undefined;
  }
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : null;
}

function formContext(draft: ReportDraft, values: Record<string, string>) {
  const id = draft.participant.id;
  return {
    title: 'Write an assessment report',
    participant: draft.participant,
    hasAssessments: draft.suitabilityOptions.length > 0 || draft.riskOptions.length > 0,
    values,
    recipientKindItems: RECIPIENT_KINDS.map((k) => ({
      value: k,
      text: RECIPIENT_KIND_LABELS[k],
      checked: values.recipientKind === k,
    })),
    suitabilityItems: selectItems(
      draft.suitabilityOptions.map((o) => ({ value: o.id, text: o.text })),
      values.suitabilityAssessmentId ?? null,
      'None: do not draw on a suitability assessment',
    ),
    riskItems: selectItems(
      draft.riskOptions.map((o) => ({ value: o.id, text: o.text })),
      values.riskAssessmentId ?? null,
      'None: do not draw on a risk assessment',
    ),
    action: `${base(id)}/new`,
    backLink: base(id),
  };
}

/** The report's pages: his list of reports, the new-report form, one report and its PDF, and management's partner-side additions. */
export function assessmentReportRoutes(
  app: FastifyInstance,
  { assessmentReports: reports }: { assessmentReports: AssessmentReportService },
): void {
  page(app, '/participants/:id/assessment-reports', LIST, async ({ actor, params, query }) => {
    const { participant, reports: items } = await reports.list(actor, params.id);
    return {
      title: 'Assessment reports',
      participant,
      reports: items,
      canWrite: can(actor, 'assessmentReport.write'),
      backLink: `/participants/${participant.id}`,
      flash: query.written ? 'Report written' : undefined,
    };
  });

  page(app, '/participants/:id/assessment-reports/new', FORM, async ({ actor, params, query }) => {
    // The assessments chosen in the first form (the latest of each by default); the text is pre-filled from them.
    const draft = await reports.draft(actor, params.id, {
      suitabilityAssessmentId: choiceOf(query.suitabilityAssessmentId),
      riskAssessmentId: choiceOf(query.riskAssessmentId),
    });
    return formContext(draft, {
      suitabilityAssessmentId: draft.suitabilityAssessmentId ?? '',
      riskAssessmentId: draft.riskAssessmentId ?? '',
      findings: draft.findings,
      recommendations: draft.recommendations,
    });
  });

  // Posted here rather than through form(): when no assessment has been recorded for him, a refused
  // report says so in place of the fields' errors, and form() shows the errors only as thrown.
  app.post('/participants/:id/assessment-reports/new', async (request, reply) => {
    const { actor, params, origin } = routeCall<'/participants/:id/assessment-reports/new'>(request, reply);
    const values = formValues(formOf(request.body), REPORT_FIELDS);
    try {
      const id = await reports.write(actor, params.id, parseInput(ZReportInput, values), origin);
      return reply.redirect(`${base(params.id)}/${id}?written=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const context = formContext(await reports.draft(actor, params.id), values);
        const failed = context.hasAssessments
          ? error
          : new InvalidInputError('No assessment has been recorded for this participant yet', {
              _: 'Record a suitability or risk assessment before writing a report',
            });
        return renderFormErrors(reply, FORM, context, failed);
      }
      throw error;
    }
  });

  /** One report's page: the report, and for management the form that adds the partner side's information. */
  const reportPage = async (
    { actor, params, query, origin }: Omit<RouteCall<'/participants/:id/assessment-reports/:reportId'>, 'request' | 'reply'>,
    values: Record<string, string> = {},
  ) => {
    const reportId = uuidOrNotFound(params.reportId);
    const report = await reports.view(actor, reportId, origin, 'page', params.id);
    const partnerCases = await reports.partnerCaseOptions(actor, report.participant.id, origin);
    return {
      title: 'Assessment report',
      report,
      noPartnerInformation: NO_PARTNER_INFORMATION,
      canWrite: can(actor, 'assessmentReport.write'),
      newHref: `${base(params.id)}/new`,
      pdfHref: `${base(params.id)}/${reportId}.pdf`,
      partnerCases,
      partnerCaseItems: selectItems(
        (partnerCases ?? []).map((c) => ({ value: c.id, text: c.text })),
        values.partnerCaseId ?? null,
        'Select a partner case',
      ),
      basisItems: PARTNER_INFORMATION_BASES.map((b) => ({ value: b, text: SHARE_BASIS_LABELS[b], checked: values.basis === b })),
      action: `${base(params.id)}/${reportId}/partner-information`,
      backLink: base(params.id),
      flash: query.written ? 'Report written' : query.added ? 'Information from the partner support service added' : undefined,
      values,
    };
  };

  page(app, '/participants/:id/assessment-reports/:reportId', REPORT, async (call) => {
    const { actor, params, origin, reply } = call;
    if (params.reportId.endsWith('.pdf')) {
      const report = await reports.view(actor, uuidOrNotFound(params.reportId.slice(0, -4)), origin, 'pdf', params.id);
      return sendReportPdf(reply, reportFileName(report), await renderReportPdf(report));
    }
    return reportPage(call);
  });

  form(app, {
    url: '/participants/:id/assessment-reports/:reportId/partner-information',
    view: REPORT,
    // The report's page again, without the address's notes ("written", "added"), with what was typed.
    context: (call, posted) => reportPage({ ...call, query: {} }, formValues(posted, PARTNER_INFORMATION_FIELDS)),
    save: async ({ actor, params, origin }, posted) => {
      // Partner-side: "not found" to anyone but management, before the body is looked at.
      authorizePartnerSide(actor, 'assessmentReport.includePartnerInformation');
      const reportId = uuidOrNotFound(params.reportId);
      const values = formValues(posted, PARTNER_INFORMATION_FIELDS);
      await reports.addPartnerInformation(actor, reportId, parseInput(ZPartnerInformationInput, values), origin);
      return `${base(params.id)}/${reportId}?added=1`;
    },
  });
}
