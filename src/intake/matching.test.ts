import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jaroWinkler,
  matchPerson,
  nameSimilarity,
  normaliseName,
  normalisePhone,
  normalisePostcode,
  type PersonDetails,
  type StoredPerson,
} from './matching.js';

describe('normalising what was typed', () => {
  it.each([
    ['Zoë', 'zoe'],
    ["O'Brien-Hart", 'obrienhart'],
    ['  Ana   María ', 'ana maria'],
    ['JOSÉ', 'jose'],
    ['Łucja', 'łucja'],
    ['李', '李'],
    ['---', '---'],
  ])('name %j -> %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it.each([
    ['07700 900111', '7700900111'],
    ['+44 7700 900111', '7700900111'],
    ['0044 (0)7700-900111', '7700900111'],
    ['+447700900111', '7700900111'],
    ['020 7946 0000', '2079460000'],
    ['12', null],
    ['', null],
    [null, null],
  ])('phone %j -> %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    ['ls9 8qt', 'LS98QT'],
    ['LS9 8QT', 'LS98QT'],
    [' SE1  7TP ', 'SE17TP'],
    ['', null],
    [null, null],
  ])('postcode %j -> %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });
});

describe('Jaro-Winkler', () => {
  it.each([
    // Reference values from Winkler's papers.
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
    ['', 'abc', 0],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });
});

const person = (givenName: string, familyName: string, extra: Partial<StoredPerson> = {}): StoredPerson => ({
  givenName,
  familyName,
  ...extra,
});

