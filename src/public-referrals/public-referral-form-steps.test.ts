import { describe, expect, it } from 'vitest';
import { FormWalk, errorsIn, pageOf, titleOf, type StepAnswers } from './form-walk.testing.js';
import {
  t,
  SLUG,
  HIM,
  PARTNERS,
  REASON,
  agencyPages,
  stored,
  valueOf,
  checked,
  usePublicReferralForm,
} from '../../test/fixtures/public-referral-form.js';

/*
 * Moving through the public form's pages and its errors: every answer kept when going back or
 * changing one, and a clear error beside each field.
 */
usePublicReferralForm();

describe('moving between pages', () => {
  it('Back posts the answers (no address carries them) and every answer given is still there', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.open();
    await walk.continue({ route: 'partner' });
    await walk.continue(HIM);
    await walk.continue({ interpreter: 'yes', interpreterLanguage: 'Polish' });
    await walk.post({ action: 'add-partner' });
    await walk.continue(PARTNERS);
    expect(pageOf(walk.last)).toBe('children');
    expect(walk.last.body).toMatch(/<form method="post" action="\/refer\/tamar-dvpp\/questions" novalidate data-qa="back-form">/);

    const partners = await walk.back();
    expect(pageOf(partners)).toBe('partners');
    expect(valueOf(partners, 'partner-1-givenName')).toBe('Elowen');
    expect(checked(partners, 'relationshipContext')).toBe('heterosexual');
    const interpreter = await walk.back();
    expect(checked(interpreter, 'interpreter')).toBe('yes');
    expect(valueOf(interpreter, 'interpreterLanguage')).toBe('Polish');
    const him = await walk.back();
    expect(valueOf(him, 'givenName')).toBe('Jago');
    const who = await walk.back();
    expect(pageOf(who)).toBe('who');
    expect(checked(who, 'route')).toBe('partner');
    // Forward again with the same answers: the pages are as they were.
    await walk.continue({ route: 'partner' });
    expect(valueOf(walk.last, 'givenName')).toBe('Jago');
  });

  it('each Change on check your answers posts back to its page, which returns to check your answers', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    const check = await walk.toCheck('agency', agencyPages());
    for (const step of ['who', 'him', 'interpreter', 'partners', 'children', 'referral', 'you']) {
      expect(check.body).toContain(`formaction="/refer/${SLUG}/questions" name="action" value="change-${step}"`);
    }
    const him = await walk.change('him');
    expect(pageOf(him)).toBe('him');
    expect(valueOf(him, 'givenName')).toBe('Jago');
    const back = await walk.continue({ ...HIM, familyName: 'Penhallow' });
    expect(pageOf(back)).toBe('check');
    expect(back.body).toContain('Jago Penhallow');
    // Back from a page opened with Change returns to check your answers too.
    await walk.change('children');
    expect(pageOf(await walk.back())).toBe('check');
    // Changing who is referring (to a partner) asks the pages again, filled in with what still applies.
    await walk.change('who');
    const again = await walk.continue({ route: 'partner' });
    expect(pageOf(again)).toBe('him');
    expect(valueOf(again, 'givenName')).toBe('Jago');
  });

  it('adds and removes partners and children without losing or checking what was typed, up to 5 partners and 10 children', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.open();
    await walk.continue({ route: 'agency' });
    await walk.continue(HIM);
    await walk.continue({ interpreter: 'no' });
    const typed: StepAnswers = { relationshipContext: 'heterosexual' };
    for (let n = 1; n <= 5; n += 1) {
      typed[`partner-${n}-givenName`] = `Name${n}`;
      if (n < 5) {
        const page = await walk.post({ ...typed, action: 'add-partner' });
        expect(page.statusCode).toBe(200);
        expect(errorsIn(page)).toEqual([]);
      }
    }
    const full = await walk.post({ ...typed, action: 'add-partner' });
    expect(full.body).toContain('data-qa="partner-5"');
    expect(full.body).not.toContain('data-qa="partner-6"');
    expect(full.body).not.toContain('data-qa="add-partner"');
    expect(full.body).toContain('You can name up to 5 partners or ex-partners in one referral.');
    // A box that is not there cannot be taken out.
    const ignored = await walk.post({ ...typed, action: 'remove-partner-9' });
    expect(ignored.body).toContain('data-qa="partner-5"');
    expect(valueOf(ignored, 'partner-5-givenName')).toBe('Name5');
    const removed = await walk.post({ ...typed, action: 'remove-partner-2' });
    expect(valueOf(removed, 'partner-2-givenName')).toBe('Name3');
    expect(valueOf(removed, 'partner-4-givenName')).toBe('Name5');
    expect(removed.body).not.toContain('data-qa="partner-5"');
    const slotAnswers: StepAnswers = { relationshipContext: 'heterosexual' };
    for (let n = 1; n <= 5; n += 1) {
      Object.assign(slotAnswers, {
        [`partner-${n}-givenName`]: `Name${n}`,
        [`partner-${n}-familyName`]: 'Family',
        [`partner-${n}-relationship`]: 'ex',
      });
    }
    await walk.post({ action: 'add-partner' });
    expect(pageOf(await walk.continue(slotAnswers))).toBe('children');
    for (let n = 1; n < 10; n += 1) {
      await walk.post({ action: 'add-child' });
    }
    const tenth = await walk.post({ action: 'add-child' });
    expect(tenth.body).toContain('data-qa="child-10"');
    expect(tenth.body).not.toContain('data-qa="child-11"');
    expect(tenth.body).toContain('You can name up to 10 children in one referral.');

    // Now a partner refers instead: with her, five named partners are one too many.
    expect(pageOf(await walk.continue({}))).toBe('referral');
    for (let n = 0; n < 5; n += 1) {
      await walk.back();
    }
    expect(pageOf(walk.last)).toBe('who');
    await walk.continue({ route: 'partner' });
    await walk.continue(HIM);
    await walk.continue({ interpreter: 'no' });
    const tooMany = await walk.continue(slotAnswers);
    expect(tooMany.statusCode).toBe(400);
    expect(errorsIn(tooMany)).toEqual([
      expect.stringContaining('You can name up to 4 other partners or ex-partners (5 with you)'),
    ]);
    expect(tooMany.body).toContain('href="#partners"');
    expect(tooMany.body).toContain('id="partners"');
  });
});

