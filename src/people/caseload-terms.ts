// The search box read: a reference, a date of birth, a phone, a postcode or a name with typos and other spellings.

/*
 * `q` is one box: a reference ("PA-1042", or its start), a date of birth (12/3/1984 or 1984-03-12),
 * a phone number (digits only: spaces, dashes and brackets are ignored), a postcode (spaces and
 * case ignored), or else a name with typos and other spellings, optionally with a year of birth
 * ("Smith 1984"). Which of those a list searches depends on what the viewer may see of the person.
 */

/** What the search box asks for, once read. */
export type SearchTerms =
  | { kind: 'reference'; prefix: string }
  | { kind: 'birth'; date: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'postcode'; key: string }
  | { kind: 'name'; words: string[]; year: number | null };

export const Q_MAX = 100;

/** A real calendar date as ISO, or null. */
function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** A word as the database folds names (migration 0031): lower case, accents removed. */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đ]/g, 'd')
    .replace(/[ıİ]/g, 'i')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .toLowerCase();
}

const BAD_DATE = 'Enter a real date of birth, like 12/3/1984 or 1984-03-12';
const TOO_SHORT = 'Enter at least 2 letters of a name, a reference, a date of birth, a phone number or a postcode';

/** What the search box asks for: a reference, a date of birth, a phone, a postcode or a name. */
export function readSearch(q: string): SearchTerms | string {
  if (q.length > Q_MAX) {
    return `Enter no more than ${Q_MAX} characters to search`;
  }
  const reference = /^([A-Za-z]{2})-?\s?(\d+)$/.exec(q);
  if (reference) {
    return { kind: 'reference', prefix: `${(reference[1] ?? '').toUpperCase()}-${reference[2] ?? ''}` };
  }
  const british = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(q);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(q);
  if (british || iso) {
    const [year, month, day] = british
      ? [Number(british[3]), Number(british[2]), Number(british[1])]
      : [Number(iso?.[1]), Number(iso?.[2]), Number(iso?.[3])];
    const date = isoDate(year, month, day);
    return date ? { kind: 'birth', date } : BAD_DATE;
  }
  if (/^\+?[\d\s().-]+$/.test(q)) {
    let digits = q.replace(/\D/g, '');
    if (/^(44|0044)\d{10}$/.test(digits)) {
      digits = `0${digits.replace(/^0{0,2}44/, '')}`;
    }
    if (digits.length >= 6) {
      return { kind: 'phone', digits };
    }
  }
  if (/^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/.test(q)) {
    return { kind: 'postcode', key: q.replace(/\s/g, '').toUpperCase() };
  }
  let year: number | null = null;
  const words: string[] = [];
  for (const token of q.split(/[\s,]+/)) {
    if (/^\d{4}$/.test(token) && year === null && Number(token) >= 1900 && Number(token) <= 2100) {
      year = Number(token);
      continue;
    }
    const word = foldWord(token).replace(/[^\p{L}'-]/gu, '');
    if (word.replace(/['-]/g, '').length >= 2) {
      words.push(word);
    }
  }
  if (words.length === 0 && year === null) {
    return TOO_SHORT;
  }
  return { kind: 'name', words: words.slice(0, 4), year };
}

/**
 * A reference prefix as a range ("PA-104" is from "PA-104" up to "PA-105"), compared with the
 * pattern operators (~>=~ and ~<~) of the text_pattern_ops index: unlike LIKE they are leakproof,
 * so the planner may use the index beneath row-level security.
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { from: prefix, to: `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}` };
}
