import { z } from 'zod';
import type { OnwardReferralStatus, OnwardService, SupportSessionType, SupportTopic } from '../db/schema.js';
import { ZOptionalText, ZPastDate, dateFromForm, formText } from '../people/schemas.js';

/*
 * Support work with her (issue 5, point 3): one-to-one sessions, her attendance at information
 * sessions about the programme (seed 001), and referrals she wants to other services.
 */

export const SESSION_TYPES = ['phone', 'in_person', 'video'] as const satisfies readonly SupportSessionType[];
export const SESSION_TYPE_LABELS: Record<SupportSessionType, string> = { phone: 'Phone', in_person: 'In person', video: 'Video' };

export const TOPICS = [
  'safety',
  'emotional',
  'programme',
  'children',
  'housing',
  'legal',
  'health',
] as const satisfies readonly SupportTopic[];
export const TOPIC_LABELS: Record<SupportTopic, string> = {
  safety: 'Safety',
  emotional: 'Emotional support',
  programme: 'Information about the programme',
  children: 'Children',
  housing: 'Housing',
  legal: 'Legal',
  health: 'Health',
};

export const SERVICES = [
  'idva',
  'refuge',
  'housing',
  'solicitor',
  'counselling',
  'childrens_services',
  'health',
  'other',
] as const satisfies readonly OnwardService[];
export const SERVICE_LABELS: Record<OnwardService, string> = {
  idva: 'IDVA (independent domestic violence adviser)',
  refuge: 'Refuge',
  housing: 'Housing',
  solicitor: 'Solicitor',
  counselling: 'Counselling',
  childrens_services: 'Children’s services',
  health: 'Health',
  other: 'Other',
};

export const REFERRAL_STATUSES = ['made', 'accepted', 'declined'] as const satisfies readonly OnwardReferralStatus[];
export const REFERRAL_STATUS_LABELS: Record<OnwardReferralStatus, string> = {
  made: 'Made',
  accepted: 'Accepted',
  declined: 'Declined',
};

/** A date of a real day, today or earlier; missing is its own message. */
const pastDate = (label: string, missing: string) => z.string({ error: missing }).min(1, missing).pipe(ZPastDate(label));

const required = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `This must be ${max} characters or fewer`);

export const ZSupportSession = z.object({
  heldOn: pastDate('The date of the session', 'Enter the date of the session'),
  sessionType: z.enum(SESSION_TYPES, { error: 'Select how the session was held' }),
  durationMinutes: z.coerce
    .number({ error: 'Enter the length in minutes, like 45' })
    .int('Enter the length in whole minutes, like 45')
    .min(1, 'Enter the length in minutes, like 45')
    .max(600, 'A session must be 600 minutes or fewer'),
  topics: z
    .array(z.enum(TOPICS, { error: 'Select the topics from the list' }), { error: 'Select at least one topic' })
    .min(1, 'Select at least one topic')
    .transform((topics) => TOPICS.filter((topic) => topics.includes(topic))),
  notes: ZOptionalText(10000, 'The notes'),
});
export type TSupportSession = z.infer<typeof ZSupportSession>;

export const ZInformationSession = z.object({
  attendedOn: pastDate('The date of the information session', 'Enter the date of attendance'),
  programmeWorker: ZOptionalText(200, 'The programme worker'),
  notes: ZOptionalText(5000, 'The notes'),
});
export type TInformationSession = z.infer<typeof ZInformationSession>;

export const ZOnwardReferral = z.object({
  service: z.enum(SERVICES, { error: 'Select the service the partner wants to be referred to' }),
  organisationName: required('the organisation the partner is referred to', 200),
  referredOn: pastDate('The date of the referral', 'Enter the date of the referral'),
  consent: z.union([z.literal(true), z.literal('yes')], {
    error: 'Confirm that the partner wants this referral and consents to it',
  }),
  status: z
    .enum(REFERRAL_STATUSES, { error: 'Select the status of the referral' })
    .optional()
    .transform((v) => v ?? 'made'),
  outcome: ZOptionalText(5000, 'The outcome'),
});
export type TOnwardReferral = z.infer<typeof ZOnwardReferral>;

export const ZOnwardReferralUpdate = z.object({
  status: z.enum(REFERRAL_STATUSES, { error: 'Select the status of the referral' }),
  outcome: ZOptionalText(5000, 'The outcome'),
});
export type TOnwardReferralUpdate = z.infer<typeof ZOnwardReferralUpdate>;

const dateOrUndefined = (form: Record<string, unknown>, name: string) => {
  const value = dateFromForm(form, name);
  return value === null ? undefined : value;
};

export function sessionFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const topics = form.topics;
  return {
    heldOn: dateOrUndefined(form, 'heldOn'),
    sessionType: formText(form, 'sessionType') || undefined,
    durationMinutes: (formText(form, 'durationMinutes') ?? '').trim() || undefined,
    topics: Array.isArray(topics) ? topics : typeof topics === 'string' ? [topics] : [],
    notes: formText(form, 'notes'),
  };
}

export function informationSessionFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return {
    attendedOn: dateOrUndefined(form, 'attendedOn'),
    programmeWorker: formText(form, 'programmeWorker'),
    notes: formText(form, 'notes'),
  };
}

export function referralFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return {
    service: formText(form, 'service') || undefined,
    organisationName: formText(form, 'organisationName'),
    referredOn: dateOrUndefined(form, 'referredOn'),
    consent: formText(form, 'consent'),
    status: formText(form, 'status') || undefined,
    outcome: formText(form, 'outcome'),
  };
}

export function referralUpdateFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return { status: formText(form, 'status') || undefined, outcome: formText(form, 'outcome') };
}
