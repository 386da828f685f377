import { z } from 'zod';
import { LONDON_OFFSETS, type LondonOffset } from './london.js';

/**
 * Which of a time the autumn clock change gives twice is meant: BST (the first) or GMT (an hour
 * later). Asked for only then (the form shows the choice after the time is refused as happening
 * twice); empty otherwise.
 */
export const ZLondonOffset = z
  .union([
    z.enum(LONDON_OFFSETS, { error: 'Choose BST (the first time) or GMT (an hour later)' }),
    z.literal('').transform(() => null),
    z.null(),
  ])
  .transform((v): LondonOffset | null => v)
  .optional();
