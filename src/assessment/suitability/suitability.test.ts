import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import type { RiskLevel } from '../../db/schema.js';
import type { SuitabilityView } from './presenters.js';
import {
  GROUP_FORM,
  NOT_SUITABLE,
  NOTES_SECRET,
  REASONS_SECRET,
  countAssessments as countOf,
  formDate,
  setUpSuitabilityTest,
  type SuitabilityTest,
} from './suitability-test-setup.js';

/*
 * Issue 6, point 1: his suitability assessment, recorded through the page and the API, matched to
 * an intervention with a suggested outcome; never rewritten; the outcome becomes a duty on each of
 * his partners' cases, worded from codes only; the partner side never reads the assessment.
 *
 * The partner side and other addresses: suitability-partner.test.ts.
 */

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
let darren: SuitabilityTest['darren'];

const countAssessments = (participantId: string) => countOf(t, participantId);

async function addRiskAssessment(participantId: string, version: number, level: RiskLevel): Promise<void> {
  await t.database.db
    .insertInto('risk_assessments')
    .values({
      organisation_id: org.id,
      participant_id: participantId,
      version,
      assessed_on: '2026-11-10',
      overall_level: level,
      summary: 'Findings',
      management_plan: 'Plan',
      review_on: '2027-02-10',
      assessed_by: org.users.perpetrator.id,
    })
    .execute();
}

beforeAll(async () => {
  ({ t, org, facilitator, partnerWorker, manager, darren } = await setUpSuitabilityTest());
});
afterAll(async () => t?.close());

