/*
 * The known-person check at intake: is the person named on a referral someone the service already
 * knows? A pure function, so the rule can be read and tested on its own; the service decides whose
 * records it is ever given (partner-side records only to partner-side and management users).
 *
 * THE RULE. A stored person matches the candidate when any of these holds:
 *   1. a strong name match: first and last names both at least STRONG_NAME similar (in either
 *      order, so swapped first and last names count), or
 *   2. some name similarity (first or last name at least SOME_NAME similar, or a matching
 *      initial) together with at least one shared identifier: date of birth, phone or postcode.
 *      A partner may have changed her last name since she was last known, so a first name and a
 *      date of birth are enough; or
 *   3. no name similarity, but the same date of birth together with the same phone or postcode.
 * Otherwise it is no match (null). Duplicates are decided by a person, not by this function: it
 * only explains, with a reason for each, why a record is worth looking at.
 *
 * THE SCORE (0..1) weighs the name and each identifier both sides have recorded; an identifier
 * recorded on both sides and different lowers it. An identical person scores exactly 1.
 */

export type PersonDetails = {
  givenName: string;
  familyName: string;
  dateOfBirth?: string | null;
  postcode?: string | null;
  phone?: string | null;
};

/** A stored person may have a second number (a partner's safe phone): either counts as her phone. */
export type StoredPerson = PersonDetails & { otherPhone?: string | null };

export type PersonMatch = { score: number; reasons: string[] };

export const STRONG_NAME = 0.88;
export const SOME_NAME = 0.85;
/** A lone initial that agrees with the other name's first letter: "J" for "John". */
const INITIAL_SIMILARITY = 0.85;

const WEIGHTS = { name: 0.6, dateOfBirth: 0.2, phone: 0.1, postcode: 0.1 } as const;

/** Lower case, accents and punctuation removed ("Zoë O'Brien-Hart" -> "zoe obrienhart"); letters of every script kept. */
export function normaliseName(name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  // A name made only of punctuation still has to equal itself.
  return plain || name.trim().toLowerCase();
}

/** Digits only, without the UK +44 / 0044 / leading 0, so "+44 7700 900111" equals "07700 900111". */
export function normalisePhone(phone: string | null | undefined): string | null {
  let digits = (phone ?? '').replace(/\D/g, '');
  if (digits.startsWith('00')) {
    digits = digits.slice(2);
  }
  if (digits.startsWith('44') && digits.length >= 12) {
    digits = digits.slice(2);
  }
  digits = digits.replace(/^0+/, '');
  return digits.length >= 6 ? digits : null;
}

/** Upper case without spaces: "ls9 8qt" equals "LS9 8QT". */
export function normalisePostcode(postcode: string | null | undefined): string | null {
  const plain = (postcode ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return plain || null;
}

/**
 * Jaro-Winkler similarity (0..1) over code points: good for short strings such as names, and
 * forgiving of a typo or a transposed pair near the end ("Quenel" ~ "Quennell"). The arguments
 * are put in a fixed order first, so the result is symmetric by construction.
 */
export function jaroWinkler(first: string, second: string): number {
  if (first === second) {
    return 1;
  }
  const [a, b] = (first <= second ? [first, second] : [second, first]).map((s) => Array.from(s)) as [string[], string[]];
  if (a.length === 0 || b.length === 0) {
    return 0;
  }
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i += 1) {
    const end = Math.min(i + window + 1, b.length);
    for (let j = Math.max(0, i - window); j < end; j += 1) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = true;
        bMatched[j] = true;
        matches += 1;
        break;
      }
    }
  }
  if (matches === 0) {
    return 0;
  }
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i += 1) {
    if (!aMatched[i]) {
      continue;
    }
    while (!bMatched[k]) {
      k += 1;
    }
    if (a[i] !== b[k]) {
      halfTranspositions += 1;
    }
    k += 1;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - halfTranspositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix += 1;
  }
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** One part of a name against another: Jaro-Winkler, or an initial that agrees ("j" ~ "john"). */
function partSimilarity(a: string, b: string): { similarity: number; initial: boolean } {
  const plain = jaroWinkler(a, b);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const isInitial = Array.from(short).length === 1 && Array.from(long).length > 1 && long.startsWith(short);
  if (isInitial && INITIAL_SIMILARITY > plain) {
    return { similarity: INITIAL_SIMILARITY, initial: true };
  }
  return { similarity: plain, initial: false };
}

