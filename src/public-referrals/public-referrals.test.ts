import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { inPublicReferralContext } from './repository.js';

/*
 * The public referral form: no sign-in, every answer in POST bodies, nothing stored until the
 * last step, and nothing of a partner who refers reaching the perpetrator side.
 */
let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
const SLUG = 'fenwold-dvpp';

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000, publicReferralRateLimitPerHour: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fenwold');
  await t.database.db.updateTable('organisations').set({ public_referral_slug: SLUG }).where('id', '=', org.id).execute();
  const signedIn = async (user: { email: string; password: string }): Promise<TestClient> => {
    const client = t.client();
    await client.signIn(user.email, user.password);
    return client;
  };
  facilitator = await signedIn(org.users.perpetrator);
  partnerWorker = await signedIn(org.users.partner);
});
afterAll(async () => t?.close());

const HER = { herGivenName: 'Morwenna', herFamilyName: 'Trevelyan', safePhone: '07700 900461', codeWord: 'bluebell' };
const partnerAnswers = (overrides: Record<string, string> = {}): Record<string, string> => ({
  ...HER,
  herRelationship: 'current',
  safeTimes: 'Weekdays 10am to 2pm',
  messageMayBeLeft: 'no',
  givenName: 'Jago',
  familyName: 'Polglase',
  'dateOfBirth-day': '12',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '1984',
  reason: 'He checks my phone and shouts at me in front of the children.',
  ...overrides,
});
const agencyAnswers = (overrides: Record<string, string> = {}): Record<string, string> => ({
  agencyType: 'childrens_services',
  referrerName: 'Ines Caradoc',
  referrerOrganisation: 'Fenwold children’s services',
  referrerPhone: '01632 960123',
  givenName: 'Kenan',
  familyName: 'Rosewarne',
  reason: 'Police call-outs to the family home; children on a child in need plan.',
  mandated: 'no',
  partner1GivenName: 'Elowen',
  partner1FamilyName: 'Hocking',
  partner1Relationship: 'ex',
  partner1Phone: '07700 900872',
  ...overrides,
});

const unescape = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The hidden fields a page's form carries, as a browser would post them. */
function hiddenFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] ?? ''] = unescape(match[2] ?? '');
  }
  return fields;
}

function titleOf(response: LightMyRequestResponse): string {
  return /<title[^>]*>([^<]*)<\/title>/.exec(response.body)?.[1]?.trim() ?? '';
}

type Walk = {
  start: LightMyRequestResponse;
  questions: LightMyRequestResponse;
  check: LightMyRequestResponse;
  done: LightMyRequestResponse;
};

