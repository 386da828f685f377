import { describe, expect, it } from 'vitest';
import {
  DASH_QUESTIONS,
  DASH_QUESTION_COUNT,
  dashQuestion,
  finalDashLevel,
  levelForYesCount,
  levelsJudgementMayChoose,
} from './questions.js';

describe('the DASH score', () => {
  it('1 to 9 yes is standard (0 too), 10 to 13 medium, 14 and more high', () => {
    const expected: Array<[number, string]> = [
      [0, 'standard'],
      [1, 'standard'],
      [9, 'standard'],
      [10, 'medium'],
      [13, 'medium'],
      [14, 'high'],
      [24, 'high'],
    ];
    for (const [yes, level] of expected) {
      expect(levelForYesCount(yes), `${yes} yes`).toBe(level);
    }
  });

  it('a yes count that is not a whole number from 0 to 24 is refused', () => {
    for (const bad of [-1, 25, 1.5, Number.NaN]) {
      expect(() => levelForYesCount(bad), String(bad)).toThrow(RangeError);
    }
  });

  it('professional judgement may choose only a higher level, and the final level is never lower than the score', () => {
    expect(levelsJudgementMayChoose('standard')).toEqual(['medium', 'high']);
    expect(levelsJudgementMayChoose('medium')).toEqual(['high']);
    expect(levelsJudgementMayChoose('high')).toEqual([]);
    expect(finalDashLevel('standard', null)).toBe('standard');
    expect(finalDashLevel('standard', 'medium')).toBe('medium');
    expect(finalDashLevel('medium', 'high')).toBe('high');
    expect(finalDashLevel('medium', 'standard')).toBe('medium');
    expect(finalDashLevel('high', 'medium')).toBe('high');
    expect(finalDashLevel('high', 'high')).toBe('high');
  });

  it('there are 24 questions, and "(...)" is filled in with the name of the person causing harm', () => {
    expect(DASH_QUESTIONS).toHaveLength(DASH_QUESTION_COUNT);
    expect(dashQuestion(14, 'Darren')).toBe('Has Darren ever threatened to kill you or someone else and you believed them?');
    expect(dashQuestion(1, 'Darren')).toBe('Has the current incident resulted in injury?');
    expect(() => dashQuestion(25)).toThrow(RangeError);
  });
});
