import { z } from 'zod';

export const PARTNER_GROUP_OUTCOMES = ['attended', 'absent', 'apologies'] as const;
export const PARTNER_GROUP_OUTCOME_LABELS: Record<(typeof PARTNER_GROUP_OUTCOMES)[number], string> = {
  attended: 'Attended',
  absent: 'Absent',
  apologies: 'Sent apologies',
};

export const ZAddMember = z.object({
  reference: z
    .string({ error: 'Enter the partner case reference' })
    .trim()
    .min(1, 'Enter the partner case reference')
    .max(40, 'Enter the partner case reference as it is shown on the case'),
});

export const ZRegister = z.object({
  outcomes: z
    .array(
      z.object({
        partnerCaseId: z.uuid({ error: 'Select a partner in this group' }),
        outcome: z.enum(PARTNER_GROUP_OUTCOMES, { error: 'Select attended, absent or sent apologies' }),
      }),
      { error: 'Mark at least one partner' },
    )
    .min(1, 'Mark at least one partner')
    .max(100),
});
export type TRegister = z.output<typeof ZRegister>;

/** The register form: one radio group per member, named outcome-<her case id>. */
export function registerFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const outcomes = Object.entries(form)
    .filter(([key, value]) => key.startsWith('outcome-') && typeof value === 'string' && value !== '')
    .map(([key, value]) => ({ partnerCaseId: key.slice('outcome-'.length), outcome: value }));
  return { outcomes };
}