describe('the matching rule', () => {
  it('finds a partner by a misspelled name and her date of birth, and says why', () => {
    const match = matchPerson(
      person('Rosalyn', 'Quenel', { dateOfBirth: '1990-03-14' }),
      person('Rosalind', 'Quennell', { dateOfBirth: '1990-03-14' }),
    );
    expect(match).not.toBeNull();
    expect(match?.reasons).toEqual(['Similar name (Rosalyn Quenel ~ Rosalind Quennell)', 'Same date of birth']);
    expect(match?.score).toBeGreaterThan(0.9);
  });

  // candidate, stored, matches?, reasons (when it matches)
  const cases: Array<[string, PersonDetails, StoredPerson, string[] | null]> = [
    ['the same name', person('Darren', 'Whitlock'), person('Darren', 'Whitlock'), ['Same name']],
    ['accents and case do not matter', person('zoe', 'obrien'), person('Zoë', "O'Brien"), ['Same name']],
    ['a typo in both names', person('Jon', 'Smyth'), person('John', 'Smith'), ['Similar name (Jon Smyth ~ John Smith)']],
    [
      'first and last names swapped',
      person('Whitlock', 'Darren'),
      person('Darren', 'Whitlock'),
      ['First and last names swapped (Whitlock Darren ~ Darren Whitlock)'],
    ],
    ['an initial alone is not enough', person('D', 'Whitlock'), person('Darren', 'Whitlock'), null],
    [
      'an initial with a shared date of birth',
      person('D', 'Whitlock', { dateOfBirth: '1984-05-02' }),
      person('Darren', 'Whitlock', { dateOfBirth: '1984-05-02' }),
      ['Initial matches (D Whitlock ~ Darren Whitlock)', 'Same date of birth'],
    ],
    ['the same first name only', person('Rosalind', 'Ashdown'), person('Rosalind', 'Quennell'), null],
    [
      'a changed last name, found by first name and phone',
      person('Rosalind', 'Ashdown', { phone: '+44 7700 900111' }),
      person('Rosalind', 'Quennell', { phone: '07700 900111' }),
      ['Partly similar name (Rosalind Ashdown ~ Rosalind Quennell)', 'Same phone number'],
    ],
    [
      'her safe phone counts as her phone',
      person('Rosalind', 'Ashdown', { phone: '07700900222' }),
      person('Rosalind', 'Quennell', { phone: '07700 900111', otherPhone: '07700 900222' }),
      ['Partly similar name (Rosalind Ashdown ~ Rosalind Quennell)', 'Same phone number'],
    ],
    [
      'the same last name and postcode',
      person('Ros', 'Quennell', { postcode: 'ls98qt' }),
      person('Rosalind', 'Quennell', { postcode: 'LS9 8QT' }),
      ['Partly similar name (Ros Quennell ~ Rosalind Quennell)', 'Same postcode'],
    ],
    [
      'a similar last name and a different date of birth',
      person('Ros', 'Quennell', { dateOfBirth: '1991-01-01' }),
      person('Rosalind', 'Quennell', { dateOfBirth: '1990-03-14' }),
      null,
    ],
    [
      'no name in common, but date of birth and phone',
      person('Amber', 'Falconer', { dateOfBirth: '1990-03-14', phone: '07700 900111' }),
      person('Rosalind', 'Quennell', { dateOfBirth: '1990-03-14', phone: '07700900111' }),
      ['Same date of birth', 'Same phone number'],
    ],
    [
      'no name in common and only a date of birth',
      person('Amber', 'Falconer', { dateOfBirth: '1990-03-14' }),
      person('Rosalind', 'Quennell', { dateOfBirth: '1990-03-14' }),
      null,
    ],
    [
      'no name in common and only a shared household (phone and postcode)',
      person('Amber', 'Falconer', { phone: '07700 900111', postcode: 'LS9 8QT' }),
      person('Rosalind', 'Quennell', { phone: '07700 900111', postcode: 'LS9 8QT' }),
      null,
    ],
    [
      'the same name with a different date of birth is shown, and says so',
      person('Darren', 'Whitlock', { dateOfBirth: '1990-01-01' }),
      person('Darren', 'Whitlock', { dateOfBirth: '1984-05-02' }),
      ['Same name', 'Different date of birth'],
    ],
    ['different people', person('Test', 'Probe'), person('Darren', 'Whitlock'), null],
    // Participants: his phone and postcode are recorded since issue 3, so he is found by them too.
    [
      'a participant known by a nickname, found by his phone written another way',
      person('Danny', 'Whitlock', { phone: '0044 7700 900876' }),
      person('Darren', 'Whitlock', { phone: '07700 900 876' }),
      ['Partly similar name (Danny Whitlock ~ Darren Whitlock)', 'Same phone number'],
    ],
    [
      'a participant with a misspelled last name, found by his postcode typed without a space',
      person('Darren', 'Whitlok', { postcode: 'nb71xy' }),
      person('Darren', 'Whitlock', { postcode: 'NB7 1XY' }),
      ['Similar name (Darren Whitlok ~ Darren Whitlock)', 'Same postcode'],
    ],
    [
      'a participant under another name, found by date of birth and postcode',
      person('Dean', 'Carver', { dateOfBirth: '1984-05-02', postcode: 'NB7 1XY' }),
      person('Darren', 'Whitlock', { dateOfBirth: '1984-05-02', postcode: 'nb7 1xy' }),
      ['Same date of birth', 'Same postcode'],
    ],
    [
      'a different phone number is no reason',
      person('Danny', 'Whitlock', { phone: '07700 900999' }),
      person('Darren', 'Whitlock', { phone: '07700 900876' }),
      null,
    ],
  ];

  it.each(cases)('%s', (_what, candidate, stored, reasons) => {
    const match = matchPerson(candidate, stored);
    if (reasons === null) {
      expect(match).toBeNull();
    } else {
      expect(match?.reasons).toEqual(reasons);
    }
  });

  it('scores more shared identifiers higher, and a different date of birth lower', () => {
    const stored = person('Rosalind', 'Quennell', { dateOfBirth: '1990-03-14', phone: '07700 900111', postcode: 'LS9 8QT' });
    const nameOnly = matchPerson(person('Rosalind', 'Quennel'), stored);
    const withDob = matchPerson(person('Rosalind', 'Quennel', { dateOfBirth: '1990-03-14' }), stored);
    const withAll = matchPerson(
      person('Rosalind', 'Quennel', { dateOfBirth: '1990-03-14', phone: '07700900111', postcode: 'LS98QT' }),
      stored,
    );
    const wrongDob = matchPerson(person('Rosalind', 'Quennel', { dateOfBirth: '1991-03-14' }), stored);
    expect(withAll?.score).toBeGreaterThan(withDob?.score ?? 1);
    expect(withDob?.score).toBeGreaterThan(nameOnly?.score ?? 1);
    expect(nameOnly?.score).toBeGreaterThan(wrongDob?.score ?? 1);
  });
});

describe('properties', () => {
  const name = fc.string({ minLength: 1, maxLength: 20 });
  const date = fc
    .date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const details = fc.record({
    givenName: name,
    familyName: name,
    dateOfBirth: fc.option(date, { nil: null }),
    postcode: fc.option(fc.constantFrom('LS9 8QT', 'WX3 1MW', 'se1 7tp'), { nil: null }),
    phone: fc.option(fc.constantFrom('07700 900111', '+44 7700 900333', '020 7946 0000'), { nil: null }),
  });

  it('name similarity is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(details, details, (a, b) => {
        const ab = nameSimilarity(a, b);
        const ba = nameSimilarity(b, a);
        expect(ab.score).toBeCloseTo(ba.score, 10);
        expect(ab.score).toBeGreaterThanOrEqual(0);
        expect(ab.score).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('Jaro-Winkler is symmetric', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => jaroWinkler(a, b) === jaroWinkler(b, a)));
  });

  it('an identical person always matches with score 1', () => {
    fc.assert(
      fc.property(details, (a) => {
        expect(matchPerson(a, { ...a })).toMatchObject({ score: 1 });
      }),
    );
  });

  it('a match always gives at least one reason', () => {
    fc.assert(
      fc.property(details, details, (a, b) => {
        const match = matchPerson(a, b);
        return match === null || match.reasons.length > 0;
      }),
    );
  });
});