export type NameSimilarity = {
  /** The mean of the two parts' similarity, in the better order. */
  score: number;
  given: number;
  family: number;
  swapped: boolean;
  initial: boolean;
  exact: boolean;
};

/** How alike two people's names are, comparing first with first and last with last, or crosswise. */
export function nameSimilarity(a: PersonDetails, b: PersonDetails): NameSimilarity {
  const [aGiven, aFamily, bGiven, bFamily] = [a.givenName, a.familyName, b.givenName, b.familyName].map(normaliseName) as [
    string,
    string,
    string,
    string,
  ];
  const straightGiven = partSimilarity(aGiven, bGiven);
  const straightFamily = partSimilarity(aFamily, bFamily);
  const crossGiven = partSimilarity(aGiven, bFamily);
  const crossFamily = partSimilarity(aFamily, bGiven);
  const straight = (straightGiven.similarity + straightFamily.similarity) / 2;
  const crossed = (crossGiven.similarity + crossFamily.similarity) / 2;
  const swapped = crossed > straight;
  const [given, family] = swapped ? [crossGiven, crossFamily] : [straightGiven, straightFamily];
  return {
    score: (given.similarity + family.similarity) / 2,
    given: given.similarity,
    family: family.similarity,
    swapped,
    initial: given.initial || family.initial,
    exact: !swapped && aGiven === bGiven && aFamily === bFamily,
  };
}

function sameValue(a: string | null, b: string | null): boolean | null {
  if (a === null || b === null) {
    return null;
  }
  return a === b;
}

function samePhone(candidate: PersonDetails, stored: StoredPerson): boolean | null {
  const theirs = [stored.phone, stored.otherPhone].map(normalisePhone).filter((p): p is string => p !== null);
  const ours = normalisePhone(candidate.phone);
  if (ours === null || theirs.length === 0) {
    return null;
  }
  return theirs.includes(ours);
}

const fullName = (person: PersonDetails) => `${person.givenName.trim()} ${person.familyName.trim()}`;

/** Whether `stored` may be the person described by `candidate`, and why; null when it is not a match. */
export function matchPerson(candidate: PersonDetails, stored: StoredPerson): PersonMatch | null {
  const name = nameSimilarity(candidate, stored);
  const checks = {
    dateOfBirth: sameValue(candidate.dateOfBirth ?? null, stored.dateOfBirth ?? null),
    phone: samePhone(candidate, stored),
    postcode: sameValue(normalisePostcode(candidate.postcode), normalisePostcode(stored.postcode)),
  };
  const shared = (Object.keys(checks) as Array<keyof typeof checks>).filter((key) => checks[key] === true);

  const strongName = name.given >= STRONG_NAME && name.family >= STRONG_NAME;
  const someName = name.given >= SOME_NAME || name.family >= SOME_NAME;
  const isMatch =
    strongName ||
    (someName && shared.length > 0) ||
    (checks.dateOfBirth === true && (checks.phone === true || checks.postcode === true));
  if (!isMatch) {
    return null;
  }

  let weighted = WEIGHTS.name * name.score;
  let total = WEIGHTS.name;
  for (const key of Object.keys(checks) as Array<keyof typeof checks>) {
    if (checks[key] !== null) {
      total += WEIGHTS[key];
      weighted += checks[key] ? WEIGHTS[key] : 0;
    }
  }
  const score = Math.round((weighted / total) * 1000) / 1000;

  const reasons: string[] = [];
  const names = `${fullName(candidate)} ~ ${fullName(stored)}`;
  if (name.exact) {
    reasons.push('Same name');
  } else if (name.swapped && strongName) {
    reasons.push(`First and last names swapped (${names})`);
  } else if (strongName) {
    reasons.push(`Similar name (${names})`);
  } else if (name.initial && someName) {
    reasons.push(`Initial matches (${names})`);
  } else if (someName) {
    reasons.push(`Partly similar name (${names})`);
  }
  if (checks.dateOfBirth === true) {
    reasons.push('Same date of birth');
  }
  if (checks.phone === true) {
    reasons.push('Same phone number');
  }
  if (checks.postcode === true) {
    reasons.push('Same postcode');
  }
  if (checks.dateOfBirth === false) {
    reasons.push('Different date of birth');
  }
  return { score, reasons };
}
