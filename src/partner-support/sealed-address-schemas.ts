import { z } from 'zod';

/** Marking her address sealed (a refuge): always with a reason. */
export const ZSealAddress = z.object({
  reason: z
    .string({ error: 'Enter why the address is sealed' })
    .trim()
    .min(1, 'Enter why the address is sealed')
    .max(2000, 'The reason must be 2000 characters or fewer'),
});

/** Breaking the glass to see a sealed address: a written reason. */
export const ZBreakGlass = z.object({
  reason: z
    .string({ error: 'Enter why you need to see the address' })
    .trim()
    .min(10, 'Enter why you need to see the address (at least 10 characters)')
    .max(2000, 'The reason must be 2000 characters or fewer'),
});
