import type { Gender } from '../db/schema.js';

/**
 * The words a sentence about one recorded person uses for them, from the gender recorded: a man
 * is "he", a woman "she", anyone else (non-binary, another gender, not known or not recorded)
 * "they". The verbs that follow a pronoun are here too, so "they are" reads as well as "she is".
 * Pages never assume that the participant is a man or the partner a woman (product.md, "Not only
 * men, not only women").
 */
export type Pronouns = {
  he: string;
  He: string;
  him: string;
  his: string;
  His: string;
  himself: string;
  is: string;
  has: string;
  was: string;
  does: string;
};

const HE: Pronouns = {
  he: 'he',
  He: 'He',
  him: 'him',
  his: 'his',
  His: 'His',
  himself: 'himself',
  is: 'is',
  has: 'has',
  was: 'was',
  does: 'does',
};
const SHE: Pronouns = {
  he: 'she',
  He: 'She',
  him: 'her',
  his: 'her',
  His: 'Her',
  himself: 'herself',
  is: 'is',
  has: 'has',
  was: 'was',
  does: 'does',
};
const THEY: Pronouns = {
  he: 'they',
  He: 'They',
  him: 'them',
  his: 'their',
  His: 'Their',
  himself: 'themselves',
  is: 'are',
  has: 'have',
  was: 'were',
  does: 'do',
};

/** The pronouns for a person of the gender recorded (a Nunjucks filter too: `{% set p = person.gender | pronouns %}`). */
export function pronounsFor(gender: Gender | string | null | undefined): Pronouns {
  if (gender === 'man') {
    return HE;
  }
  if (gender === 'woman') {
    return SHE;
  }
  return THEY;
}
