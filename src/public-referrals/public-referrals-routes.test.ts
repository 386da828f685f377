import { describe, expect, it } from 'vitest';
import { FormWalk, pageOf, referenceIn } from './form-walk.testing.js';
import {
  t,
  org,
  facilitator,
  partnerWorker,
  SLUG,
  referralByReference,
  usePublicReferrals,
} from '../../test/fixtures/public-referrals.js';

/* The public referral form's other routes, and the administrator setting its public address. */
usePublicReferrals();

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
    // The referral page lists the partner case it opened, as a link, to those who may see partner cases only.
    const opened = await t.database.db
      .selectFrom('partner_cases')
      .select(['id', 'reference'])
      .where('referral_id', '=', referral.id)
      .executeTakeFirstOrThrow();
    const manager = await t.signedIn(org.users.management);
    for (const client of [partnerWorker, manager]) {
      const page = await client.get(`/referrals/${referral.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(
        new RegExp(
          `data-qa="partners-opened"[\\s\\S]*href="/partner-cases/${opened.id}">Elowen Pascoe</a> \\(${opened.reference}\\)`,
        ),
      );
    }
    const his = await facilitator.get(`/referrals/${referral.id}`);
    expect(his.statusCode).toBe(200);
    for (const secret of ['partners-opened', 'Elowen', 'Pascoe', opened.reference, opened.id, 'Partners named in the referral']) {
      expect(his.body).not.toContain(secret);
    }
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
    // The set-up page is reached from the administrator's navigation, not only by typing its address.
    expect((await admin.get('/admin/users')).body).toMatch(
      /<a [^>]*href="\/admin\/public-referrals"[^>]*>\s*Public referral form/,
    );
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
