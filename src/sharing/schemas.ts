import { z } from 'zod';

export const SHARE_BASES = ['consent', 'child_safety', 'high_risk', 'her_request', 'attendance_only', 'safety'] as const;
export type ShareBasisCode = (typeof SHARE_BASES)[number];

export const SHARE_BASIS_LABELS: Record<ShareBasisCode, string> = {
  consent: 'With the partner’s recorded consent',
  child_safety: 'A concern for a child’s safety',
  high_risk: 'High risk of harm to the partner',
  her_request: 'At the partner’s own request',
  attendance_only: 'Attendance only',
  safety: 'Shared for safety (case management)',
};

export const SHARE_DIRECTIONS = ['partner_to_perpetrator', 'perpetrator_to_partner', 'outside'] as const;
export type ShareDirectionCode = (typeof SHARE_DIRECTIONS)[number];

export const SHARE_DIRECTION_LABELS: Record<ShareDirectionCode, string> = {
  partner_to_perpetrator: 'To the perpetrator programme team',
  perpetrator_to_partner: 'To the partner support service',
  outside: 'To an outside agency or person',
};

/*
 * Which bases each kind of share may rest on (seed 001 and the Respect standard): outside the
 * organisation, partner-side information goes only with her consent, at her request, or under
 * the child-safety and high-risk exceptions; otherwise only attendance. Across the wall to his
 * programme, only what her worker deliberately shares for safety. His information may go to her
 * worker for safety, or outside as attendance or with a safety basis.
 */
export const BASES_FOR: Record<'partner' | 'perpetrator', Partial<Record<ShareDirectionCode, readonly ShareBasisCode[]>>> = {
  partner: {
    outside: ['consent', 'her_request', 'child_safety', 'high_risk', 'attendance_only'],
    partner_to_perpetrator: ['safety', 'high_risk', 'child_safety', 'her_request', 'consent'],
  },
  perpetrator: {
    perpetrator_to_partner: ['safety', 'attendance_only', 'high_risk', 'child_safety'],
    outside: ['attendance_only', 'consent', 'child_safety', 'high_risk'],
  },
};

export const ZShareInput = z.object({
  direction: z.enum(SHARE_DIRECTIONS, { error: 'Select who the information went to' }),
  recipient: z
    .string({ error: 'Enter who received it' })
    .trim()
    .min(1, 'Enter who received it (the team, agency or person)')
    .max(300, 'The recipient must be 300 characters or fewer'),
  information: z
    .string({ error: 'Enter what was shared' })
    .trim()
    .min(1, 'Enter what was shared')
    .max(5000, 'What was shared must be 5,000 characters or fewer'),
  basis: z.enum(SHARE_BASES, { error: 'Select the basis for sharing' }),
  reason: z
    .string({ error: 'Enter the reason for sharing' })
    .trim()
    .min(1, 'Enter the reason for sharing')
    .max(5000, 'The reason must be 5,000 characters or fewer'),
});
export type TShareInput = z.output<typeof ZShareInput>;
