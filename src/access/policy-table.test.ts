import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, type AppError } from '../errors.js';
import { ACTIONS, authorize, authorizePartnerSide, can } from './policy.js';
import {
  EXPECTED,
  SIDES,
  COLUMNS,
  ALL_ACTIONS,
  OWN_ORGANISATION,
  OTHER_ORGANISATION,
  actorWith,
  actorFor,
  thrown,
} from '../../test/fixtures/policy-table.js';

/* The policy against the table written out by hand in test/fixtures/policy-table.ts: role by role, records of another organisation, authorize and authorizePartnerSide. */

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
