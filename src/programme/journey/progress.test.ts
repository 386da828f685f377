import { describe, expect, it } from 'vitest';
import type { AttendanceOutcome } from '../../db/schema.js';
import { absenceReviewDue } from '../attendance/rules.js';
import { computeProgress, creditedMinutes, formatHours, type AttendanceFact } from './progress.js';

const fact = (outcome: AttendanceOutcome, overrides: Partial<AttendanceFact> = {}): AttendanceFact => ({
  outcome,
  minutesLate: outcome === 'late' ? 30 : null,
  durationMinutes: 120,
  moduleId: 'module-1',
  sessionCancelled: false,
  ...overrides,
});

const rule = {
  minSessions: 20,
  minMinutes: 40 * 60,
  modules: [
    { id: 'module-1', title: 'Physical violence', required: true },
    { id: 'module-2', title: 'Coercive control', required: true },
    { id: 'module-3', title: 'Parenting', required: false },
  ],
};

describe('hours and completion, counted from the register', () => {
  it('matches the hand-computed case: 10 attended, 2 late by 30 minutes, 1 not complied, 3 absent, sessions of 120 minutes', () => {
    const facts = [
      ...Array.from({ length: 10 }, () => fact('attended')),
      fact('late'),
      fact('late'),
      fact('attended_not_complied'),
      fact('absent_unacceptable'),
      fact('absent_acceptable'),
      fact('absent_unacceptable'),
    ];
    const progress = computeProgress(rule, facts);
    // 13 sessions; (10 + 1) * 120 + 2 * 90 = 1,500 minutes = 25.0 hours.
    expect(progress.sessionsAttended).toBe(13);
    expect(progress.sessionsMissed).toBe(3);
    expect(progress.minutes).toBe(1500);
    expect(progress.hours).toBe('25.0');
    expect(progress.rule).toEqual({
      minSessions: 20,
      minHours: '40.0',
      requiredModules: ['Physical violence', 'Coercive control'],
    });
    expect(progress.modulesCovered).toEqual(['Physical violence']);
    expect(progress.missing).toEqual([
      '7 more sessions attended',
      '15.0 more hours',
      'a session of the required module “Coercive control”',
    ]);
    expect(progress.met).toBe(false);
  });

  it('counts late arrivals as the session less the minutes late, and absences and cancelled sessions as nothing', () => {
    expect(creditedMinutes(fact('late', { minutesLate: 45 }))).toBe(75);
    expect(creditedMinutes(fact('attended_not_complied'))).toBe(120);
    expect(creditedMinutes(fact('absent_acceptable'))).toBe(0);
    expect(creditedMinutes(fact('absent_unacceptable'))).toBe(0);
    expect(creditedMinutes(fact('attended', { sessionCancelled: true }))).toBe(0);
    const progress = computeProgress(rule, [fact('attended', { sessionCancelled: true })]);
    expect(progress.sessionsAttended).toBe(0);
    expect(progress.counts.attended).toBe(0);
  });

  it('is met when every rule set is met, and says so when a programme sets none', () => {
    const small = { minSessions: 2, minMinutes: 200, modules: [{ id: 'module-1', title: 'Physical violence', required: true }] };
    expect(computeProgress(small, [fact('attended'), fact('late', { minutesLate: 40 })]).met).toBe(true);
    expect(computeProgress(small, [fact('attended'), fact('late', { minutesLate: 41 })]).missing).toEqual(['0.1 more hours']);
    const none = computeProgress({ minSessions: null, minMinutes: null, modules: [] }, []);
    expect(none.met).toBe(true);
    expect(none.noRule).toBe(true);
  });

  it('shows hours to one decimal, rounded to the nearest tenth', () => {
    expect(formatHours(0)).toBe('0.0');
    expect(formatHours(1525)).toBe('25.4');
    expect(formatHours(1527)).toBe('25.5');
    expect(formatHours(90)).toBe('1.5');
  });
});

describe('the absence rule', () => {
  it('flags the latest N outcomes all absent without an acceptable reason, newest first', () => {
    expect(absenceReviewDue(['absent_unacceptable', 'absent_unacceptable', 'attended'], 2)).toBe(true);
    expect(absenceReviewDue(['absent_unacceptable', 'absent_acceptable', 'absent_unacceptable'], 2)).toBe(false);
    expect(absenceReviewDue(['attended', 'absent_unacceptable', 'absent_unacceptable'], 2)).toBe(false);
    expect(absenceReviewDue(['absent_unacceptable'], 2)).toBe(false);
    expect(absenceReviewDue(['absent_unacceptable', 'absent_unacceptable', 'absent_unacceptable'], 3)).toBe(true);
  });
});
