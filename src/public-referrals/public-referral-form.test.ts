import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { DraftSealer, newDraft } from './draft.js';
import { FormWalk, errorsIn, pageOf, referenceIn, titleOf, type StepAnswers } from './form-walk.testing.js';

/*
 * Moving through the public form's pages, its errors, and what it does with hostile input: every
 * answer kept when going back or changing one, a clear error beside each field, nothing stored
 * before the referral is sent, never a 500, and no answer in an address or a title.
 */
let t: TestApp;
let org: TestOrganisation;
const SLUG = 'tamar-dvpp';

beforeAll(async () => {
  t = await createTestApp({ publicReferralRateLimitPerHour: 10_000, publicReferralStepRateLimitPerHour: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Tamar');
  await t.database.db.updateTable('organisations').set({ public_referral_slug: SLUG }).where('id', '=', org.id).execute();
});
afterAll(async () => t?.close());

const HIM: StepAnswers = { givenName: 'Jago', familyName: 'Polglase' };
const PARTNERS: StepAnswers = {
  relationshipContext: 'heterosexual',
  'partner-1-givenName': 'Elowen',
  'partner-1-familyName': 'Hocking',
  'partner-1-relationship': 'ex',
};
const REASON: StepAnswers = { reason: 'He checks my phone.' };
const SAFE_CONTACT: StepAnswers = {
  yourGivenName: 'Morwenna',
  yourFamilyName: 'Trevelyan',
  yourRelationship: 'current',
  safePhone: '07700 900461',
  messageMayBeLeft: 'no',
};
const agencyPages = (): StepAnswers[] => [
  HIM,
  { interpreter: 'no' },
  PARTNERS,
  {},
  { reason: 'Police call-outs.', mandated: 'no' },
  { agencyType: 'police', referrerName: 'Ines Caradoc', referrerOrganisation: 'Tamar police', referrerPhone: '01632 960123' },
];
const partnerPages = (): StepAnswers[] => [
  HIM,
  { interpreter: 'yes', interpreterLanguage: 'Polish' },
  { action: 'add-partner' },
  PARTNERS,
  { 'child-1-age': '7', 'child-1-school': 'Porthleven Primary' },
  REASON,
  SAFE_CONTACT,
];

async function stored() {
  const db = t.database.db;
  const count = async (table: 'participants' | 'referrals' | 'partners' | 'children' | 'child_partner_details') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    participants: await count('participants'),
    referrals: await count('referrals'),
    partners: await count('partners'),
    children: await count('children'),
    childDetails: await count('child_partner_details'),
  };
}

const valueOf = (response: LightMyRequestResponse, id: string) => {
  const input = new RegExp(`<input[^>]* id="${id}"[^>]*>`).exec(response.body)?.[0] ?? '';
  return /value="([^"]*)"/.exec(input)?.[1];
};
const checked = (response: LightMyRequestResponse, name: string) =>
  new RegExp(`name="${name}" type="radio" value="([^"]*)" checked`).exec(response.body)?.[1];

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

describe('addresses, titles, caching and what the pages load', () => {
  it('no answer enters an address or a title; earlier answers are not readable on later question pages; nothing is cached', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.toCheck('partner', partnerPages());
    await walk.send();
    const typed = ['Jago', 'Polglase', 'Morwenna', 'Trevelyan', '07700', 'Elowen', 'Porthleven', 'Polish', 'checks my phone'];
    for (const response of walk.responses) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.location).toBeUndefined();
      for (const [, address] of response.body.matchAll(/(?:action|formaction|href|src)="([^"]*)"/g)) {
        expect(address).not.toContain('?');
        for (const answer of typed) {
          expect(address).not.toContain(answer);
        }
      }
      for (const answer of typed) {
        expect(titleOf(response)).not.toContain(answer);
      }
      // No analytics and nothing from another site: every script is the service's own.
      for (const [, source] of response.body.matchAll(/<script[^>]*src="([^"]*)"/g)) {
        expect(source).toMatch(/^\/assets\//);
      }
      expect(response.body).not.toMatch(/googletagmanager|google-analytics|gtag\(|plausible|matomo/i);
    }
    // The children page (after him, the interpreter and the partners) carries none of them in readable form.
    const children = walk.responses.find((r) => pageOf(r) === 'children');
    for (const answer of ['Jago', 'Polglase', 'Elowen', 'Polish']) {
      expect(children?.body).not.toContain(answer);
    }
  });
});

