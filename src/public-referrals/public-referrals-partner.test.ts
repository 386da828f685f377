import { beforeAll, describe, expect, it } from 'vitest';
import { FormWalk, pageOf, referenceIn, titleOf } from './form-walk.testing.js';
import { inPublicReferralContext } from './repository.js';
import {
  t,
  org,
  facilitator,
  partnerWorker,
  SLUG,
  partnerPages,
  HER_SECRETS,
  referralByReference,
  usePublicReferrals,
} from '../../test/fixtures/public-referrals.js';

/*
 * The public referral form, what it stores when a partner refers him: no sign-in, every answer in
 * POST bodies, nothing stored until the last step, and nothing of a partner who refers (nor where a
 * child goes to school) reaching the perpetrator side.
 */
usePublicReferrals();

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
