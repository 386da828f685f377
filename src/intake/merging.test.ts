import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { PartnerChildrenService } from '../children/partner-details-service.js';
import { ZChildInput, ZChildPartnerDetails } from '../children/schemas.js';
import { ChildrenService } from '../children/service.js';
import { ZParticipantInput } from '../participants/schemas.js';
import { ParticipantService } from '../participants/service.js';
import { ZPartnerCaseInput } from '../partner-support/schemas.js';
import { PartnerCaseService } from '../partner-support/service.js';
import type { KnownPeople } from './service.js';

let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let manager: TestClient;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Brackenfold');
  other = await createTestOrganisation(t.database.db, 'Copperleigh');
  manager = await signedIn(org.users.management);
});
afterAll(async () => t?.close());

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

const origin = { ip: null };

async function addParticipant(o: TestOrganisation, givenName: string, familyName: string): Promise<string> {
  return new ParticipantService(t.database.db).create(
    actorOf(o, 'management'),
    ZParticipantInput.parse({ givenName, familyName, dateOfBirth: '1979-11-30', status: 'referred' }),
    origin,
  );
}

async function addPartner(
  participantId: string,
  givenName: string,
  familyName: string,
): Promise<{ caseId: string; partnerId: string }> {
  const caseId = await new PartnerCaseService(t.database.db).create(
    actorOf(org, 'management'),
    participantId,
    ZPartnerCaseInput.parse({ givenName, familyName, relationship: 'ex', dateOfBirth: '1982-06-21', status: 'open' }),
    origin,
  );
  const row = await t.database.db
    .selectFrom('partner_cases')
    .select('partner_id')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return { caseId, partnerId: row.partner_id };
}

async function auditDetails(action: 'intake.participants_merged' | 'intake.partners_merged') {
  return t.database.db
    .selectFrom('audit_events')
    .select(['details', 'actor_user_id', 'record_id'])
    .where('action', '=', action)
    .execute();
}