describe('recording through the page', () => {
  it('links his case page to his assessment for his side only', async () => {
    const mine = await facilitator.get(`/participants/${darren.participantId}/risk`);
    expect(mine.body).toContain(`href="/participants/${darren.participantId}/assessment" data-qa="assessment-section"`);
    const hers = await partnerWorker.get(`/participants/${darren.participantId}`);
    expect(hers.statusCode).toBe(200);
    expect(hers.body).not.toContain('data-qa="assessment-section"');
  });

  it('shows an empty overview and the form with the risk it will be matched against', async () => {
    const overview = await facilitator.get(`/participants/${darren.participantId}/assessment`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('data-qa="no-suitability"');
    const form = await facilitator.get(`/participants/${darren.participantId}/suitability/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('the participant’s risk (no risk assessment yet)');
  });

  it('shows the suggested outcome for the answers so far, writing nothing', async () => {
    const url = `/participants/${darren.participantId}/suitability`;
    const shown = await facilitator.submit(url, {
      ...GROUP_FORM,
      responsivityNeeds: ['interpreter', 'shift_work'],
      intent: 'suggest',
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toMatch(/data-qa="suggestion"[\s\S]*Suggested outcome: One-to-one programme[\s\S]*needs an interpreter/);
    expect(shown.body).toContain('Suggested by the matching rules');
    const early = await facilitator.submit(url, { intent: 'suggest' });
    expect(early.body).toContain('data-qa="suggestion-needs-answers"');
    expect(await countAssessments(darren.participantId)).toBe(0);
  });

  it('refuses missing answers with a message beside each field, keeps what was typed, and writes nothing', async () => {
    const url = `/participants/${darren.participantId}/suitability`;
    const response = await facilitator.submit(url, { acknowledgementNotes: 'Typed before the error', exclusionFactors: 'other' });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'assessedOn', 'Enter the date of the assessment');
    expectFieldError(response.body, 'acknowledgement', 'Select whether the participant acknowledges a problem');
    expectFieldError(response.body, 'responsibility', 'Select whether the participant takes responsibility');
    expectFieldError(response.body, 'motivation', 'Select the participant’s motivation to change');
    expectFieldError(response.body, 'outcome', 'Select the outcome of the assessment');
    expectFieldError(response.body, 'reasons', 'Enter the reasons for the outcome');
    expect(response.body).toContain('Typed before the error');
    const future = await facilitator.submit(url, { ...GROUP_FORM, ...formDate('2099-01-01') });
    expectFieldError(future.body, 'assessedOn', 'The date of the assessment must be today or in the past');
    const other = await facilitator.submit(url, { ...GROUP_FORM, exclusionFactors: 'other', responsivityNeeds: ['other'] });
    expectFieldError(other.body, 'exclusionNotes', 'Describe the other exclusion factor');
    expectFieldError(other.body, 'responsivityNotes', 'Describe the other responsivity need');
    expect(await countAssessments(darren.participantId)).toBe(0);
  });

  it('asks for real reasons when the outcome chosen is not the suggested one', async () => {
    const url = `/participants/${darren.participantId}/suitability`;
    const response = await facilitator.submit(url, { ...GROUP_FORM, outcome: 'one_to_one', reasons: 'Agreed.' });
    expect(response.statusCode).toBe(400);
    expectFieldError(
      response.body,
      'reasons',
      'The suggested outcome is group domestic abuse perpetrator programme (dapp) (no exclusion or one-to-one need; no risk assessment yet): say in at least a sentence why you chose one-to-one programme instead',
    );
    expect(response.body).toContain('data-qa="suggestion"');
    expect(await countAssessments(darren.participantId)).toBe(0);
  });

  it('saves an assessment, lists it, and writes its event and audit entry in the same request', async () => {
    const saved = await facilitator.submit(`/participants/${darren.participantId}/suitability`, GROUP_FORM);
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/participants/${darren.participantId}/assessment?saved=1`);
    const row = await t.database.db
      .selectFrom('suitability_assessments')
      .selectAll()
      .where('participant_id', '=', darren.participantId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      assessed_on: '2026-11-16',
      acknowledgement: 'partly',
      outcome: 'group_dapp',
      exclusion_factors: [],
      assessed_by: org.users.perpetrator.id,
    });
    const event = await t.database.db
      .selectFrom('participant_events')
      .select(['type', 'basic_summary', 'occurred_on'])
      .where('participant_id', '=', darren.participantId)
      .where('type', '=', 'assessment_outcome')
      .executeTakeFirstOrThrow();
    expect(event.basic_summary).toBe('Assessed as suitable for the group programme on 16 November 2026');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'record_type', 'details'])
      .where('action', '=', 'assessment.suitability_recorded')
      .where('record_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: org.users.perpetrator.id, record_type: 'suitability_assessment' });
    expect(audit.details).toMatchObject({ outcome: 'group_dapp', suggestedOutcome: 'group_dapp' });
    expect(JSON.stringify(audit.details)).not.toContain('arguments');

    const overview = await facilitator.get(`/participants/${darren.participantId}/assessment?saved=1`);
    expect(overview.body).toContain('Suitability assessment saved');
    expect(overview.body).toMatch(/data-qa="suitability-latest"[\s\S]*Group domestic abuse perpetrator programme/);
    const record = await facilitator.get(`/participants/${darren.participantId}/suitability/${row.id}`);
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Accepts there were arguments');
    expect(record.body).toContain('Suitable for the group programme.');
  });
});

