import { z } from 'zod';
import type { DomainRating, RiskDomain } from '../../db/schema.js';
import { ZOptionalText, dateFromForm, formText } from '../../people/schemas.js';
import { DOMAIN_RATINGS, RISK_DOMAINS, RISK_DOMAIN_LABELS, RISK_LEVELS } from '../domains.js';
import { daysAfter, todayInLondon } from '../../dates/london.js';

/*
 * The expert risk assessment of him (issue 6, point 2): each of the fourteen domains rated with
 * its evidence, an overall level, a summary of findings, a risk management plan and a review date.
 * Every save is a new version.
 */

/** Today as an ISO date (UTC, like the other date rules). */
export const todayIso = (): string => todayInLondon();

/** How far ahead a review may be set: an assessment unreviewed for longer than this is out of date. */
export const MAX_REVIEW_DAYS = 366;

/** Ratings that need their evidence written down. */
const RATINGS_NEEDING_EVIDENCE: readonly DomainRating[] = ['low', 'medium', 'high'];

export const needsEvidence = (rating: DomainRating): boolean => RATINGS_NEEDING_EVIDENCE.includes(rating);

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const latestReview = () => daysAfter(todayInLondon(), MAX_REVIEW_DAYS);

const ZIsoDate = (missing: string, label: string) =>
  z
    .string({ error: missing })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine(isRealDate, `${label} must be a real date`);

const ZAssessedOn = ZIsoDate('Enter the date of the assessment', 'The date of the assessment')
  .refine((value) => value >= '2000-01-01', 'The date of the assessment must be after 2000')
  .refine((value) => value <= todayIso(), 'The date of the assessment must be today or in the past');

const ZReviewOn = ZIsoDate('Enter the date the assessment is to be reviewed', 'The review date')
  .refine((value) => value >= todayIso(), 'The review date must be today or in the future')
  .refine((value) => value <= latestReview(), 'The review date must be within a year');

const ZDomainAssessment = (domain: RiskDomain) => {
  const label = RISK_DOMAIN_LABELS[domain];
  return z
    .object(
      {
        rating: z.enum(DOMAIN_RATINGS, { error: `Select a rating for ${label.toLowerCase()}` }),
        evidence: ZOptionalText(5000, `The evidence for ${label.toLowerCase()}`),
      },
      { error: `Select a rating for ${label.toLowerCase()}` },
    )
    .superRefine((value, ctx) => {
      if (needsEvidence(value.rating) && !value.evidence) {
        ctx.addIssue({
          code: 'custom',
          path: ['evidence'],
          message: `Enter the evidence for the rating of ${label.toLowerCase()}`,
        });
      }
    });
};

const domainShape = Object.fromEntries(RISK_DOMAINS.map((domain) => [domain, ZDomainAssessment(domain)])) as Record<
  RiskDomain,
  ReturnType<typeof ZDomainAssessment>
>;

const longText = (missing: string, label: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(10_000, `${label} must be 10000 characters or fewer`);

export const ZRiskAssessmentInput = z
  .object({
    assessedOn: ZAssessedOn,
    domains: z.object(domainShape, { error: 'Rate every domain' }),
    overallLevel: z.enum(RISK_LEVELS, { error: 'Select the overall level of risk' }),
    summary: longText('Enter a summary of the findings', 'The summary of findings'),
    managementPlan: longText('Enter the risk management plan', 'The risk management plan'),
    reviewOn: ZReviewOn,
  })
  .superRefine((value, ctx) => {
    if (value.reviewOn < value.assessedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['reviewOn'],
        message: 'The review date must be on or after the date of the assessment',
      });
    }
  });
export type TRiskAssessmentInput = z.infer<typeof ZRiskAssessmentInput>;
export type TDomainAssessment = TRiskAssessmentInput['domains'][RiskDomain];

/** The form's field names for a domain's rating and evidence: the same keys as the API's field errors. */
export const ratingField = (domain: RiskDomain): string => `domains.${domain}.rating`;
export const evidenceField = (domain: RiskDomain): string => `domains.${domain}.evidence`;

/** The form's answers in the API's shape; each date's three boxes become one ISO date. */
export function riskAssessmentFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const domains: Record<string, unknown> = {};
  for (const domain of RISK_DOMAINS) {
    domains[domain] = { rating: formText(form, ratingField(domain)), evidence: formText(form, evidenceField(domain)) };
  }
  const date = (name: string) => {
    const value = dateFromForm(form, name);
    return value === null ? undefined : value;
  };
  return {
    assessedOn: date('assessedOn'),
    domains,
    overallLevel: formText(form, 'overallLevel'),
    summary: formText(form, 'summary'),
    managementPlan: formText(form, 'managementPlan'),
    reviewOn: date('reviewOn'),
  };
}
