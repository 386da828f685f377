import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Side } from '../db/schema.js';
import { ForbiddenError, NotFoundError, type AppError } from '../errors.js';
import type { Actor } from './actor.js';
import { ACTIONS, authorize, authorizePartnerSide, can, homeFor, navigationFor, type Action } from './policy.js';

/*
 * The policy written out a second time, by hand, as a table a manager could read: who may do what.
 * It is deliberately not derived from ACTIONS: a change to the policy must be made in both places.
 *
 *   P = perpetrator side (facilitators, assessors)   p = partner side (partner support workers)
 *   M = management   A = administrator   D = data-protection officer   - = a user in no team
 */
const Y = true;
const N = false;
type Row = readonly [perpetrator: boolean, partner: boolean, management: boolean, admin: boolean, dpo: boolean, none: boolean];

// prettier-ignore
const EXPECTED: Record<Action, Row> = {
  //                             P  p  M  A  D  -
  'participant.list':           [Y, Y, Y, N, N, N],
  'participant.view':           [Y, Y, Y, N, N, N],
  'participant.create':         [Y, N, Y, N, N, N],
  'participant.update':         [Y, N, Y, N, N, N],
  'participant.viewNotes':      [Y, N, Y, N, N, N],
  'participant.addNote':        [Y, N, Y, N, N, N],
  'participant.logContact':     [Y, N, Y, N, N, N],
  'child.list':                 [Y, Y, Y, N, N, N],
  'child.create':               [Y, N, Y, N, N, N],
  'child.update':               [Y, N, Y, N, N, N],
  'partnerCase.list':           [N, Y, Y, N, N, N],
  'partnerCase.view':           [N, Y, Y, N, N, N],
  'partnerCase.create':         [N, Y, Y, N, N, N],
  'partnerCase.update':         [N, Y, Y, N, N, N],
  'partnerCase.addNote':        [N, Y, Y, N, N, N],
  'partnerCase.logContact':     [N, Y, Y, N, N, N],
  'partnerCase.viewAppointments': [N, Y, Y, N, N, N],
  'partnerCase.bookAppointment': [N, Y, Y, N, N, N],
  'appointmentBuffer.configure': [N, N, Y, N, N, N],
  'partnerCase.viewChildren':   [N, Y, Y, N, N, N],
  'partnerCase.updateChildDetails': [N, Y, Y, N, N, N],
  'partnerCase.viewSafetyPlan':   [N, Y, Y, N, N, N],
  'partnerCase.writeSafetyPlan':  [N, Y, Y, N, N, N],
  'partnerCase.viewSupportWork':  [N, Y, Y, N, N, N],
  'partnerCase.recordSupportWork': [N, Y, Y, N, N, N],
  'share.listForPartnerCase':   [N, Y, Y, N, N, N],
  'share.recordForPartnerCase': [N, Y, Y, N, N, N],
  'share.listForParticipant':   [Y, N, Y, N, N, N],
  'share.recordForParticipant': [Y, N, Y, N, N, N],
  'assessment.view':            [Y, N, Y, N, N, N],
  'assessment.record':          [Y, N, Y, N, N, N],
  'assessmentReport.view':      [Y, N, Y, N, N, N],
  'assessmentReport.write':     [Y, N, Y, N, N, N],
  'assessmentReport.includePartnerInformation': [N, N, Y, N, N, N],
  'dash.view':                  [N, Y, Y, N, N, N],
  'dash.record':                [N, Y, Y, N, N, N],
  'marac.view':                 [N, Y, Y, N, N, N],
  'marac.refer':                [N, Y, Y, N, N, N],
  'marac.recordOutcome':        [N, Y, Y, N, N, N],
  'marac.manageMeetings':       [N, Y, Y, N, N, N],
  'marac.configure':            [N, N, Y, N, N, N],
  'riskPicture.viewHisSide':    [Y, N, Y, N, N, N],
  'riskPicture.viewHerSide':    [N, Y, Y, N, N, N],
  'riskPicture.viewCombined':   [N, N, Y, N, N, N],
  'riskAlert.view':             [Y, Y, Y, N, N, N],
  'riskAlert.acknowledge':      [Y, Y, Y, N, N, N],
  'users.manage':               [N, N, N, Y, N, N],
  'audit.view':                 [N, N, N, N, Y, N],
  'intake.search':              [Y, Y, Y, N, N, N],
  'firstContact.configure':     [N, N, Y, Y, N, N],
  'referral.list':              [Y, Y, Y, N, N, N],
  'referral.view':              [Y, Y, Y, N, N, N],
  'referral.create':            [Y, Y, Y, N, N, N],
  'referral.viewCommunitySource': [N, Y, Y, N, N, N],
  'referral.triage':            [Y, N, Y, N, N, N],
  'referral.attachDocument':    [Y, Y, Y, N, N, N],
  'referral.viewDocuments':     [Y, Y, Y, N, N, N],
  'referral.viewPartnerSideDocuments': [N, Y, Y, N, N, N],
  'intake.merge':               [N, N, Y, N, N, N],
  'programme.view':             [Y, Y, Y, N, N, N],
  'programme.configure':        [N, N, Y, N, N, N],
  'programme.viewPartnerSide':  [N, Y, Y, N, N, N],
  'venue.manage':               [N, N, Y, Y, N, N],
  'group.manage':               [Y, N, Y, N, N, N],
  'group.managePartnerSide':    [N, Y, Y, N, N, N],
  'enrolment.view':             [Y, N, Y, N, N, N],
  'enrolment.manage':           [Y, N, Y, N, N, N],
  'nonAssociation.view':        [Y, N, Y, N, N, N],
  'nonAssociation.manage':      [Y, N, Y, N, N, N],
  'calendar.view':              [Y, Y, Y, N, N, N],
  'attendance.record':          [Y, N, Y, N, N, N],
  'attendance.viewSummary':     [Y, Y, Y, N, N, N],
  'attendance.viewParticipation': [Y, N, Y, N, N, N],
  'attendance.manageReviews':   [Y, N, Y, N, N, N],
  'disclosure.record':          [Y, N, Y, N, N, N],
  'disclosure.view':            [Y, N, Y, N, N, N],
  'journey.change':             [Y, N, Y, N, N, N],
  'partnerAlert.view':          [N, Y, Y, N, N, N],
  'partnerAlert.acknowledge':   [N, Y, Y, N, N, N],
  'partnerDuty.view':           [N, Y, Y, N, N, N],
  'partnerDuty.record':         [N, Y, Y, N, N, N],
  'partnerDuty.configure':      [N, N, Y, N, N, N],
  'partnerCase.close':          [N, Y, Y, N, N, N],
};

