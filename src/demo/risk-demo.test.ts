import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import type { DatabaseHandle } from '../db/database.js';
import { loadDemoData } from './demo.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
});
afterAll(async () => database?.close());

it('the demo has Kevin assessed for the group programme, Aisha’s first DASH at standard risk, and a MARAC meeting date', async () => {
  const db = database.db;
  const kevin = await db.selectFrom('participants').select('id').where('given_name', '=', 'Kevin').executeTakeFirstOrThrow();
  const risk = await db
    .selectFrom('risk_assessments')
    .select(['version', 'overall_level'])
    .where('participant_id', '=', kevin.id)
    .execute();
  expect(risk).toEqual([{ version: 1, overall_level: 'medium' }]);
  const domains = await db
    .selectFrom('risk_assessment_domains')
    .innerJoin('risk_assessments', 'risk_assessments.id', 'risk_assessment_domains.risk_assessment_id')
    .select('domain')
    .where('risk_assessments.participant_id', '=', kevin.id)
    .execute();
  expect(domains).toHaveLength(14);
  const suitability = await db
    .selectFrom('suitability_assessments')
    .select(['participant_id', 'outcome'])
    .where('participant_id', '=', kevin.id)
    .execute();
  expect(suitability).toEqual([{ participant_id: kevin.id, outcome: 'group_dapp' }]);
  // The outcome is an event her worker must tell her of.
  const events = await db
    .selectFrom('participant_events')
    .select('basic_summary')
    .where('participant_id', '=', kevin.id)
    .where('type', '=', 'assessment_outcome')
    .execute();
  expect(events).toHaveLength(1);
  expect(events[0]?.basic_summary).toMatch(/^Assessed as suitable for the group programme on /);
  const dashes = await db
    .selectFrom('dash_assessments')
    .innerJoin('partner_cases', 'partner_cases.id', 'dash_assessments.partner_case_id')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .select(['partners.given_name', 'dash_assessments.yes_count', 'dash_assessments.score_level'])
    .where('partners.given_name', '=', 'Aisha')
    .execute();
  expect(dashes).toEqual([{ given_name: 'Aisha', yes_count: 7, score_level: 'standard' }]);
  // A first DASH at standard risk raises no escalation alert.
  const aishaCase = await db
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .select('partner_cases.id')
    .where('partners.given_name', '=', 'Aisha')
    .executeTakeFirstOrThrow();
  expect(await db.selectFrom('risk_alerts').select('id').where('partner_case_id', '=', aishaCase.id).execute()).toEqual([]);
  expect(await db.selectFrom('marac_meetings').select('area').execute()).toEqual([{ area: 'Northbridge' }]);
});
