import { describe, expect, it } from 'vitest';
import { newDraft, type Draft } from './draft.js';
import { nextPage, previousPage, withRoute, withStepSaved, withoutSlot } from './flow.js';

/* Moving between the public form's pages. */
const partnerDraft = (overrides: Partial<Draft> = {}): Draft => ({ ...withRoute(newDraft(), 'partner'), ...overrides });

describe('the order of the pages', () => {
  it('goes forward and back through the route’s pages; someone referring themselves has no page for the referrer', () => {
    const draft = partnerDraft();
    expect(draft.slots).toEqual({ partners: 0, children: 1 });
    expect(nextPage(draft, 'who')).toBe('him');
    expect(nextPage(draft, 'referral')).toBe('you');
    expect(nextPage(draft, 'you')).toBe('check');
    expect(nextPage({ ...withRoute(newDraft(), 'self') }, 'referral')).toBe('check');
    expect(previousPage({ ...draft, at: 'him' })).toBe('who');
    expect(previousPage({ ...draft, at: 'children' })).toBe('partners');
    expect(previousPage({ ...draft, at: 'check' })).toBe('you');
    expect(previousPage({ ...withRoute(newDraft(), 'self'), at: 'check' })).toBe('referral');
  });

  it('after a Change, continuing and Back return to check your answers once every page is answered', () => {
    const all = partnerDraft({ done: ['him', 'interpreter', 'partners', 'children', 'referral', 'you'], returnToCheck: true });
    expect(nextPage(all, 'him')).toBe('check');
    expect(previousPage({ ...all, at: 'children' })).toBe('check');
    // A page not yet answered comes first.
    const missing = { ...all, done: all.done.filter((step) => step !== 'you') };
    expect(nextPage(missing, 'him')).toBe('you');
  });

  it('changing who is referring keeps the answers that still apply and asks the pages again', () => {
    const agency = withStepSaved(
      withStepSaved(withRoute(newDraft(), 'agency'), 'him', { givenName: 'Jago', familyName: 'Polglase' }),
      'you',
      { referrerName: 'Ines', agencyType: 'police' },
    );
    expect(agency.done).toEqual(['him', 'you']);
    const family = withRoute(agency, 'family');
    expect(family.answers).toEqual({ givenName: 'Jago', familyName: 'Polglase', referrerName: 'Ines' });
    expect(family.done).toEqual([]);
    const self = withRoute(agency, 'self');
    expect(self.answers).toEqual({ givenName: 'Jago', familyName: 'Polglase' });
  });
});

describe('lists of partners and children', () => {
  it('removing a box moves the boxes after it up', () => {
    const answers = { 'child-1-age': '3', 'child-2-age': '5', 'child-3-age': '7', 'child-3-givenName': 'Kit', reason: 'x' };
    expect(withoutSlot(answers, 'children', 2, 3)).toEqual({
      'child-1-age': '3',
      'child-2-age': '7',
      'child-2-givenName': 'Kit',
      reason: 'x',
    });
    expect(withoutSlot(answers, 'children', 3, 3)).toEqual({ 'child-1-age': '3', 'child-2-age': '5', reason: 'x' });
  });

  it('saving a page drops its empty boxes, numbers the rest from 1, and replaces what the page had before', () => {
    const draft = partnerDraft({ slots: { partners: 0, children: 3 }, answers: { 'child-4-age': '9', givenName: 'Jago' } });
    const saved = withStepSaved(draft, 'children', { 'child-2-age': '5', 'child-3-age': ' ', 'child-3-givenName': '' });
    expect(saved.answers).toEqual({ givenName: 'Jago', 'child-1-age': '5' });
    expect(saved.slots.children).toBe(1);
    expect(saved.done).toEqual(['children']);
    const none = withStepSaved(draft, 'children', {});
    expect(none.slots.children).toBe(1);
    expect(none.answers).toEqual({ givenName: 'Jago' });
  });
});
