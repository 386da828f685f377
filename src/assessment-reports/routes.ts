import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide, can, type Actor } from '../access/index.js';
import { InvalidInputError } from '../errors.js';
import { uuidOrNotFound } from '../web/forms.js';
import { selectItems } from '../web/pagination.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
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

type IdParams = { Params: { id: string } };
type ReportParams = { Params: { id: string; reportId: string } };

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
  app.get<IdParams>('/participants/:id/assessment-reports', async (request, reply) => {
    const actor = requireActor(request);
    const { participant, reports: items } = await reports.list(actor, request.params.id);
    const query = request.query as Record<string, string | undefined>;
    return reply.view(LIST, {
      title: 'Assessment reports',
      participant,
      reports: items,
      canWrite: can(actor, 'assessmentReport.write'),
      backLink: `/participants/${participant.id}`,
      flash: query.written ? 'Report written' : undefined,
    });
  });

  app.get<IdParams>('/participants/:id/assessment-reports/new', async (request, reply) => {
    const actor = requireActor(request);
    // The assessments chosen in the first form (the latest of each by default); the text is pre-filled from them.
    const query = request.query as Record<string, unknown>;
    const draft = await reports.draft(actor, request.params.id, {
      suitabilityAssessmentId: choiceOf(query.suitabilityAssessmentId),
      riskAssessmentId: choiceOf(query.riskAssessmentId),
    });
    return reply.view(
      FORM,
      formContext(draft, {
        suitabilityAssessmentId: draft.suitabilityAssessmentId ?? '',
        riskAssessmentId: draft.riskAssessmentId ?? '',
        findings: draft.findings,
        recommendations: draft.recommendations,
      }),
    );
  });

  app.post<IdParams>('/participants/:id/assessment-reports/new', async (request, reply) => {
    const actor = requireActor(request);
    const values = formValues((request.body ?? {}) as Record<string, unknown>, REPORT_FIELDS);
    try {
      const id = await reports.write(actor, request.params.id, parseInput(ZReportInput, values), originOf(request));
      return reply.redirect(`${base(request.params.id)}/${id}?written=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const draft = await reports.draft(actor, request.params.id);
        const context = formContext(draft, values);
        const failed = context.hasAssessments
          ? error
          : new InvalidInputError('No assessment has been recorded for him yet', {
              _: 'Record a suitability or risk assessment before writing a report',
            });
        return renderFormErrors(reply, FORM, context, failed);
      }
      throw error;
    }
  });

  const reportPage = async (
    actor: Actor,
    params: { id: string; reportId: string },
    query: Record<string, string | undefined>,
    origin: ReturnType<typeof originOf>,
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

  app.get<ReportParams>('/participants/:id/assessment-reports/:reportId', async (request, reply) => {
    const actor = requireActor(request);
    const raw = request.params.reportId;
    if (raw.endsWith('.pdf')) {
      const report = await reports.view(actor, uuidOrNotFound(raw.slice(0, -4)), originOf(request), 'pdf', request.params.id);
      return sendReportPdf(reply, reportFileName(report), await renderReportPdf(report));
    }
    const query = request.query as Record<string, string | undefined>;
    return reply.view(REPORT, await reportPage(actor, request.params, query, originOf(request)));
  });

  app.post<ReportParams>('/participants/:id/assessment-reports/:reportId/partner-information', async (request, reply) => {
    const actor = requireActor(request);
    // Partner-side: "not found" to anyone but management, before the body is looked at.
    authorizePartnerSide(actor, 'assessmentReport.includePartnerInformation');
    const reportId = uuidOrNotFound(request.params.reportId);
    const values = formValues((request.body ?? {}) as Record<string, unknown>, PARTNER_INFORMATION_FIELDS);
    try {
      await reports.addPartnerInformation(actor, reportId, parseInput(ZPartnerInformationInput, values), originOf(request));
      return reply.redirect(`${base(request.params.id)}/${reportId}?added=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const context = await reportPage(actor, request.params, {}, originOf(request), values);
        return renderFormErrors(reply, REPORT, context, error);
      }
      throw error;
    }
  });
}
