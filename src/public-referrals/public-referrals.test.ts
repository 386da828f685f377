import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { FormWalk, pageOf, referenceIn, titleOf, type StepAnswers } from './form-walk.testing.js';
import { inPublicReferralContext } from './repository.js';

/*
 * The public referral form, what it stores for each route: no sign-in, every answer in POST
 * bodies, nothing stored until the last step, and nothing of a partner who refers (nor where a
 * child goes to school) reaching the perpetrator side.
 */
let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
const SLUG = 'fenwold-dvpp';

beforeAll(async () => {
  t = await createTestApp({
    loginRateLimitPerMinute: 10_000,
    publicReferralRateLimitPerHour: 10_000,
    publicReferralStepRateLimitPerHour: 10_000,
  });
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

const HIM: StepAnswers = {
  givenName: 'Jago',
  familyName: 'Polglase',
  'dateOfBirth-day': '12',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '1984',
  gender: 'man',
  phone: '07700 900333',
  postcode: 'tr1 2ab',
  area: 'Kernow',
};
/** A partner refers him: each page's answers in order. */
const partnerPages = (): StepAnswers[] => [
  HIM,
  { interpreter: 'yes', interpreterLanguage: 'Polish' },
  // She is the partner: the page opens with no box for another, until she adds one.
  { action: 'add-partner' },
  {
    relationshipContext: 'heterosexual',
    'partner-1-givenName': 'Elowen',
    'partner-1-familyName': 'Hocking',
    'partner-1-relationship': 'ex',
  },
  {
    'child-1-givenName': 'Kit',
    'child-1-age': '7',
    'child-1-relationship': 'parent',
    'child-1-livesWith': 'other_parent',
    'child-1-protection': 'child_protection_plan',
    'child-1-school': 'Porthleven Primary',
  },
  { reason: 'He checks my phone and shouts at me in front of the children.' },
  {
    yourGivenName: 'Morwenna',
    yourFamilyName: 'Trevelyan',
    yourRelationship: 'current',
    safePhone: '07700 900461',
    safeTimes: 'Weekdays 10am to 2pm',
    messageMayBeLeft: 'no',
    codeWord: 'bluebell',
  },
];
export const HER_SECRETS = [
  'Morwenna',
  'Trevelyan',
  '07700 900461',
  'bluebell',
  'Weekdays 10am',
  'checks my phone',
  'Porthleven',
];

async function referralByReference(reference: string) {
  return t.database.db.selectFrom('referrals').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
}

describe('a partner refers him through the public form', () => {
  let walk: FormWalk;
  let reference: string;

  beforeAll(async () => {
    walk = new FormWalk(t.client(), SLUG);
    await walk.toCheck('partner', partnerPages());
    await walk.send();
    reference = referenceIn(walk.last) ?? '';
  });

  it('goes one thing per page to check your answers and a reference, with the exit button, no-store and a plain title on every page', () => {
    expect(walk.responses.map(pageOf)).toEqual([
      'who',
      'him',
      'interpreter',
      'partners',
      'partners',
      'children',
      'referral',
      'you',
      'check',
      'confirmation',
    ]);
    for (const response of walk.responses) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toContain('govuk-exit-this-page');
      // Without JavaScript the button is a plain link to a neutral site.
      expect(response.body).toContain('href="https://www.bbc.co.uk/weather"');
      expect(titleOf(response)).toMatch(/^(Check your answers – |Referral sent – )?Make a referral – Parallel$/);
    }
    expect(walk.responses[8]?.body).toContain('Morwenna Trevelyan');
    expect(walk.responses[8]?.body).toContain('Porthleven Primary');
    expect(reference).toMatch(/^RF-\d+$/);
    for (const page of [walk.responses[7], walk.last]) {
      expect(page?.body).toContain('data-qa="partner-next-steps"');
      expect(page?.body).toContain('is not told that you referred them');
    }
  });

  it('records him with his gender, contact details and interpreter need, and the referral with its area and relationship context', async () => {
    const db = t.database.db;
    const referral = await referralByReference(reference);
    expect(referral).toMatchObject({
      organisation_id: org.id,
      channel: 'online_form',
      source: 'community',
      agency_type: null,
      referrer_name: null,
      referrer_phone: null,
      area: 'Kernow',
      interpreter_language: 'Polish',
      relationship_context: 'heterosexual',
    });
    // Her own account is hers: his side's record carries a neutral reason.
    expect(referral.reason).not.toContain('checks my phone');
    const participant = await db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', referral.participant_id)
      .executeTakeFirstOrThrow();
    expect(participant).toMatchObject({
      given_name: 'Jago',
      family_name: 'Polglase',
      date_of_birth: '1984-03-12',
      gender: 'man',
      phone: '07700 900333',
      postcode: 'TR1 2AB',
      interpreter_language: 'Polish',
      created_by: null,
    });
    const perpetratorCase = await db
      .selectFrom('perpetrator_cases')
      .selectAll()
      .where('participant_id', '=', participant.id)
      .executeTakeFirstOrThrow();
    expect(perpetratorCase.status).toBe('referred');
    const history = await db.selectFrom('referral_status_history').selectAll().where('referral_id', '=', referral.id).execute();
    expect(history).toEqual([
      expect.objectContaining({ from_status: null, to_status: 'received', reason_code: 'referral_received' }),
    ]);
  });

  it('keeps who referred, her safe-contact preferences and her account partner-side, and opens a partner case for her and the ex-partner she named', async () => {
    const db = t.database.db;
    const referral = await referralByReference(reference);
    const source = await db
      .selectFrom('referral_community_sources')
      .selectAll()
      .where('referral_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(source).toMatchObject({
      relationship: 'partner',
      name: 'Morwenna Trevelyan',
      phone: '07700 900461',
      safe_to_contact: 'Weekdays 10am to 2pm',
      account: 'He checks my phone and shouts at me in front of the children.',
    });
    const partners = await db
      .selectFrom('partners')
      .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
      .select([
        'partners.given_name',
        'partners.family_name',
        'partners.relationship',
        'partners.safe_phone',
        'partners.safe_times',
        'partners.message_may_be_left',
        'partners.code_word',
        'partner_cases.status',
      ])
      .where('partners.participant_id', '=', referral.participant_id)
      .orderBy('partners.given_name')
      .execute();
    expect(partners).toEqual([
      {
        given_name: 'Elowen',
        family_name: 'Hocking',
        relationship: 'ex',
        safe_phone: null,
        safe_times: null,
        message_may_be_left: false,
        code_word: null,
        status: 'open',
      },
      {
        given_name: 'Morwenna',
        family_name: 'Trevelyan',
        relationship: 'current',
        safe_phone: '07700 900461',
        safe_times: 'Weekdays 10am to 2pm',
        message_may_be_left: false,
        code_word: 'bluebell',
        status: 'open',
      },
    ]);
  });

  it('records the child on his record, and the school only partner-side, linked to her', async () => {
    const db = t.database.db;
    const referral = await referralByReference(reference);
    const children = await db.selectFrom('children').selectAll().where('participant_id', '=', referral.participant_id).execute();
    expect(children).toEqual([
      expect.objectContaining({
        given_name: 'Kit',
        age_years: 7,
        relationship_to_participant: 'parent',
        lives_with: 'other_parent',
        protection_status: 'child_protection_plan',
        created_by: null,
      }),
    ]);
    expect(JSON.stringify(children)).not.toContain('Porthleven');
    const details = await db
      .selectFrom('child_partner_details')
      .selectAll()
      .where('child_id', '=', children[0]?.id ?? '')
      .execute();
    const her = await db
      .selectFrom('partners')
      .select('id')
      .where('participant_id', '=', referral.participant_id)
      .where('given_name', '=', 'Morwenna')
      .executeTakeFirstOrThrow();
    expect(details).toEqual([expect.objectContaining({ partner_id: her.id, school: 'Porthleven Primary' })]);
  });

  it('audits the online referral with ids only', async () => {
    const referral = await referralByReference(reference);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'referral.submitted_online')
      .where('record_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBeNull();
    const details = JSON.stringify(audit.details);
    expect(details).toMatch(/childIds/);
    for (const secret of [...HER_SECRETS, 'Jago', 'Kit']) {
      expect(details).not.toContain(secret);
    }
  });

  it('the facilitator sees a community referral without her name, phone, code word, account or the school, and never her partner case', async () => {
    const referral = await referralByReference(reference);
    const page = await facilitator.get(`/referrals/${referral.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Community referral');
    const responses = [
      page,
      await facilitator.get(`/api/v1/referrals/${referral.id}`),
      await facilitator.get('/referrals'),
      await facilitator.get('/api/v1/referrals'),
      await facilitator.get(`/participants/${referral.participant_id}`),
    ];
    for (const response of responses) {
      for (const secret of HER_SECRETS) {
        expect(response.body).not.toContain(secret);
      }
    }
    const partnerCase = await t.database.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partner_cases.id')
      .where('partners.given_name', '=', 'Morwenna')
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
      children: await trx.selectFrom('children').select('id').execute(),
      childDetails: await trx.selectFrom('child_partner_details').select('child_id').execute(),
    }));
    expect(rows).toEqual({ referrals: [], partners: [], participants: [], sources: [], children: [], childDetails: [] });
  });
});

describe('the other routes', () => {
  it('an agency names his ex-partner and a child: her partner case opens, no school is asked, and there is no exit button', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.toCheck('agency', [
      { givenName: 'Kenan', familyName: 'Rosewarne', gender: 'man' },
      { interpreter: 'no' },
      {
        relationshipContext: 'heterosexual',
        'partner-1-givenName': 'Elowen',
        'partner-1-familyName': 'Pascoe',
        'partner-1-relationship': 'ex',
        'partner-1-phone': '07700 900872',
      },
      { 'child-1-age': '4', 'child-1-protection': 'child_in_need' },
      {
        reason: 'Police call-outs to the family home; children on a child in need plan.',
        mandated: 'no',
        childProtectionContext: 'Child in need plan since March',
      },
      {
        agencyType: 'childrens_services',
        referrerName: 'Ines Caradoc',
        referrerOrganisation: 'Fenwold children’s services',
        referrerPhone: '01632 960123',
      },
    ]);
    expect(walk.responses.some((r) => r.body.includes('child-1-school'))).toBe(false);
    const done = await walk.send();
    expect(done.body).not.toContain('govuk-exit-this-page__button');
    const referral = await referralByReference(referenceIn(done) ?? '');
    expect(referral).toMatchObject({
      source: 'agency',
      agency_type: 'childrens_services',
      referrer_name: 'Ines Caradoc',
      mandated: false,
      child_protection_context: 'Child in need plan since March',
      interpreter_language: null,
      reason: 'Police call-outs to the family home; children on a child in need plan.',
    });
    const partners = await t.database.db
      .selectFrom('partners')
      .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
      .select(['partners.given_name', 'partners.relationship', 'partners.phone', 'partner_cases.status'])
      .where('partners.participant_id', '=', referral.participant_id)
      .execute();
    expect(partners).toEqual([{ given_name: 'Elowen', relationship: 'ex', phone: '07700 900872', status: 'open' }]);
    const children = await t.database.db
      .selectFrom('children')
      .leftJoin('child_partner_details', 'child_partner_details.child_id', 'children.id')
      .select([
        'children.given_name',
        'children.age_years',
        'children.protection_status',
        'child_partner_details.child_id as details',
      ])
      .where('children.participant_id', '=', referral.participant_id)
      .execute();
    expect(children).toEqual([{ given_name: null, age_years: 4, protection_status: 'child_in_need', details: null }]);
  });

  it('someone referring themselves gives their own phone and email once, with the exit button on every page; a woman participant in a same-sex relationship is recorded as such', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.toCheck('self', [
      { givenName: 'Piran', familyName: 'Nance', gender: 'woman', phone: '07700 900111', email: 'Piran@example.org' },
      { interpreter: 'not_known' },
      { relationshipContext: 'same_sex' },
      {},
      { reason: 'I lose my temper with my girlfriend.' },
    ]);
    expect(walk.responses.map(pageOf)).not.toContain('you');
    expect(walk.last.body).toContain('About you');
    const done = await walk.send();
    for (const response of walk.responses) {
      expect(response.body).toContain('govuk-exit-this-page');
    }
    const referral = await referralByReference(referenceIn(done) ?? '');
    expect(referral).toMatchObject({
      source: 'self',
      referrer_phone: '07700 900111',
      referrer_email: 'piran@example.org',
      relationship_context: 'same_sex',
      reason: 'I lose my temper with my girlfriend.',
    });
    const participant = await t.database.db
      .selectFrom('participants')
      .select(['gender', 'phone', 'email'])
      .where('id', '=', referral.participant_id)
      .executeTakeFirstOrThrow();
    expect(participant).toEqual({ gender: 'woman', phone: '07700 900111', email: 'piran@example.org' });
    expect(
      await t.database.db.selectFrom('children').select('id').where('participant_id', '=', referral.participant_id).execute(),
    ).toEqual([]);
  });

  it('a family member refers: who referred is kept partner-side, and the exit button is on every page', async () => {
    const walk = new FormWalk(t.client(), SLUG);
    await walk.toCheck('family', [
      { givenName: 'Piran', familyName: 'Nance' },
      { interpreter: 'no' },
      { relationshipContext: 'not_known' },
      {},
      { reason: 'My brother frightens his girlfriend.' },
      { referrerName: 'Demelza Nance', referrerPhone: '07700 900222', familyRelationship: 'family' },
    ]);
    const done = await walk.send();
    for (const response of walk.responses) {
      expect(response.body).toContain('govuk-exit-this-page');
    }
    const referral = await referralByReference(referenceIn(done) ?? '');
    expect(referral).toMatchObject({ source: 'community', referrer_name: null, referrer_phone: null });
    expect(referral.reason).not.toContain('frightens');
    const source = await t.database.db
      .selectFrom('referral_community_sources')
      .selectAll()
      .where('referral_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(source).toMatchObject({
      relationship: 'family',
      name: 'Demelza Nance',
      account: 'My brother frightens his girlfriend.',
    });
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