/** Walks the whole form as a browser: start page, route, questions, check answers, send. */
async function refer(route: string, answers: Record<string, string>, slug = SLUG, client = t.client()): Promise<Walk> {
  const start = await client.get(`/refer/${slug}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(start.body)?.[1] ?? '';
  const questions = await client.request('POST', `/refer/${slug}/questions`, { form: { _csrf: token, route } });
  const fromQuestions = hiddenFields(questions.body);
  const check = await client.request('POST', `/refer/${slug}/check`, { form: { ...fromQuestions, website: '', ...answers } });
  const done = await client.request('POST', `/refer/${slug}/submit`, { form: hiddenFields(check.body) });
  return { start, questions, check, done };
}

async function counts() {
  const db = t.database.db;
  const count = async (table: 'participants' | 'referrals' | 'partners' | 'partner_cases' | 'referral_community_sources') =>
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
    partnerCases: await count('partner_cases'),
    communitySources: await count('referral_community_sources'),
  };
}

async function referralByReference(reference: string) {
  return t.database.db.selectFrom('referrals').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
}

const referenceIn = (response: LightMyRequestResponse) => /data-qa="reference">([^<]+)</.exec(response.body)?.[1];

describe('a partner refers him through the public form', () => {
  let walk: Walk;
  let reference: string;

  beforeAll(async () => {
    walk = await refer('partner', partnerAnswers());
    reference = referenceIn(walk.done) ?? '';
  });

  it('walks start, questions, check answers and confirmation, with the exit button and no-store on every page', () => {
    for (const response of [walk.start, walk.questions, walk.check, walk.done]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toContain('govuk-exit-this-page');
      // Without JavaScript the button is a plain link to a neutral site.
      expect(response.body).toContain('href="https://www.bbc.co.uk/weather"');
      expect(titleOf(response)).toMatch(/Make a referral – Parallel$/);
      for (const typed of ['Morwenna', 'Trevelyan', 'Jago', 'Polglase']) {
        expect(titleOf(response)).not.toContain(typed);
      }
    }
    expect(walk.check.body).toContain('Morwenna Trevelyan');
    expect(walk.check.body).toContain('bluebell');
    expect(reference).toMatch(/^RF-\d+$/);
    expect(walk.done.body).toContain('He is not told that you referred him');
  });

  it('records him, his case, the referral, its first history entry, who referred, and her partner case with her safe-contact preferences', async () => {
    const db = t.database.db;
    const referral = await referralByReference(reference);
    expect(referral).toMatchObject({ organisation_id: org.id, channel: 'online_form', source: 'community', agency_type: null });
    expect(referral.referrer_name).toBeNull();
    expect(referral.referrer_phone).toBeNull();
    const participant = await db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', referral.participant_id)
      .executeTakeFirstOrThrow();
    expect(participant).toMatchObject({
      given_name: 'Jago',
      family_name: 'Polglase',
      date_of_birth: '1984-03-12',
      created_by: null,
    });
    const perpetratorCase = await db
      .selectFrom('perpetrator_cases')
      .selectAll()
      .where('participant_id', '=', participant.id)
      .executeTakeFirstOrThrow();
    expect(perpetratorCase.status).toBe('referred');
    const history = await db.selectFrom('referral_status_history').selectAll().where('referral_id', '=', referral.id).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      from_status: null,
      to_status: 'received',
      reason_code: 'referral_received',
      changed_by: null,
    });
    const source = await db
      .selectFrom('referral_community_sources')
      .selectAll()
      .where('referral_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(source).toMatchObject({ relationship: 'partner', name: 'Morwenna Trevelyan', phone: '07700 900461' });
    const partner = await db
      .selectFrom('partners')
      .selectAll()
      .where('participant_id', '=', participant.id)
      .executeTakeFirstOrThrow();
    expect(partner).toMatchObject({
      given_name: 'Morwenna',
      family_name: 'Trevelyan',
      relationship: 'current',
      safe_phone: '07700 900461',
      safe_times: 'Weekdays 10am to 2pm',
      message_may_be_left: false,
      code_word: 'bluebell',
    });
    const partnerCase = await db
      .selectFrom('partner_cases')
      .selectAll()
      .where('partner_id', '=', partner.id)
      .executeTakeFirstOrThrow();
    expect(partnerCase.status).toBe('open');
    expect(partnerCase.reference).toMatch(/^PS-\d+$/);
    const audit = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'referral.submitted_online')
      .where('record_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBeNull();
    expect(audit.organisation_id).toBe(org.id);
    const details = JSON.stringify(audit.details);
    expect(details).toContain(partnerCase.id);
    for (const secret of ['Morwenna', 'Trevelyan', 'Jago', '07700', 'bluebell']) {
      expect(details).not.toContain(secret);
    }
  });

  it('the facilitator sees a community referral without her name, phone or code word, and never her partner case', async () => {
    const referral = await referralByReference(reference);
    const page = await facilitator.get(`/referrals/${referral.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Community referral');
    const api = await facilitator.get(`/api/v1/referrals/${referral.id}`);
    expect(api.statusCode).toBe(200);
    for (const response of [page, api, await facilitator.get('/referrals'), await facilitator.get('/api/v1/referrals')]) {
      // Her own account of what is happening is hers: it stays partner-side too.
      for (const secret of ['Morwenna', 'Trevelyan', '07700 900461', 'bluebell', 'Weekdays 10am', 'checks my phone and shouts']) {
        expect(response.body).not.toContain(secret);
      }
    }
    const partnerCase = await t.database.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partner_cases.id')
      .where('partners.participant_id', '=', referral.participant_id)
      .executeTakeFirstOrThrow();
    expect((await facilitator.get(`/partner-cases/${partnerCase.id}`)).statusCode).toBe(404);
    expect((await facilitator.get(`/api/v1/partner-cases/${partnerCase.id}`)).statusCode).toBe(404);
    // Her worker sees her case and who referred.
    expect((await partnerWorker.get(`/partner-cases/${partnerCase.id}`)).body).toContain('Trevelyan');
    expect((await partnerWorker.get(`/referrals/${referral.id}`)).body).toContain('Morwenna Trevelyan');
  });

  it('the public path cannot read: a SELECT in its context returns no rows', async () => {
    const rows = await inPublicReferralContext(t.database.db, org.id, async (trx) => ({
      referrals: await trx.selectFrom('referrals').select('id').execute(),
      partners: await trx.selectFrom('partners').select('id').execute(),
      participants: await trx.selectFrom('participants').select('id').execute(),
      sources: await trx.selectFrom('referral_community_sources').select('referral_id').execute(),
    }));
    expect(rows).toEqual({ referrals: [], partners: [], participants: [], sources: [] });
  });
});

