import { z } from 'zod';
import { ZOptionalText, ZYesNo } from '../../people/schemas.js';

export const ZVenueInput = z.object({
  name: z
    .string({ error: 'Enter the name of the venue' })
    .trim()
    .min(1, 'Enter the name of the venue')
    .max(200, 'The name must be 200 characters or fewer'),
  address: ZOptionalText(500, 'The address'),
  active: ZYesNo.optional(),
});
export type TVenueInput = z.output<typeof ZVenueInput>;
export const VENUE_FORM_FIELDS = ['name', 'address', 'active'] as const;
