import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../test/fixtures/cases.js';
import { ParticipantService } from '../participants/service.js';
import type { KnownPeople } from './service.js';
import {
  t,
  org,
  other,
  manager,
  signedIn,
  origin,
  addParticipant,
  addPartner,
  auditDetails,
  useMerging,
} from '../../test/fixtures/merging.js';

/* Merging two participant records of the same person. */
useMerging();

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
