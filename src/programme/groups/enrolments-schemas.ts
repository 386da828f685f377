import { z } from 'zod';
import { ZOptionalText } from '../../people/schemas.js';
import { ZChoice, ZDate } from '../fields.js';
import { NON_ASSOCIATION_REASONS, WAITING_REASONS } from '../labels.js';

/** He joins a programme's waiting list from the date he became ready to start. */
export const ZWaitingListInput = z.object({
  programmeId: ZChoice('Select the programme'),
  readyOn: ZDate('The date ready to start'),
  reasonCode: z.enum(WAITING_REASONS, { error: 'Select why the participant joins the waiting list' }),
  note: ZOptionalText(5000, 'The note'),
});
export type TWaitingListInput = z.output<typeof ZWaitingListInput>;
export const WAITING_LIST_FORM_FIELDS = ['programmeId', 'reasonCode', 'note'] as const;

/** From the programme's waiting list page: the man is named by his reference. */
export const ZWaitingListByReference = ZWaitingListInput.extend({
  participantReference: z
    .string({ error: 'Enter the participant’s reference' })
    .trim()
    .min(1, 'Enter the participant’s reference')
    .max(30, 'Enter a participant reference, like PA-1042'),
});
export type TWaitingListByReference = z.output<typeof ZWaitingListByReference>;

/** A man from the programme's waiting list, placed in one of its groups. */
export const ZPlacementInput = z.object({ enrolmentId: ZChoice('Select a participant from the waiting list') });
export type TPlacementInput = z.output<typeof ZPlacementInput>;

/** Two men who must not be in the same group; the reason is a neutral code. */
export const ZNonAssociationInput = z.object({
  otherReference: z
    .string({ error: 'Enter the reference of the other participant' })
    .trim()
    .min(1, 'Enter the reference of the other participant')
    .max(30, 'Enter a participant reference, like PA-1042'),
  reasonCode: z.enum(NON_ASSOCIATION_REASONS, { error: 'Select the reason' }),
  note: ZOptionalText(2000, 'The note'),
});
export type TNonAssociationInput = z.output<typeof ZNonAssociationInput>;
export const NON_ASSOCIATION_FORM_FIELDS = ['otherReference', 'reasonCode', 'note'] as const;
