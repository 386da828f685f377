import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import type { DatabaseHandle } from '../db/database.js';
import { loadDemoData } from './demo.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
});
afterAll(async () => database?.close());

const participantId = async (givenName: string) =>
  (await database.db.selectFrom('participants').select('id').where('given_name', '=', givenName).executeTakeFirstOrThrow()).id;

const partnerCaseId = async (givenName: string) =>
  (
    await database.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partner_cases.id')
      .where('partners.given_name', '=', givenName)
      .executeTakeFirstOrThrow()
  ).id;

describe('the demo shows both sides, and not only a man with a woman partner', () => {
  it('has a woman participant with two male partners, each with a different partner support worker', async () => {
    const db = database.db;
    const nicola = await db
      .selectFrom('participants')
      .select(['id', 'gender'])
      .where('given_name', '=', 'Nicola')
      .executeTakeFirstOrThrow();
    expect(nicola.gender).toBe('woman');
    const partners = await db
      .selectFrom('partners')
      .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
      .select(['partners.given_name', 'partners.gender', 'partners.relationship', 'partner_cases.allocated_worker_id'])
      .where('partners.participant_id', '=', nicola.id)
      .orderBy('partners.given_name')
      .execute();
    expect(partners.map((p) => [p.given_name, p.gender, p.relationship])).toEqual([
      ['Jamie', 'man', 'ex'],
      ['Liam', 'man', 'current'],
    ]);
    expect(new Set(partners.map((p) => p.allocated_worker_id)).size).toBe(2);
  });

  it('fills every page type on both sides: assessments and a report, a DASH, a safety plan, a MARAC referral, a register and duties', async () => {
    const db = database.db;
    const nicola = await participantId('Nicola');
    const liamCase = await partnerCaseId('Liam');
    expect(
      await db.selectFrom('suitability_assessments').select('outcome').where('participant_id', '=', nicola).execute(),
    ).toEqual([{ outcome: 'one_to_one' }]);
    expect(
      await db.selectFrom('assessment_reports').select('recipient_kind').where('participant_id', '=', nicola).execute(),
    ).toEqual([{ recipient_kind: 'probation' }]);
    const dash = await db.selectFrom('dash_assessments').select('score_level').where('partner_case_id', '=', liamCase).execute();
    expect(dash).toEqual([{ score_level: 'high' }]);
    expect(
      await db.selectFrom('safety_plan_versions').select('version').where('partner_case_id', '=', liamCase).execute(),
    ).toEqual([{ version: 1 }]);
    const marac = await db
      .selectFrom('marac_referrals')
      .select(['area', 'criteria'])
      .where('partner_case_id', '=', liamCase)
      .execute();
    expect(marac).toHaveLength(1);
    expect(marac[0]?.area).toBe('Northbridge');
    expect(marac[0]?.criteria).toContain('professional_judgement');
    // Her assessment's outcome is to be told to each of her partners by his own worker.
    const duties = await db
      .selectFrom('partner_duties_outstanding')
      .innerJoin('partner_cases', 'partner_cases.id', 'partner_duties_outstanding.partner_case_id')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partners.given_name')
      .where('partners.participant_id', '=', nicola)
      .orderBy('partners.given_name')
      .execute();
    expect(duties.map((d) => d.given_name)).toEqual(['Jamie', 'Liam']);
    const marked = await db
      .selectFrom('attendance_records')
      .innerJoin('programme_enrolments', 'programme_enrolments.id', 'attendance_records.enrolment_id')
      .select(['programme_enrolments.participant_id', 'attendance_records.outcome'])
      .execute();
    expect(marked.map((m) => m.outcome)).toEqual(['attended', 'attended']);
  });

  it('is consistent: nobody is on the programme and waiting to start at once', async () => {
    const db = database.db;
    const rows = await db
      .selectFrom('programme_enrolments')
      .innerJoin('participants', 'participants.id', 'programme_enrolments.participant_id')
      .innerJoin('perpetrator_cases', 'perpetrator_cases.id', 'programme_enrolments.perpetrator_case_id')
      .select([
        'participants.given_name',
        'perpetrator_cases.status',
        'programme_enrolments.group_id',
        'programme_enrolments.started_on',
      ])
      .orderBy('participants.given_name')
      .execute();
    for (const row of rows) {
      // Placed in a group that has met: started, and shown as on the programme.
      if (row.group_id !== null) {
        expect(row.started_on, row.given_name).not.toBeNull();
        expect(row.status, row.given_name).toBe('active');
      }
      // Waiting for a place: not shown as on the programme.
      if (row.started_on === null) {
        expect(row.status, row.given_name).not.toBe('active');
      }
    }
    expect(rows.filter((r) => r.group_id !== null).map((r) => r.given_name)).toEqual(['Daniel', 'Marcus']);
  });
});

describe('the demo shows a case at a glance', () => {
  it('Daniel is known as Danny; Sarah as Sal, with a British Sign Language interpreter; their children are on both sides', async () => {
    const db = database.db;
    const daniel = await db
      .selectFrom('participants')
      .select(['known_as', 'interpreter_language'])
      .where('id', '=', await participantId('Daniel'))
      .executeTakeFirstOrThrow();
    expect(daniel).toEqual({ known_as: 'Danny', interpreter_language: null });
    const sarah = await db
      .selectFrom('partners')
      .select(['known_as', 'interpreter_language'])
      .where('given_name', '=', 'Sarah')
      .executeTakeFirstOrThrow();
    expect(sarah).toEqual({ known_as: 'Sal', interpreter_language: 'British Sign Language' });
    const children = await db
      .selectFrom('children')
      .leftJoin('child_partner_details', 'child_partner_details.child_id', 'children.id')
      .select(['children.given_name', 'child_partner_details.school'])
      .where('children.participant_id', '=', await participantId('Daniel'))
      .orderBy('children.given_name')
      .execute();
    expect(children).toEqual([
      { given_name: 'Mia', school: 'Northbridge Primary' },
      { given_name: 'Oscar', school: null },
    ]);
  });
});
