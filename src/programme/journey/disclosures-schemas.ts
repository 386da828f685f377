import { z } from 'zod';
import type { DisclosureSeverity, DisclosureType } from '../../db/schema.js';
import { ZOptionalUuid, ZPastDate, dateFromForm, formText } from '../../people/schemas.js';

export const DISCLOSURE_TYPES = [
  'physical',
  'sexual',
  'coercive_control',
  'threats',
  'child_related',
  'breach',
  'other',
] as const satisfies readonly DisclosureType[];

export const DISCLOSURE_TYPE_LABELS: Record<DisclosureType, string> = {
  physical: 'Physical violence',
  sexual: 'Sexual abuse',
  coercive_control: 'Coercive control',
  threats: 'Threats',
  child_related: 'Child-related (abuse involving or witnessed by children)',
  breach: 'Breach of an order (for example a non-molestation order or bail conditions)',
  other: 'Other abusive behaviour',
};

export const SEVERITIES = ['low', 'medium', 'high'] as const satisfies readonly DisclosureSeverity[];

export const SEVERITY_LABELS: Record<DisclosureSeverity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High: share the risk with the partner service at once',
};

/** A disclosure as staff record it (from the register or his case page) and as the API receives it. */
export const ZDisclosureInput = z.object({
  type: z.enum(DISCLOSURE_TYPES, { error: 'Select what kind of violence or abuse was disclosed' }),
  severity: z.enum(SEVERITIES, { error: 'Select the severity' }),
  disclosedOn: z.string({ error: 'Enter the date of the disclosure' }).pipe(ZPastDate('The date of the disclosure')),
  detail: z
    .string({ error: 'Enter what was disclosed' })
    .trim()
    .min(1, 'Enter what was disclosed')
    .max(10000, 'The detail must be 10,000 characters or fewer'),
  sessionId: ZOptionalUuid('Select a session from the list'),
});
export type TDisclosureInput = z.output<typeof ZDisclosureInput>;

export function disclosureFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const choice = (name: string) => formText(form, name) || undefined;
  return {
    type: choice('type'),
    severity: choice('severity'),
    disclosedOn: dateFromForm(form, 'disclosedOn') ?? undefined,
    detail: formText(form, 'detail'),
    sessionId: formText(form, 'sessionId'),
  };
}
