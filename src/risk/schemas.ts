import { z } from 'zod';

export const CHOOSE_PARTNER_CASE = 'Choose the partner case this alert was dealt with for';

/*
 * "Mark as dealt with" (page form and API body). Her side's alert about him (raised from his
 * disclosure) is dealt with for one of her cases at a time, so it names the case; other alerts
 * need nothing. An empty field counts as not given.
 */
export const ZAcknowledgeInput = z.object({
  partnerCaseId: z.union([z.uuid(CHOOSE_PARTNER_CASE), z.literal('').transform(() => undefined)]).optional(),
});

export type TAcknowledgeInput = z.infer<typeof ZAcknowledgeInput>;
