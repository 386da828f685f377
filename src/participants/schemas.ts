import { z } from 'zod';
import {
  GENDERS,
  ZEmail,
  ZName,
  ZOptionalPastDate,
  ZOptionalText,
  ZOptionalUuid,
  ZPhone,
  ZPostcode,
  dateFromForm,
  formText,
} from '../people/schemas.js';

export const PERPETRATOR_CASE_STATUSES = [
  'referred',
  'assessment',
  'waiting',
  'active',
  'suspended',
  'completed',
  'dropped_out',
  'excluded',
  'closed',
] as const;

export const STATUS_LABELS: Record<(typeof PERPETRATOR_CASE_STATUSES)[number], string> = {
  referred: 'Referred',
  assessment: 'In assessment',
  waiting: 'Waiting for a group',
  active: 'On the programme',
  suspended: 'Suspended',
  completed: 'Completed',
  dropped_out: 'Dropped out',
  excluded: 'Excluded',
  closed: 'Closed',
};

/**
 * How to reach him, and the language he needs an interpreter for (seed 004: a one-to-one
 * intervention where an interpreter is needed). His details: the perpetrator side and management
 * see them, the partner side never does (see presenters.ts). Shared with the referral form.
 */
export function participantContactFields() {
  return {
    phone: ZPhone('Phone number'),
    email: ZEmail,
    addressLine1: ZOptionalText(200, 'Address line 1'),
    addressLine2: ZOptionalText(200, 'Address line 2'),
    town: ZOptionalText(100, 'Town or city'),
    postcode: ZPostcode,
  };
}

/**
 * The name a person is known by, when it is not their first name (a short form, a second name, the
 * name they use): shown beside their name in the case band. His record and hers alike.
 */
export const ZKnownAs = ZOptionalText(100, 'Known as').describe(
  'The name the person is known by, if it is not their first name (100 characters or fewer); null or empty for none',
);

/** The language a person needs an interpreter for: his record and hers alike. */
export const ZInterpreterLanguage = ZOptionalText(100, 'Interpreter language').describe(
  'The language the person needs an interpreter for (100 characters or fewer); null or empty when none is needed',
);

/** The participant and his case, as the API sends it and as the form is turned into. */
export const ZParticipantInput = z.object({
  givenName: ZName('first name'),
  familyName: ZName('last name'),
  knownAs: ZKnownAs,
  dateOfBirth: ZOptionalPastDate('Date of birth'),
  gender: z
    .enum(GENDERS, { error: 'Select the gender' })
    .nullish()
    .transform((v) => v ?? null),
  ...participantContactFields(),
  interpreterLanguage: ZInterpreterLanguage,
  status: z.enum(PERPETRATOR_CASE_STATUSES, { error: 'Select the case status' }).default('referred'),
  allocatedWorkerId: ZOptionalUuid('Select a worker from the list'),
});
export type TParticipantInput = z.output<typeof ZParticipantInput>;

/** A PATCH changes only what it sends: no default status, or a change of his name would reset his status to referred. */
export const ZParticipantUpdate = ZParticipantInput.partial().extend({
  status: z.enum(PERPETRATOR_CASE_STATUSES, { error: 'Select the case status' }).optional(),
});
export type TParticipantUpdate = z.output<typeof ZParticipantUpdate>;

export const ZNoteInput = z.object({
  body: z
    .string({ error: 'Enter the note' })
    .trim()
    .min(1, 'Enter the note')
    .max(20_000, 'The note must be 20,000 characters or fewer'),
});

export const ZListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export function participantFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return {
    givenName: formText(form, 'givenName'),
    familyName: formText(form, 'familyName'),
    knownAs: formText(form, 'knownAs'),
    dateOfBirth: dateFromForm(form, 'dateOfBirth'),
    gender: formText(form, 'gender') || null,
    ...contactFromForm(form),
    interpreterLanguage: formText(form, 'interpreterLanguage'),
    status: formText(form, 'status') || undefined,
    allocatedWorkerId: formText(form, 'allocatedWorkerId') || null,
  };
}

export const CONTACT_FIELDS = ['phone', 'email', 'addressLine1', 'addressLine2', 'town', 'postcode'] as const;

/** His contact fields as typed on a form (the participant form and the referral form). */
export function contactFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CONTACT_FIELDS.map((field) => [field, formText(form, field)]));
}