describe('bad or hostile input', () => {
  it('a filled honeypot on any page gets a confirmation with no reference, and nothing is stored', async () => {
    const before = await stored();
    const walk = new FormWalk(t.client(), SLUG);
    await walk.open();
    await walk.continue({ route: 'agency' });
    await walk.continue({ ...HIM, website: 'http://spam.example' });
    for (const answers of agencyPages().slice(1)) {
      await walk.continue(answers);
    }
    expect(pageOf(walk.last)).toBe('check');
    const done = await walk.send();
    expect(done.statusCode).toBe(200);
    expect(pageOf(done)).toBe('confirmation');
    expect(referenceIn(done)).toBeUndefined();
    expect(done.body).not.toMatch(/RF-\d/);
    expect(await stored()).toEqual(before);
  });

  it('script tags, null characters and repeated fields are only text, a field error, or not an answer: never a 500', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.open();
    await walk.continue({ route: 'self' });
    const nul = await walk.continue({ givenName: 'Pi\u0000ran', familyName: 'Nance', phone: '07700 900111' });
    expect(nul.statusCode).toBe(400);
    expect(errorsIn(nul)).toEqual(['Remove the invisible null character from this answer']);
    const repeated = await walk.post({
      action: 'continue',
      givenName: ['Piran', 'Other'],
      familyName: 'Nance',
      phone: '07700 900111',
    });
    expect(repeated.statusCode).toBe(400);
    expect(errorsIn(repeated)).toEqual(['Enter your first name']);
    await walk.continue({ givenName: '<script>alert(1)</script>', familyName: 'Nance', phone: '07700 900111' });
    await walk.continue({ interpreter: 'no' });
    await walk.continue({ relationshipContext: 'other' });
    await walk.continue({});
    const check = await walk.continue({ reason: '"><img src=x onerror=alert(1)>' });
    expect(pageOf(check)).toBe('check');
    expect(check.body).not.toContain('<script>alert(1)</script>');
    expect(check.body).not.toContain('<img src=x');
    expect(check.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const action of ['remove-partner-99', 'change-nowhere', 'delete-everything', 'add-child']) {
      const response = await walk.post({ action });
      expect(response.statusCode).toBeLessThan(500);
      expect(pageOf(response)).toBe('check');
    }
  });

  it('any text, or several values, in any field of any page is an answer or a field error: never a 500, and nothing is stored', async () => {
    const before = await stored();
    const walk = new FormWalk(t.client(), SLUG);
    await walk.open();
    await walk.continue({ route: 'partner' });
    const states: Record<string, string> = { him: walk.state };
    await walk.continue(HIM);
    await walk.continue({ interpreter: 'no' });
    await walk.post({ action: 'add-partner' });
    states.partners = walk.state;
    await walk.continue(PARTNERS);
    states.children = walk.state;
    await walk.continue({ 'child-1-age': '7' });
    await walk.continue(REASON);
    states.you = walk.state;
    const fields: Record<string, string[]> = {
      him: [
        'givenName',
        'familyName',
        'dateOfBirth-day',
        'dateOfBirth-month',
        'dateOfBirth-year',
        'gender',
        'phone',
        'postcode',
        'area',
      ],
      partners: [
        'relationshipContext',
        'partner-1-givenName',
        'partner-1-familyName',
        'partner-1-relationship',
        'partner-1-phone',
      ],
      children: [
        'child-1-givenName',
        'child-1-age',
        'child-1-relationship',
        'child-1-livesWith',
        'child-1-protection',
        'child-1-school',
      ],
      you: ['yourGivenName', 'yourFamilyName', 'yourRelationship', 'safePhone', 'safeTimes', 'messageMayBeLeft', 'codeWord'],
    };
    const oddText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom(
        '\u0000',
        '\uD800',
        ' ',
        '-1',
        '1e3',
        '99999999999999999999',
        "'; DROP TABLE referrals; --",
        'x'.repeat(6000),
      ),
    );
    const value = fc.oneof(oddText, fc.array(oddText, { minLength: 2, maxLength: 3 }));
    const posts = fc.constantFrom(...Object.keys(fields)).chain((page) =>
      fc.record({
        page: fc.constant(page),
        form: fc.record(Object.fromEntries((fields[page] ?? []).map((field) => [field, value])), { requiredKeys: [] }),
        action: fc.constantFrom('continue', 'add-partner', 'remove-partner-1', 'add-child', 'remove-child-1', 'back'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(posts, async ({ page, form, action }) => {
        walk.state = states[page] ?? '';
        const response = await walk.post({ ...form, action });
        expect(response.statusCode, JSON.stringify({ page, action })).toBeLessThan(500);
        expect([200, 400]).toContain(response.statusCode);
      }),
      { numRuns: 60 },
    );
    expect(await stored()).toEqual(before);
  });

  it('answers that were altered, sealed for another organisation or too old clear the form, and nothing is sent', async () => {
    const before = await stored();
    const walk = new FormWalk(t.client(), SLUG);
    await walk.toCheck('agency', agencyPages());
    const sealed = walk.state;
    const altered = `${sealed.slice(0, 40)}${sealed[40] === 'A' ? 'B' : 'A'}${sealed.slice(41)}`;
    const { value: secret } = await t.database.db
      .selectFrom('app_settings')
      .select('value')
      .where('key', '=', 'public_referral_answers_secret')
      .executeTakeFirstOrThrow();
    const draft = { ...newDraft(), route: 'self' as const, at: 'check' as const };
    const other = new DraftSealer(secret).seal(draft, '00000000-0000-4000-8000-000000000000');
    const old = new DraftSealer(secret, () => Date.now() - 3 * 60 * 60_000).seal(draft, org.id);
    for (const state of [altered, other, old, 'not-a-sealed-draft', '']) {
      for (const to of ['questions', 'submit'] as const) {
        walk.state = state;
        const response = await walk.post({ action: 'continue' }, to);
        expect(response.statusCode).toBe(200);
        expect(pageOf(response)).toBe('who');
        expect(response.body).toContain('data-qa="answers-cleared"');
      }
    }
    expect(await stored()).toEqual(before);
  });

  it('sending answers that are not complete shows the page still to answer, and stores nothing', async () => {
    const before = await stored();
    const walk = new FormWalk(t.client(), SLUG);
    await walk.open();
    await walk.continue({ route: 'agency' });
    await walk.continue(HIM);
    const response = await walk.send();
    expect(pageOf(response)).toBe('interpreter');
    expect(await stored()).toEqual(before);
  });

  it('a post without the CSRF token is refused and stores nothing; an unknown address is a plain 404', async () => {
    const before = await stored();
    const client = t.client();
    const response = await client.request('POST', `/refer/${SLUG}/submit`, { form: { route: 'self', ...HIM } });
    expect(response.statusCode).toBe(403);
    expect(await stored()).toEqual(before);
    for (const url of ['/refer/no-such-place', '/refer/NOT_A_SLUG', '/refer/x']) {
      const page = await client.get(url);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain('Tamar');
    }
    const token = await client.csrfToken(`/refer/${SLUG}`);
    expect((await client.request('POST', '/refer/no-such-place/questions', { form: { _csrf: token } })).statusCode).toBe(404);
  });
});
