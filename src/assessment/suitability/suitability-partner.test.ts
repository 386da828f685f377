import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/fixtures/app.js';
import { actorOf } from '../../../test/fixtures/cases.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import { withActor } from '../../db/database.js';
import {
  GROUP_FORM,
  NOT_SUITABLE,
  NOTES_SECRET,
  REASONS_SECRET,
  countAssessments as countOf,
  setUpSuitabilityTest,
  type SuitabilityTest,
} from './suitability-test-setup.js';

/*
 * His suitability assessment (issue 6, point 1) from the partner side and at addresses that are not
 * his: the partner side never reads the assessment. Recording it: suitability.test.ts.
 */

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let darren: SuitabilityTest['darren'];
let other: SuitabilityTest['other'];

const countAssessments = (participantId: string) => countOf(t, participantId);

beforeAll(async () => {
  ({ t, org, facilitator, partnerWorker, darren, other } = await setUpSuitabilityTest());
  // His side has recorded an assessment, with reasons and notes the partner side must never read.
  const recorded = await facilitator.request('POST', `/api/v1/participants/${darren.participantId}/suitability-assessments`, {
    json: NOT_SUITABLE,
  });
  if (recorded.statusCode !== 201) {
    throw new Error(`recording the assessment answered ${recorded.statusCode}: ${recorded.body}`);
  }
});
afterAll(async () => t?.close());

describe('the partner side and other addresses', () => {
  it('refuses the partner side every page and endpoint, and writes nothing', async () => {
    const id = (
      await t.database.db
        .selectFrom('suitability_assessments')
        .select('id')
        .where('participant_id', '=', darren.participantId)
        .executeTakeFirstOrThrow()
    ).id;
    const before = await countAssessments(darren.participantId);
    for (const url of [
      `/participants/${darren.participantId}/assessment`,
      `/participants/${darren.participantId}/suitability/new`,
      `/participants/${darren.participantId}/suitability/${id}`,
      `/api/v1/participants/${darren.participantId}/suitability-assessments`,
      `/api/v1/suitability-assessments/${id}`,
    ]) {
      const response = await partnerWorker.get(url);
      expect([403, 404], url).toContain(response.statusCode);
      expect(response.body).not.toContain(REASONS_SECRET);
      expect(response.body).not.toContain(NOTES_SECRET);
    }
    const api = await partnerWorker.request('POST', `/api/v1/participants/${darren.participantId}/suitability-assessments`, {
      json: NOT_SUITABLE,
    });
    expect(api.statusCode).toBe(403);
    const page = await partnerWorker.submit(`/participants/${darren.participantId}/suitability`, { ...GROUP_FORM });
    expect(page.statusCode).toBe(403);
    expect(await countAssessments(darren.participantId)).toBe(before);
    // Row-level security holds on its own: the partner side's database role reads no row.
    const rows = await withActor(t.database.db, actorOf(org, 'partner'), (trx) =>
      trx.selectFrom('suitability_assessments').select('id').execute(),
    );
    expect(rows).toEqual([]);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const response = await facilitator.get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/participants/{id}/suitability-assessments', '/api/v1/suitability-assessments/{id}']),
    );
  });

  it('asks to sign in without a session', async () => {
    const response = await t.client().get(`/api/v1/participants/${darren.participantId}/suitability-assessments`);
    expect(response.statusCode).toBe(401);
  });

  it('answers not found for an assessment under another participant or a malformed address', async () => {
    const id = (
      await t.database.db
        .selectFrom('suitability_assessments')
        .select('id')
        .where('participant_id', '=', darren.participantId)
        .executeTakeFirstOrThrow()
    ).id;
    expect((await facilitator.get(`/participants/${other.participantId}/suitability/${id}`)).statusCode).toBe(404);
    expect((await facilitator.get(`/participants/${darren.participantId}/suitability/not-an-id`)).statusCode).toBe(404);
    expect((await facilitator.get('/api/v1/suitability-assessments/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
