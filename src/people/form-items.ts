import { selectItems } from '../web/pagination.js';
import { GENDERS, GENDER_LABELS } from './schemas.js';

/** The gender select's items, for a participant's or a partner's form. */
export const genderItems = (selected: string | null | undefined) =>
  selectItems(
    GENDERS.map((g) => ({ value: g, text: GENDER_LABELS[g] })),
    selected,
    'Not recorded',
  );
