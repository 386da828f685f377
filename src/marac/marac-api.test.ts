import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectHandled, oddBodies, oddText } from '../../test/fixtures/assertions.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/* MARAC in the API: documented, and no input at all makes it fail with a 500. */
let t: TestApp;
let org: TestOrganisation;
let caseId: string;
let partnerWorker: TestClient;
let manager: TestClient;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Oddbury');
  caseId = (await createCaseWithPartners(t.database.db, org, 'O')).exCaseId;
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
});
afterAll(async () => t?.close());

describe('the MARAC API', () => {
  it('the OpenAPI document describes the MARAC endpoints', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(document.paths[`/api/v1${path}`] ?? {}).sort();
    expect(methods('/partner-cases/{id}/marac-referrals')).toEqual(['get', 'post']);
    expect(methods('/marac-referrals/{id}')).toEqual(['get']);
    expect(methods('/marac-referrals/{id}/outcome')).toEqual(['post']);
    expect(methods('/marac-meetings')).toEqual(['get']);
  });

  it('no body makes a referral or an outcome fail with a 500', async () => {
    const valid = {
      referredOn: '2026-03-01',
      area: 'Oddbury',
      professionalJudgement: true,
      judgementReasons: 'Threats to kill',
      policeCalloutsPastYear: 1,
      safeToCall: true,
      sheKnows: true,
      sheConsents: false,
      noConsentReason: 'Afraid of him finding out',
      dashAssessmentId: null,
      maracMeetingId: null,
    };
    const first = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/marac-referrals`, { json: valid });
    expect(first.statusCode).toBe(201);
    const referralId = first.json<{ id: string }>().id;
    await fc.assert(
      fc.asyncProperty(oddBodies(valid), async (json) => {
        const posted = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/marac-referrals`, { json });
        expectHandled(posted, `POST ${JSON.stringify(json)}`);
        const outcome = await partnerWorker.request('POST', `/api/v1/marac-referrals/${referralId}/outcome`, { json });
        expectHandled(outcome, `outcome ${JSON.stringify(json)}`);
      }),
      { numRuns: 40 },
    );
  });

  it('no text in the forms or the area filter makes a page fail with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(oddText, oddText, async (area, reasons) => {
        const form = await partnerWorker.submit(`/partner-cases/${caseId}/marac`, {
          area,
          professionalJudgement: 'yes',
          judgementReasons: reasons,
          policeCalloutsPastYear: reasons,
          'referredOn-day': area,
          safeToCall: area,
        });
        expect(form.statusCode, form.body.slice(0, 200)).toBeLessThan(500);
        const meeting = await manager.submit('/marac/meetings', {
          area,
          'meetsOn-day': reasons,
          'meetsOn-month': '1',
          'meetsOn-year': '2031',
        });
        expect(meeting.statusCode).toBeLessThan(500);
        const list = await manager.get(`/marac?${new URLSearchParams({ area }).toString()}`);
        expect(list.statusCode).toBeLessThan(500);
        const api = await manager.get(`/api/v1/marac-meetings?${new URLSearchParams({ area }).toString()}`);
        expectHandled(api, `meetings ${area}`);
      }),
      { numRuns: 25 },
    );
  });
});