describe('merging two participant records of the same person', () => {
  it('moves his cases, notes and partners onto the kept record, hides the duplicate, and is audited', async () => {
    const keep = await addParticipant(org, 'Ambrose', 'Tillingham');
    const duplicate = await addParticipant(org, 'Ambrose', 'Tilingham');
    await new ParticipantService(t.database.db).addNote(
      actorOf(org, 'perpetrator'),
      duplicate,
      'Note on the duplicate record',
      origin,
    );
    const partner = await addPartner(duplicate, 'Philippa', 'Marchbank');

    const found = await manager.request('POST', '/api/v1/intake/known-people', {
      json: { givenName: 'Ambrose', familyName: 'Tillingham', dateOfBirth: '1979-11-30' },
    });
    expect(
      found
        .json<KnownPeople>()
        .participants.map((p) => p.id)
        .sort(),
    ).toEqual([keep, duplicate].sort());

    const preview = await manager.get(`/intake/merge/participants?keep=${keep}&duplicate=${duplicate}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Ambrose Tilingham');
    expect(preview.body).toContain('Merge the records');

    const merged = await manager.submit('/intake/merge/participants', { keep, duplicate }, '/intake/known-people');
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe(`/participants/${keep}?saved=1`);

    const cases = await t.database.db.selectFrom('perpetrator_cases').select('id').where('participant_id', '=', keep).execute();
    expect(cases).toHaveLength(2);
    const partners = await t.database.db.selectFrom('partners').select('id').where('participant_id', '=', keep).execute();
    expect(partners.map((p) => p.id)).toEqual([partner.partnerId]);
    const dup = await t.database.db
      .selectFrom('participants')
      .select('merged_into')
      .where('id', '=', duplicate)
      .executeTakeFirstOrThrow();
    expect(dup.merged_into).toBe(keep);

    // His notes belong to his case, so they move with it.
    const notes = await t.database.db
      .selectFrom('perpetrator_case_notes')
      .innerJoin('perpetrator_cases', 'perpetrator_cases.id', 'perpetrator_case_notes.perpetrator_case_id')
      .select('perpetrator_case_notes.body')
      .where('perpetrator_cases.participant_id', '=', keep)
      .execute();
    expect(notes.map((n) => n.body)).toEqual(['Note on the duplicate record']);
    const page = await manager.get(`/participants/${keep}`);
    expect(page.body).toContain('Philippa');
    expect(page.body).toContain('Note on the duplicate record');
    const list = await manager.request('GET', '/api/v1/participants');
    expect(list.body).not.toContain('Tilingham');
    const again = await manager.request('POST', '/api/v1/intake/known-people', {
      json: { givenName: 'Ambrose', familyName: 'Tillingham', dateOfBirth: '1979-11-30' },
    });
    expect(again.json<KnownPeople>().participants.map((p) => p.id)).toEqual([keep]);

    const audit = await auditDetails('intake.participants_merged');
    expect(audit.at(-1)).toEqual({
      actor_user_id: org.users.management.id,
      record_id: keep,
      details: {
        keptParticipantId: keep,
        duplicateParticipantId: duplicate,
        perpetratorCasesMoved: 1,
        partnersMoved: 1,
        childrenMoved: 0,
      },
    });

    const twice = await manager.request('POST', '/api/v1/intake/merge/participants', { json: { keep, duplicate } });
    expect(twice.statusCode).toBe(409);
  });

  it('is for management only', async () => {
    const keep = await addParticipant(org, 'Cedric', 'Pellow');
    const duplicate = await addParticipant(org, 'Cedric', 'Pelow');
    for (const side of ['perpetrator', 'partner', 'admin', 'dpo'] as const) {
      const client = await signedIn(org.users[side]);
      expect((await client.get(`/intake/merge/participants?keep=${keep}&duplicate=${duplicate}`)).statusCode, side).toBe(403);
      const posted = await client.submit('/intake/merge/participants', { keep, duplicate }, '/account');
      expect(posted.statusCode, side).toBe(403);
      expect((await client.request('POST', '/api/v1/intake/merge/participants', { json: { keep, duplicate } })).statusCode).toBe(
        403,
      );
    }
    const untouched = await t.database.db
      .selectFrom('participants')
      .select('merged_into')
      .where('id', '=', duplicate)
      .executeTakeFirstOrThrow();
    expect(untouched.merged_into).toBeNull();
  });

  it('refuses a record merged into itself, across organisations, or an unknown record, and bad ids', async () => {
    const keep = await addParticipant(org, 'Dorian', 'Ashcombe');
    const elsewhere = await addParticipant(other, 'Dorian', 'Ashcombe');
    const self = await manager.request('POST', '/api/v1/intake/merge/participants', { json: { keep, duplicate: keep } });
    expect(self.statusCode).toBe(400);
    expect(self.json<{ error: { fields: Record<string, string> } }>().error.fields.duplicate).toMatch(
      /cannot be merged into itself/,
    );
    const across = await manager.request('POST', '/api/v1/intake/merge/participants', { json: { keep, duplicate: elsewhere } });
    expect(across.statusCode).toBe(404);
    expect(across.body).not.toContain('Ashcombe');
    const unknown = await manager.get(`/intake/merge/participants?keep=${keep}&duplicate=${randomUUID()}`);
    expect(unknown.statusCode).toBe(404);
    const bad = await manager.get('/intake/merge/participants?keep=nope');
    expect(bad.statusCode).toBe(400);
    const badPost = await manager.submit('/intake/merge/participants', { keep: 'nope' }, '/intake/known-people');
    expect(badPost.statusCode).toBe(400);
    const page = await manager.submit('/intake/merge/participants', { keep, duplicate: keep }, '/intake/known-people');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('cannot be merged into itself');
  });
});

describe('his children when two records are merged', () => {
  it('moves the duplicate’s children, with their partner-side details, onto the kept record', async () => {
    const keep = await addParticipant(org, 'Lancelot', 'Fairweather');
    const duplicate = await addParticipant(org, 'Lancelot', 'Fairwether');
    const children = new ChildrenService(t.database.db);
    const facilitator = actorOf(org, 'perpetrator');
    const kept = await children.create(facilitator, keep, ZChildInput.parse({ givenName: 'Ottilie', ageYears: 9 }), origin);
    const moving = await children.create(
      facilitator,
      duplicate,
      ZChildInput.parse({ givenName: 'Percival', dateOfBirth: '2019-02-11', livesWith: 'other_parent' }),
      origin,
    );
    const partner = await addPartner(duplicate, 'Rowena', 'Fairwether');
    await new PartnerChildrenService(t.database.db).saveDetails(
      actorOf(org, 'partner'),
      partner.caseId,
      moving.id,
      ZChildPartnerDetails.parse({ linked: true, school: 'Brambleford Infants' }),
      origin,
    );

    const merged = await manager.request('POST', '/api/v1/intake/merge/participants', { json: { keep, duplicate } });
    expect(merged.statusCode).toBe(200);

    const onKept = await manager.request('GET', `/api/v1/participants/${keep}/children`);
    expect(onKept.json<Array<{ id: string; name: string }>>().map((c) => c.name)).toEqual(['Ottilie', 'Percival']);
    const left = await t.database.db.selectFrom('children').select('id').where('participant_id', '=', duplicate).execute();
    expect(left).toEqual([]);
    const page = await manager.get(`/participants/${keep}`);
    expect(page.body).toContain('Percival');
    // Her worker still finds the child linked to her, with the school she recorded.
    const hers = await manager.request('GET', `/api/v1/partner-cases/${partner.caseId}/children`);
    expect(hers.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: moving.id, link: 'this_partner', school: 'Brambleford Infants' }),
        expect.objectContaining({ id: kept.id, link: 'none', school: null }),
      ]),
    );
    const audit = await auditDetails('intake.participants_merged');
    expect(audit.at(-1)?.details).toMatchObject({ keptParticipantId: keep, childrenMoved: 1 });
  });

  it('moves the children linked to a duplicate partner record onto the kept partner', async () => {
    const his = await addParticipant(org, 'Montague', 'Vellacott');
    const keep = await addPartner(his, 'Seraphina', 'Dunmore');
    const duplicate = await addPartner(his, 'Serafina', 'Dunmore');
    const child = await new ChildrenService(t.database.db).create(
      actorOf(org, 'management'),
      his,
      ZChildInput.parse({ ageYears: 2 }),
      origin,
    );
    await new PartnerChildrenService(t.database.db).saveDetails(
      actorOf(org, 'partner'),
      duplicate.caseId,
      child.id,
      ZChildPartnerDetails.parse({ linked: true, notes: 'Goes to a childminder on Mondays' }),
      origin,
    );
    const merged = await manager.request('POST', '/api/v1/intake/merge/partners', {
      json: { keep: keep.partnerId, duplicate: duplicate.partnerId },
    });
    expect(merged.statusCode).toBe(200);
    const link = await t.database.db
      .selectFrom('child_partner_details')
      .select(['partner_id', 'notes'])
      .where('child_id', '=', child.id)
      .executeTakeFirstOrThrow();
    expect(link).toEqual({ partner_id: keep.partnerId, notes: 'Goes to a childminder on Mondays' });
    const audit = await auditDetails('intake.partners_merged');
    expect(audit.at(-1)?.details).toMatchObject({ keptPartnerId: keep.partnerId, childLinksMoved: 1 });
  });
});

describe('merging two partner records', () => {
  it('moves her partner cases onto the kept record of the same participant, and is audited', async () => {
    const his = await addParticipant(org, 'Everard', 'Quinlan');
    const keep = await addPartner(his, 'Henrietta', 'Loxley');
    const duplicate = await addPartner(his, 'Henrieta', 'Loxley');
    const preview = await manager.get(`/intake/merge/partners?keep=${keep.partnerId}&duplicate=${duplicate.partnerId}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Henrieta Loxley');
    const merged = await manager.submit(
      '/intake/merge/partners',
      { keep: keep.partnerId, duplicate: duplicate.partnerId },
      '/intake/known-people',
    );
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toMatch(/^\/partner-cases\/[0-9a-f-]{36}\?saved=1$/);
    const cases = await t.database.db.selectFrom('partner_cases').select('id').where('partner_id', '=', keep.partnerId).execute();
    expect(cases.map((c) => c.id).sort()).toEqual([keep.caseId, duplicate.caseId].sort());
    const list = await manager.request('GET', '/api/v1/partner-cases');
    expect(list.body).not.toContain('Henrieta');
    const audit = await auditDetails('intake.partners_merged');
    expect(audit.at(-1)?.details).toEqual({
      keptPartnerId: keep.partnerId,
      duplicatePartnerId: duplicate.partnerId,
      partnerCasesMoved: 1,
      childLinksMoved: 0,
    });
  });

  it('refuses partners of different participants with a clear 409, and the perpetrator side with 403', async () => {
    const first = await addPartner(await addParticipant(org, 'Fulbert', 'Ormsby'), 'Imogen', 'Trask');
    const second = await addPartner(await addParticipant(org, 'Godric', 'Penhallow'), 'Imogen', 'Trask');
    const refused = await manager.request('POST', '/api/v1/intake/merge/partners', {
      json: { keep: first.partnerId, duplicate: second.partnerId },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/linked to different participants/);
    const facilitator = await signedIn(org.users.perpetrator);
    const hidden = await facilitator.get(`/intake/merge/partners?keep=${first.partnerId}&duplicate=${second.partnerId}`);
    expect(hidden.statusCode).toBe(403);
    expect(hidden.body).not.toContain('Imogen');
    const unmerged = await t.database.db
      .selectFrom('partners')
      .select('merged_into')
      .where('id', '=', second.partnerId)
      .executeTakeFirstOrThrow();
    expect(unmerged.merged_into).toBeNull();
  });

  it('offers the merge from the search results to management only', async () => {
    const his = await createCaseWithPartners(t.database.db, org, 'M');
    expect(his.participantId).toBeTruthy();
    const form = {
      givenName: 'Darren',
      familyName: 'WhitlockM',
      'dateOfBirth-day': '2',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '1984',
    };
    await addParticipant(org, 'Darren', 'WhitlockM');
    const page = await manager.submit('/intake/known-people', form, '/intake/known-people');
    expect(page.body).toContain('action="/intake/merge/participants"');
    const facilitator = await signedIn(org.users.perpetrator);
    const theirs = await facilitator.submit('/intake/known-people', form, '/intake/known-people');
    expect(theirs.body).toContain('Darren WhitlockM');
    expect(theirs.body).not.toContain('/intake/merge/');
  });
});
