import { describe, expect, it } from 'vitest';
import { GENDERS } from './schemas.js';
import { pronounsFor } from './pronouns.js';

describe('pronouns follow the gender recorded', () => {
  it('a man is he, a woman she, anyone else they, with the verbs that agree', () => {
    const sentence = (gender: string | null) => {
      const p = pronounsFor(gender);
      return `${p.He} ${p.is} in a refuge; ${p.his} worker has ${p.him} on file, and ${p.he} ${p.does} the rest ${p.himself}.`;
    };
    expect(sentence('man')).toBe('He is in a refuge; his worker has him on file, and he does the rest himself.');
    expect(sentence('woman')).toBe('She is in a refuge; her worker has her on file, and she does the rest herself.');
    for (const gender of [...GENDERS.filter((g) => g !== 'man' && g !== 'woman'), null]) {
      expect(sentence(gender)).toBe('They are in a refuge; their worker has them on file, and they do the rest themselves.');
    }
  });
});