describe('recording through the API', () => {
  let notSuitableId: string;

  it('refuses bad input with 400 and the fields, and writes nothing', async () => {
    const before = await countAssessments(darren.participantId);
    const response = await facilitator.request('POST', `/api/v1/participants/${darren.participantId}/suitability-assessments`, {
      json: { ...NOT_SUITABLE, motivation: 'enormous', exclusionFactors: ['sulking'], reasons: '' },
    });
    expect(response.statusCode).toBe(400);
    const body = expectErrorShape(response);
    expect(body.error.code).toBe('invalid');
    expect(Object.keys(body.error.fields)).toEqual(expect.arrayContaining(['motivation', 'exclusionFactors', 'reasons']));
    expect(await countAssessments(darren.participantId)).toBe(before);
  });

  it('records a re-assessment as a new record and lists them newest first, each with its suggestion', async () => {
    const response = await facilitator.request('POST', `/api/v1/participants/${darren.participantId}/suitability-assessments`, {
      json: NOT_SUITABLE,
    });
    expect(response.statusCode, response.body).toBe(201);
    const saved = response.json<SuitabilityView>();
    notSuitableId = saved.id;
    expect(saved).toMatchObject({
      outcome: 'not_suitable',
      suggestion: { outcome: 'not_suitable', basis: 'Exclusion factor recorded: chaotic substance use' },
      departsFromSuggestion: false,
      riskLevel: null,
      reasons: REASONS_SECRET,
    });
    const list = await facilitator.get(`/api/v1/participants/${darren.participantId}/suitability-assessments`);
    expect(list.statusCode).toBe(200);
    const { assessments } = list.json<{ assessments: SuitabilityView[] }>();
    expect(assessments.map((a) => [a.assessedOn, a.outcome])).toEqual([
      ['2026-11-20', 'not_suitable'],
      ['2026-11-16', 'group_dapp'],
    ]);
    const one = await manager.get(`/api/v1/suitability-assessments/${notSuitableId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json<SuitabilityView>().acknowledgement.notes).toBe(NOTES_SECRET);
    const overview = await facilitator.get(`/participants/${darren.participantId}/assessment`);
    expect(overview.body).toMatch(/data-qa="suitability-latest"[\s\S]*Not suitable/);
  });

  it('tells each of his partners’ workers the outcome as a duty, in a sentence with no reasons or notes', async () => {
    const event = await t.database.db
      .selectFrom('participant_events')
      .select(['id', 'basic_summary'])
      .where('participant_id', '=', darren.participantId)
      .where('type', '=', 'assessment_outcome')
      .where('occurred_on', '=', '2026-11-20')
      .executeTakeFirstOrThrow();
    expect(event.basic_summary).toBe('Assessed as not suitable for the programme on 20 November 2026');
    const duties = await partnerWorker.get(`/api/v1/partner-cases/${darren.currentCaseId}/duties`);
    expect(duties.statusCode).toBe(200);
    expect(duties.json<Array<{ eventId: string; kind: string; whatToTell: string }>>()).toContainEqual(
      expect.objectContaining({
        eventId: event.id,
        kind: 'Assessment outcome',
        whatToTell: 'Assessed as not suitable for the programme on 20 November 2026',
      }),
    );
    const page = await partnerWorker.get(`/partner-cases/${darren.currentCaseId}/tab/support`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /data-qa="duties-outstanding"[\s\S]*Assessed as not suitable for the programme on 20 November 2026/,
    );
    const exCase = await manager.get(`/api/v1/partner-cases/${darren.exCaseId}/duties`);
    expect(exCase.body).toContain('Assessed as not suitable for the programme on 20 November 2026');
    for (const body of [duties.body, page.body, exCase.body]) {
      expect(body).not.toContain(REASONS_SECRET);
      expect(body).not.toContain(NOTES_SECRET);
      expect(body).not.toContain('Daily heavy drinking');
    }
  });

  it('matches against his latest risk assessment: high risk suggests high-harm case management', async () => {
    await addRiskAssessment(darren.participantId, 1, 'medium');
    await addRiskAssessment(darren.participantId, 2, 'very_high');
    const form = await facilitator.get(`/participants/${darren.participantId}/suitability/new`);
    expect(form.body).toContain('the participant’s risk (latest risk assessment: very high risk)');
    const url = `/api/v1/participants/${darren.participantId}/suitability-assessments`;
    const group = { ...NOT_SUITABLE, assessedOn: '2026-11-21', exclusionFactors: [], outcome: 'group_dapp' };
    const short = await facilitator.request('POST', url, { json: { ...group, reasons: 'Probation wants it.' } });
    expect(short.statusCode).toBe(400);
    expect(expectErrorShape(short).error.fields.reasons).toMatch(/^The suggested outcome is high-harm case management/);
    const explained = await facilitator.request('POST', url, {
      json: { ...group, reasons: 'The court order requires a group programme; high-harm work runs alongside it.' },
    });
    expect(explained.statusCode, explained.body).toBe(201);
    expect(explained.json<SuitabilityView>()).toMatchObject({
      riskLevel: 'very_high',
      suggestion: { outcome: 'high_harm' },
      departsFromSuggestion: true,
    });
    // Earlier assessments keep the risk they were matched against.
    const earlier = await facilitator.get(`/api/v1/suitability-assessments/${notSuitableId}`);
    expect(earlier.json<SuitabilityView>().riskLevel).toBeNull();
    const record = await facilitator.get(
      `/participants/${darren.participantId}/suitability/${explained.json<SuitabilityView>().id}`,
    );
    expect(record.body).toContain('data-qa="departs"');
  });
});
