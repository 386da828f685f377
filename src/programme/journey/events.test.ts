import { describe, expect, it } from 'vitest';
import { basicSummary, spokenDate } from './events.js';
import { TRANSITIONS, toldReason } from './transitions.js';

describe('the sentence that may be told to her', () => {
  it('is built from codes and dates only', () => {
    expect(basicSummary({ type: 'disclosure', on: '2026-11-20', disclosureType: 'physical' })).toBe(
      'Disclosed physical violence on 20 November 2026',
    );
    expect(basicSummary({ type: 'missed_session', on: '2026-11-20', sessionKind: 'scheduled', explained: false })).toBe(
      'Missed the group session on 20 November 2026 (no acceptable reason given)',
    );
    expect(basicSummary({ type: 'missed_session', on: '2026-11-20', sessionKind: 'one_to_one', explained: true })).toBe(
      'Missed the one-to-one session on 20 November 2026 (absence explained)',
    );
    expect(basicSummary({ type: 'suspended', on: '2026-03-02', reasonCode: 'repeated_absence' })).toBe(
      'Suspended from the programme on 2 March 2026 (reason: repeated absences)',
    );
    expect(basicSummary({ type: 'started', on: '2026-01-05', programmeKind: 'group_dapp' })).toBe(
      'Started the group programme on 5 January 2026',
    );
    expect(basicSummary({ type: 'resumed', on: '2026-01-05', reasonCode: 'suspension_ended' })).toBe(
      'Resumed the programme on 5 January 2026 (reason: the suspension ended)',
    );
  });

  it('adds nothing for a reason code outside the table, so no typed text can ride along', () => {
    expect(basicSummary({ type: 'excluded', on: '2026-03-02', reasonCode: 'he told the group he hit her' })).toBe(
      'Excluded from the programme on 2 March 2026',
    );
    expect(toldReason('excluded', 'anything else')).toBeNull();
  });

  it('refuses a date that is not an ISO date', () => {
    expect(() => spokenDate('20/11/2026')).toThrow();
    expect(() => spokenDate('2026-13-45')).toThrow();
  });

  it('has a sentence for every reason of every change', () => {
    for (const transition of TRANSITIONS) {
      for (const code of Object.keys(transition.reasons)) {
        const reason = toldReason(transition.to, code);
        expect(reason, `${transition.to}/${code}`).not.toBeNull();
        expect(reason?.charAt(0)).toBe(reason?.charAt(0).toLowerCase());
      }
    }
  });
});
