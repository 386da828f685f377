import { z } from 'zod';
import { ZName, ZOptionalPastDate, ZPhone, ZPostcode, dateFromForm, formText } from '../people/schemas.js';

/**
 * Who intake is checking for. Sent in a POST body, never a query string: a searched name in a URL
 * would land in access logs and browser history.
 */
export const ZKnownPersonSearch = z.object({
  givenName: ZName('first name'),
  familyName: ZName('last name'),
  dateOfBirth: ZOptionalPastDate('Date of birth'),
  postcode: ZPostcode,
  phone: ZPhone('Phone number'),
});
export type TKnownPersonSearch = z.output<typeof ZKnownPersonSearch>;

/** Two records of the same person: the one kept, and the duplicate merged into it. */
export const ZMergeRequest = z.object({
  keep: z.uuid('Select the record to keep'),
  duplicate: z.uuid('Select the duplicate record to merge into it'),
});
export type TMergeRequest = z.output<typeof ZMergeRequest>;

export function knownPersonFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return {
    givenName: formText(form, 'givenName'),
    familyName: formText(form, 'familyName'),
    dateOfBirth: dateFromForm(form, 'dateOfBirth'),
    postcode: formText(form, 'postcode') ?? null,
    phone: formText(form, 'phone') ?? null,
  };
}
