import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Side } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { ACTIONS, authorizePartnerSide, can, homeFor, navigationFor } from './policy.js';
import {
  SIDES,
  ALL_ACTIONS,
  OWN_ORGANISATION,
  OTHER_ORGANISATION,
  actorWith,
  actorFor,
  expected,
  thrown,
} from '../../test/fixtures/policy-table.js';

/* The policy's navigation and landing page per role, and its properties over any combination of sides. */

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
    ['admin', ['/admin/users', '/admin/teams', '/settings/first-contact', '/venues', '/admin/public-referrals'], '/admin/users'],
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
