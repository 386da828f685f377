import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DraftSealer, newDraft } from './draft.js';
import { FormWalk, errorsIn, pageOf, referenceIn, titleOf } from './form-walk.testing.js';
import {
  t,
  org,
  SLUG,
  HIM,
  PARTNERS,
  REASON,
  agencyPages,
  partnerPages,
  stored,
  usePublicReferralForm,
} from '../../test/fixtures/public-referral-form.js';

/*
 * What the public form does with hostile input: nothing stored before the referral is sent, never a
 * 500, and no answer in an address or a title.
 */
usePublicReferralForm();

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