describe('the other routes', () => {
  it('an agency referral naming his ex-partner opens her partner case too', async () => {
    const walk = await refer('agency', agencyAnswers());
    expect(walk.done.statusCode).toBe(200);
    expect(walk.done.body).not.toContain('govuk-exit-this-page__button');
    const referral = await referralByReference(referenceIn(walk.done) ?? '');
    expect(referral).toMatchObject({
      source: 'agency',
      agency_type: 'childrens_services',
      referrer_name: 'Ines Caradoc',
      mandated: false,
    });
    const partner = await t.database.db
      .selectFrom('partners')
      .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
      .select(['partners.given_name', 'partners.relationship', 'partners.phone', 'partner_cases.status'])
      .where('partners.participant_id', '=', referral.participant_id)
      .execute();
    expect(partner).toEqual([{ given_name: 'Elowen', relationship: 'ex', phone: '07700 900872', status: 'open' }]);
  });

  it('a self-referral and a family referral are recorded; who in the family referred is kept partner-side', async () => {
    const self = await refer('self', {
      givenName: 'Piran',
      familyName: 'Nance',
      referrerPhone: '07700 900111',
      reason: 'I lose my temper.',
    });
    expect((await referralByReference(referenceIn(self.done) ?? '')).source).toBe('self');
    const family = await refer('family', {
      referrerName: 'Demelza Nance',
      referrerPhone: '07700 900222',
      familyRelationship: 'family',
      givenName: 'Piran',
      familyName: 'Nance',
      reason: 'My brother frightens his girlfriend.',
    });
    expect(family.questions.body).toContain('govuk-exit-this-page');
    const referral = await referralByReference(referenceIn(family.done) ?? '');
    expect(referral).toMatchObject({ source: 'community', referrer_name: null });
    const source = await t.database.db
      .selectFrom('referral_community_sources')
      .selectAll()
      .where('referral_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(source).toMatchObject({ relationship: 'family', name: 'Demelza Nance' });
  });
});

describe('bad or hostile input', () => {
  it('a filled honeypot gets the confirmation page, with no reference, and nothing is stored', async () => {
    const before = await counts();
    const client = t.client();
    const start = await client.get(`/refer/${SLUG}`);
    const token = /name="_csrf" value="([^"]+)"/.exec(start.body)?.[1] ?? '';
    const check = await client.request('POST', `/refer/${SLUG}/check`, {
      form: { _csrf: token, route: 'partner', website: 'http://spam.example', ...partnerAnswers() },
    });
    expect(check.statusCode).toBe(200);
    const done = await client.request('POST', `/refer/${SLUG}/submit`, { form: hiddenFields(check.body) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Referral sent');
    expect(referenceIn(done)).toBeUndefined();
    expect(done.body).not.toMatch(/RF-\d/);
    expect(await counts()).toEqual(before);
  });

  it('missing and oversized answers give field errors and store nothing', async () => {
    const before = await counts();
    const client = t.client();
    const token = await client.csrfToken(`/refer/${SLUG}`);
    const form = {
      _csrf: token,
      route: 'partner',
      ...partnerAnswers({ givenName: '', reason: 'x'.repeat(5001), safePhone: '' }),
    };
    for (const step of ['check', 'submit']) {
      const response = await client.request('POST', `/refer/${SLUG}/${step}`, { form });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('govuk-error-summary');
      expect(response.body).toContain('Enter his first name');
      expect(response.body).toContain('must be 5,000 characters or fewer');
      expect(response.body).toContain('Enter a phone number that is safe to call');
      expect(titleOf(response)).toBe('Error: Make a referral – Parallel');
    }
    const noRoute = await client.request('POST', `/refer/${SLUG}/questions`, { form: { _csrf: token } });
    expect(noRoute.statusCode).toBe(400);
    expect(noRoute.body).toContain('Select who is making this referral');
    expect(await counts()).toEqual(before);
  });

  it('script tags are only text: escaped on check answers', async () => {
    const client = t.client();
    const token = await client.csrfToken(`/refer/${SLUG}`);
    const check = await client.request('POST', `/refer/${SLUG}/check`, {
      form: {
        _csrf: token,
        route: 'self',
        givenName: '<script>alert(1)</script>',
        familyName: 'Nance',
        referrerPhone: '07700 900111',
        reason: '"><img src=x onerror=alert(1)>',
      },
    });
    expect(check.statusCode).toBe(200);
    expect(check.body).not.toContain('<script>alert(1)</script>');
    expect(check.body).not.toContain('<img src=x');
    expect(check.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a post without the CSRF token is refused and stores nothing', async () => {
    const before = await counts();
    const response = await t.client().request('POST', `/refer/${SLUG}/submit`, { form: { route: 'self', ...partnerAnswers() } });
    expect(response.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('an unknown address is a plain 404', async () => {
    const client = t.client();
    for (const url of ['/refer/no-such-place', '/refer/NOT_A_SLUG', '/refer/x']) {
      const response = await client.get(url);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Fenwold');
    }
    const token = await client.csrfToken(`/refer/${SLUG}`);
    const post = await client.request('POST', '/refer/no-such-place/submit', { form: { _csrf: token, route: 'self' } });
    expect(post.statusCode).toBe(404);
  });

  it('every answer travels in the POST body: no page address carries any', async () => {
    const walk = await refer('partner', partnerAnswers());
    for (const response of [walk.start, walk.questions, walk.check]) {
      for (const match of response.body.matchAll(/(?:action|formaction|href)="([^"]*)"/g)) {
        expect(match[1]).not.toMatch(/Morwenna|Jago|07700|\?/);
      }
    }
  });
});

describe('rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ publicReferralRateLimitPerHour: 3 });
    const other = await createTestOrganisation(limited.database.db, 'Tamar');
    await limited.database.db
      .updateTable('organisations')
      .set({ public_referral_slug: 'tamar' })
      .where('id', '=', other.id)
      .execute();
  });
  afterAll(async () => limited?.close());

  it('a flood of posts is refused with 429 after the limit', async () => {
    const client = limited.client();
    const token = await client.csrfToken('/refer/tamar');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await client.request('POST', '/refer/tamar/check', { form: { _csrf: token, route: 'self' } })).statusCode);
    }
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const referrals = await limited.database.db.selectFrom('referrals').select('id').execute();
    expect(referrals).toEqual([]);
  });
});