describe('each page checks its answers', () => {
  const cases: Array<{
    page: string;
    route: string;
    before: StepAnswers[];
    answers: StepAnswers;
    errors: Record<string, string>;
  }> = [
    {
      page: 'him',
      route: 'self',
      before: [],
      answers: {
        givenName: 'x'.repeat(101),
        'dateOfBirth-day': '31',
        'dateOfBirth-month': '2',
        'dateOfBirth-year': '1990',
        postcode: 'nowhere',
      },
      errors: {
        givenName: 'Your first name must be 100 characters or fewer',
        familyName: 'Enter your last name',
        dateOfBirth: 'Your date of birth must be a real date',
        phone: 'Enter a phone number we can call you on',
        postcode: 'Enter a real postcode, like SE1 7TP',
      },
    },
    {
      page: 'interpreter',
      route: 'agency',
      before: [HIM],
      answers: { interpreter: 'yes' },
      errors: { interpreterLanguage: 'Enter the language' },
    },
    {
      page: 'partners',
      route: 'family',
      before: [HIM, { interpreter: 'no' }],
      answers: { 'partner-1-givenName': 'Elowen', 'partner-1-phone': 'call me' },
      errors: {
        relationshipContext: 'Select what kind of relationship it is',
        'partner-1-familyName': 'Enter their last name, or remove this partner',
        'partner-1-relationship': 'Select partner or ex-partner',
        'partner-1-phone': 'Enter their phone number in the right format, like 07700 900 982',
      },
    },
    {
      page: 'children',
      route: 'partner',
      before: [HIM, { interpreter: 'no' }, { relationshipContext: 'same_sex' }],
      answers: { 'child-1-givenName': 'Kit', 'child-1-school': 's'.repeat(201), 'child-1-livesWith': 'the moon' },
      errors: {
        'child-1-age': 'Enter the child’s age, or your best guess',
        'child-1-livesWith': 'Select who the child lives with',
        'child-1-school': 'The school or nursery must be 200 characters or fewer',
      },
    },
    {
      page: 'referral',
      route: 'agency',
      before: [HIM, { interpreter: 'no' }, { relationshipContext: 'not_known' }, {}],
      answers: { reason: 'x'.repeat(5001) },
      errors: {
        reason: 'What is happening must be 5,000 characters or fewer',
        mandated: 'Select whether they are mandated to attend',
      },
    },
    {
      page: 'you',
      route: 'partner',
      before: [HIM, { interpreter: 'no' }, { relationshipContext: 'not_known' }, {}, REASON],
      answers: { yourGivenName: 'Morwenna', codeWord: 'c'.repeat(101) },
      errors: {
        yourFamilyName: 'Enter your last name',
        yourRelationship: 'Select whether they are your partner or ex-partner',
        safePhone: 'Enter a phone number that is safe to call',
        messageMayBeLeft: 'Select whether we may leave a message',
        codeWord: 'The code word must be 100 characters or fewer',
      },
    },
  ];

  it.each(cases)(
    '$page ($route): every error beside its field, in the summary, what was typed kept, nothing stored',
    async (c) => {
      const before = await stored();
      const walk = new FormWalk(t.client(), SLUG);
      await walk.open();
      await walk.continue({ route: c.route });
      for (const answers of c.before) {
        expect((await walk.continue(answers)).statusCode).toBe(200);
      }
      expect(pageOf(walk.last)).toBe(c.page);
      const response = await walk.continue(c.answers);
      expect(response.statusCode).toBe(400);
      expect(pageOf(response)).toBe(c.page);
      expect(titleOf(response)).toBe('Error: Make a referral – Parallel');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(errorsIn(response)).toEqual(Object.values(c.errors));
      for (const [field, message] of Object.entries(c.errors)) {
        expect(response.body).toContain(`href="#${field}"`);
        expect(response.body).toMatch(
          new RegExp(
            `id="${field}-error"[^>]*>\\s*<span class="govuk-visually-hidden">Error:</span> ${message.replace(/[()]/g, '\\$&')}`,
          ),
        );
      }
      for (const [field, value] of Object.entries(c.answers)) {
        if (!/relationship|livesWith|interpreter$/.test(field) && value.length < 300) {
          expect(response.body).toContain(`value="${value}"`);
        }
      }
      expect(await stored()).toEqual(before);
    },
  );

  it('the first page asks who is referring', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.open();
    const response = await walk.continue({});
    expect(response.statusCode).toBe(400);
    expect(errorsIn(response)).toEqual(['Select who you are']);
    expect((await walk.continue({ route: 'police' })).statusCode).toBe(400);
  });
});
