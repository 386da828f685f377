import { describe, expect, it } from 'vitest';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import { PartnerChildrenService } from '../children/partner-details-service.js';
import { ZChildInput, ZChildPartnerDetails } from '../children/schemas.js';
import { ChildrenService } from '../children/service.js';
import {
  t,
  org,
  manager,
  signedIn,
  origin,
  addParticipant,
  addPartner,
  auditDetails,
  useMerging,
} from '../../test/fixtures/merging.js';

/* His children when two of his records are merged, and merging two partner records. */
useMerging();

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
    const page = await manager.get(`/participants/${keep}/tab/children`);
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