describe('the administrator sets the public address', () => {
  it('shows the full address to publish, and changes it', async () => {
    const admin = t.client();
    await admin.signIn(org.users.admin.email, org.users.admin.password);
    const page = await admin.get('/admin/public-referrals');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${t.config.publicUrl}/refer/${SLUG}`);
    const bad = await admin.submit('/admin/public-referrals', { slug: 'Not OK!' }, '/admin/public-referrals');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Use 3 to 60 lower-case letters');
    const saved = await admin.submit('/admin/public-referrals', { slug: 'fenwold-refer' }, '/admin/public-referrals');
    expect(saved.statusCode).toBe(303);
    expect((await admin.get('/admin/public-referrals')).body).toContain(`${t.config.publicUrl}/refer/fenwold-refer`);
    expect((await t.client().get('/refer/fenwold-refer')).statusCode).toBe(200);
    expect((await t.client().get(`/refer/${SLUG}`)).statusCode).toBe(404);
    await admin.submit('/admin/public-referrals', { slug: SLUG }, '/admin/public-referrals');
  });

  it('is for administrators only', async () => {
    expect((await facilitator.get('/admin/public-referrals')).statusCode).toBe(403);
    const response = await facilitator.submit('/admin/public-referrals', { slug: 'taken-over' }, '/account');
    expect(response.statusCode).toBe(403);
    expect((await t.client().get('/admin/public-referrals')).statusCode).toBe(303);
  });
});