const SIDES = ['perpetrator', 'partner', 'management', 'admin', 'dpo'] as const satisfies readonly Side[];
const COLUMNS = [...SIDES, 'none'] as const;
const ALL_ACTIONS = Object.keys(EXPECTED) as Action[];

const OWN_ORGANISATION = '0b6a1c52-6f0e-4d47-9a3e-1d2c3b4a5f60';
const OTHER_ORGANISATION = 'e7d1f0a9-2b3c-4d5e-8f70-a1b2c3d4e5f6';

function actorWith(sides: readonly Side[], organisationId = OWN_ORGANISATION): Actor {
  return {
    userId: '5c0ffee5-0000-4000-8000-00000000beef',
    organisationId,
    displayName: `Ottoline Brackwater (${sides.join(', ') || 'no team'})`,
    sides: new Set(sides),
  };
}

const actorFor = (column: (typeof COLUMNS)[number]): Actor => actorWith(column === 'none' ? [] : [column]);
const expected = (action: Action, side: Side): boolean =>
  EXPECTED[action][SIDES.indexOf(side as (typeof SIDES)[number])] ?? false;

function thrown(act: () => void): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the policy table, role by role', () => {
  it('lists every action there is, and no action that does not exist', () => {
    expect([...ALL_ACTIONS].sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  const cases = ALL_ACTIONS.flatMap((action) =>
    COLUMNS.map((column, index) => [action, column, EXPECTED[action][index] ?? false] as const),
  );

  it.each(cases)('%s for %s is %s', (action, column, allowed) => {
    const actor = actorFor(column);
    expect(can(actor, action)).toBe(allowed);
    expect(can(actor, action, { organisationId: OWN_ORGANISATION })).toBe(allowed);
  });

  it('the perpetrator side may read and write his notes but nothing of any partner case or its shares', () => {
    const facilitator = actorFor('perpetrator');
    expect(can(facilitator, 'participant.viewNotes')).toBe(true);
    const partnerSide = ALL_ACTIONS.filter((a) => a.startsWith('partnerCase.') || a.endsWith('ForPartnerCase'));
    expect(partnerSide).toHaveLength(17);
    // Her DASH, MARAC referrals, her side of the risk picture and the combined picture.
    const herRisk = ALL_ACTIONS.filter(
      (a) =>
        a.startsWith('dash.') || a.startsWith('marac.') || a === 'riskPicture.viewHerSide' || a === 'riskPicture.viewCombined',
    );
    expect(herRisk).toHaveLength(9);
    partnerSide.push(...herRisk);
    for (const action of partnerSide) {
      expect(can(facilitator, action), action).toBe(false);
    }
  });

  it('the partner side sees his name and status but never his notes', () => {
    const partnerWorker = actorFor('partner');
    expect(can(partnerWorker, 'participant.view')).toBe(true);
    expect(can(partnerWorker, 'participant.viewNotes')).toBe(false);
    expect(can(partnerWorker, 'participant.update')).toBe(false);
  });

  it('the system roles hold no case data: the administrator manages users and service settings, the DPO only reads the audit log', () => {
    expect(ALL_ACTIONS.filter((a) => can(actorFor('admin'), a)).sort()).toEqual([
      'firstContact.configure',
      'users.manage',
      'venue.manage',
    ]);
    expect(ALL_ACTIONS.filter((a) => can(actorFor('dpo'), a))).toEqual(['audit.view']);
    expect(ALL_ACTIONS.filter((a) => can(actorFor('none'), a))).toEqual([]);
  });

  it('management may do everything to cases on both sides, but neither manage users nor read the audit log', () => {
    const manager = actorFor('management');
    expect(ALL_ACTIONS.filter((a) => !can(manager, a)).sort()).toEqual(['audit.view', 'users.manage']);
  });
});

describe('records of another organisation', () => {
  it.each(ALL_ACTIONS)('%s is never allowed on another organisation’s record, whatever the sides', (action) => {
    const everything = actorWith(SIDES);
    expect(can(everything, action, { organisationId: OTHER_ORGANISATION })).toBe(false);
    expect(thrown(() => authorize(everything, action, { organisationId: OTHER_ORGANISATION }))).toBeInstanceOf(NotFoundError);
    expect(thrown(() => authorizePartnerSide(everything, action, { organisationId: OTHER_ORGANISATION }))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('is "not found" even for a user whose side could never act on it, so its existence is not confirmed', () => {
    const facilitator = actorFor('perpetrator');
    const error = thrown(() => authorize(facilitator, 'partnerCase.view', { organisationId: OTHER_ORGANISATION }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as AppError).status).toBe(404);
    expect((error as AppError).code).toBe('not_found');
  });
});

describe('authorize', () => {
  it('passes quietly for an allowed side on an own-organisation record', () => {
    expect(() => authorize(actorFor('perpetrator'), 'participant.addNote', { organisationId: OWN_ORGANISATION })).not.toThrow();
    expect(() => authorize(actorFor('admin'), 'users.manage')).not.toThrow();
  });

  it.each([
    ['partner', 'participant.viewNotes'],
    ['perpetrator', 'users.manage'],
    ['admin', 'participant.list'],
    ['dpo', 'participant.view'],
    ['management', 'audit.view'],
  ] as const)('throws a 403 ForbiddenError for the %s side asking for %s', (side, action) => {
    const error = thrown(() => authorize(actorWith([side]), action, { organisationId: OWN_ORGANISATION }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as AppError).status).toBe(403);
    expect((error as AppError).code).toBe('forbidden');
  });
});

describe('authorizePartnerSide', () => {
  const partnerActions = ALL_ACTIONS.filter((a) => a.startsWith('partnerCase.') || a.endsWith('ForPartnerCase'));

  it.each(partnerActions)('answers a perpetrator-side user asking for %s with "not found", never "forbidden"', (action) => {
    const facilitator = actorFor('perpetrator');
    for (const record of [undefined, { organisationId: OWN_ORGANISATION }, { organisationId: OTHER_ORGANISATION }]) {
      const error = thrown(() => authorizePartnerSide(facilitator, action, record));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).not.toBeInstanceOf(ForbiddenError);
      expect((error as AppError).status).toBe(404);
    }
  });

  it('lets the partner side and management through on their own organisation’s records', () => {
    for (const side of ['partner', 'management'] as const) {
      expect(() =>
        authorizePartnerSide(actorWith([side]), 'partnerCase.view', { organisationId: OWN_ORGANISATION }),
      ).not.toThrow();
    }
  });
});

describe('navigation and landing page, per role', () => {
  it.each([
    [
      'perpetrator',
      ['/participants', '/dashboard', '/referrals', '/intake/known-people', '/programmes', '/groups', '/calendar'],
      '/participants',
    ],
    [
      'partner',
      ['/partner-cases', '/dashboard', '/referrals', '/intake/known-people', '/programmes', '/groups', '/calendar', '/marac'],
      '/partner-cases',
    ],
    [
      'management',
      [
        '/participants',
        '/partner-cases',
        '/dashboard',
        '/referrals',
        '/intake/known-people',
        '/programmes',
        '/groups',
        '/calendar',
        '/marac',
      ],
      '/participants',
    ],
    ['admin', ['/admin/users', '/admin/teams', '/settings/first-contact', '/venues'], '/admin/users'],
    ['dpo', ['/audit'], '/audit'],
    ['none', [], '/account'],
  ] as const)('the %s user sees %j and lands on %s', (column, links, home) => {
    const actor = actorFor(column);
    expect(navigationFor(actor).map((item) => item.href)).toEqual(links);
    expect(homeFor(actor)).toBe(home);
  });

  it('a facilitator’s menu never mentions partner cases', () => {
    expect(JSON.stringify(navigationFor(actorFor('perpetrator')))).not.toMatch(/partner/i);
  });

  it('a user in a perpetrator team and a partner team sees both lists, starting from participants', () => {
    const both = actorWith(['perpetrator', 'partner']);
    expect(navigationFor(both).map((item) => item.href)).toEqual([
      '/participants',
      '/partner-cases',
      '/dashboard',
      '/referrals',
      '/intake/known-people',
      '/programmes',
      '/groups',
      '/calendar',
      '/marac',
    ]);
    expect(homeFor(both)).toBe('/participants');
  });
});

describe('properties over any combination of sides', () => {
  const sideSets = fc.subarray([...SIDES]);
  const actions = fc.constantFrom(...ALL_ACTIONS);

  it('can() is true exactly when the actor holds a side the table allows for that action', () => {
    fc.assert(
      fc.property(sideSets, actions, (sides, action) => {
        const actor = actorWith(sides);
        const allowed = sides.some((side) => expected(action, side));
        expect(can(actor, action)).toBe(allowed);
        expect(can(actor, action, { organisationId: OWN_ORGANISATION })).toBe(allowed);
        expect(can(actor, action, { organisationId: OTHER_ORGANISATION })).toBe(false);
        if (allowed) {
          expect(sides.some((side) => (ACTIONS[action] as readonly Side[]).includes(side))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a perpetrator-side user without the partner side or management is never allowed anything of a partner case', () => {
    const withoutPartnerAccess = fc.subarray(['admin', 'dpo'] as Side[]).map((extra): Side[] => ['perpetrator', ...extra]);
    fc.assert(
      fc.property(withoutPartnerAccess, actions, fc.boolean(), (sides, action, withRecord) => {
        fc.pre(action.startsWith('partnerCase.') || action.endsWith('ForPartnerCase'));
        const actor = actorWith(sides);
        const record = withRecord ? { organisationId: OWN_ORGANISATION } : undefined;
        expect(can(actor, action, record)).toBe(false);
        expect(thrown(() => authorizePartnerSide(actor, action, record))).toBeInstanceOf(NotFoundError);
      }),
      { numRuns: 300 },
    );
  });
});
