import { z } from 'zod';
import type { ReportRecipientKind, ShareBasis } from '../db/schema.js';

export const RECIPIENT_KINDS = [
  'court',
  'childrens_services',
  'probation',
  'cafcass',
  'police',
  'other',
] as const satisfies readonly ReportRecipientKind[];

export const RECIPIENT_KIND_LABELS: Record<ReportRecipientKind, string> = {
  court: 'Court',
  childrens_services: 'Children’s services',
  probation: 'Probation',
  cafcass: 'Cafcass',
  police: 'Police',
  other: 'Other agency',
};

/* What the suitability assessment found, in the words the assessment itself uses. */
export {
  ACKNOWLEDGEMENT_LABELS,
  MOTIVATION_LABELS,
  OUTCOME_LABELS,
  RESPONSIBILITY_LABELS,
} from '../assessment/suitability/schemas.js';

/*
 * Partner-side information leaves the organisation only with her consent, at her request, or under
 * the child-safety and high-risk exceptions (seed 001, src/sharing/schemas.ts BASES_FOR). Attendance
 * only is not partner-side information at all, so it has no place here.
 */
export const PARTNER_INFORMATION_BASES = [
  'consent',
  'her_request',
  'child_safety',
  'high_risk',
] as const satisfies readonly ShareBasis[];
export type PartnerInformationBasis = (typeof PARTNER_INFORMATION_BASES)[number];

/** How the report names a basis: "Shared on 20 November 2026 on the basis of: her consent". */
export const BASIS_IN_REPORT: Record<ShareBasis, string> = {
  consent: 'the partner’s consent',
  her_request: 'the partner’s own request',
  child_safety: 'a concern for a child’s safety',
  high_risk: 'a high risk of harm to the partner',
  attendance_only: 'attendance only',
  safety: 'safety (case management)',
};

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `The ${label.replace(/^(the|a|an) /, '')} must be ${max.toLocaleString('en-GB')} characters or fewer`);

const optionalId = (message: string) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), z.uuid(message).optional());

export const ZReportInput = z
  .object({
    recipientKind: z.enum(RECIPIENT_KINDS, { error: 'Select who the report is for' }),
    recipient: text('the name of the recipient', 300),
    purpose: text('the purpose of the report', 2000),
    suitabilityAssessmentId: optionalId('Select a suitability assessment'),
    riskAssessmentId: optionalId('Select a risk assessment'),
    findings: text('the findings', 20000),
    recommendations: text('the recommendations', 20000),
  })
  .refine((input) => input.suitabilityAssessmentId !== undefined || input.riskAssessmentId !== undefined, {
    path: ['suitabilityAssessmentId'],
    message: 'Select the suitability assessment or the risk assessment the report draws on',
  });
export type TReportInput = z.output<typeof ZReportInput>;

export const ZPartnerInformationInput = z.object({
  partnerCaseId: z.uuid('Select the partner case the information comes from'),
  information: text('the information to include', 5000),
  basis: z.enum(PARTNER_INFORMATION_BASES, { error: 'Select the basis for sharing it' }),
  reason: text('the reason for sharing it', 5000),
});
export type TPartnerInformationInput = z.output<typeof ZPartnerInformationInput>;

/** The form's fields as strings (what was typed is shown again with the errors). */
export function formValues(form: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, typeof form[name] === 'string' ? form[name] : '']));
}

export const REPORT_FIELDS = [
  'recipientKind',
  'recipient',
  'purpose',
  'suitabilityAssessmentId',
  'riskAssessmentId',
  'findings',
  'recommendations',
] as const;
export const PARTNER_INFORMATION_FIELDS = ['partnerCaseId', 'information', 'basis', 'reason'] as const;
