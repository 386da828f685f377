import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape } from '../../test/fixtures/assertions.js';
import { actorOf } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { ZParticipantInput } from '../participants/schemas.js';
import { ParticipantService } from '../participants/service.js';
import { NO_PARTNER_INFORMATION } from './pdf.js';
import { pdfText } from './pdf-text.js';
import type { ReportView } from './presenters.js';
import { insertAssessments, pdfWords } from './report-test-helpers.js';

/*
 * The PDF's text: names with accents print (or lose only the accent Helvetica lacks), long reports
 * run over pages, and a man with no assessment yet gets a clear message instead of a report.
 */
describe('text for the PDF’s standard font', () => {
  it('keeps what WinAnsi holds, takes off accents it lacks, and replaces or drops the rest', () => {
    expect(pdfText('Zoë Ñúñez “quoted” – 20 €')).toBe('Zoë Ñúñez “quoted” – 20 €');
    expect(pdfText('Łukasiewicz Dvořák Đorđević Şahin')).toBe('Lukasiewicz Dvorák Dordevic Sahin');
    expect(pdfText('Привет 🙂')).toBe('?????? ?');
    expect(pdfText('a\u0000b\u202Ec\uFEFFd\r\ne\tf')).toBe('abcd\ne f');
  });
});

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let accentedId: string;
let unassessedId: string;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fernbrake');
  const participants = new ParticipantService(t.database.db);
  const manager = actorOf(org, 'management');
  const origin = { ip: '127.0.0.1' };
  accentedId = await participants.create(
    manager,
    ZParticipantInput.parse({ givenName: 'Zoë', familyName: 'Łukasiewicz-Ñúñez', status: 'active' }),
    origin,
  );
  unassessedId = await participants.create(
    manager,
    ZParticipantInput.parse({ givenName: 'Idris', familyName: 'Unassessed', status: 'referred' }),
    origin,
  );
  await insertAssessments(t.database.db, actorOf(org, 'perpetrator'), accentedId, {
    reasons: 'Motivated by contact with his son',
    summary: 'Controlling behaviour over money',
    plan: 'Group programme and monthly review',
    evidence: 'Pushed her during an argument in 2025',
  });
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
});
afterAll(async () => t?.close());

describe('a report through the API, with an accented name and a long text', () => {
  it('is written (201), read as JSON, and its PDF prints the name and runs over pages', async () => {
    const draft = await facilitator.get(`/participants/${accentedId}/assessment-reports/new`);
    const riskId = /<option value="([0-9a-f-]{36})" selected>Version 1/.exec(draft.body)?.[1];
    expect(riskId).toBeDefined();
    const longFindings = Array.from(
      { length: 120 },
      (_, i) => `Paragraph ${i + 1} of the analysis: his account 🙂 differs from the record.`,
    ).join('\n\n');
    const created = await facilitator.request('POST', `/api/v1/participants/${accentedId}/assessment-reports`, {
      json: {
        recipientKind: 'probation',
        recipient: 'Fernbrake probation délivery unit',
        purpose: 'Pre-sentence report request',
        riskAssessmentId: riskId,
        findings: longFindings,
        recommendations: 'Group programme; review in three months',
      },
    });
    expect(created.statusCode).toBe(201);
    const report = created.json<ReportView>();
    expect(report.participant.name).toBe('Zoë Łukasiewicz-Ñúñez');
    expect(report.suitability).toBeNull();
    expect(report.risk?.overallLevelLabel).toBe('High');
    expect(report.partnerInformation).toEqual([]);
    const list = await facilitator.get(`/api/v1/participants/${accentedId}/assessment-reports`);
    expect(list.json<Array<{ id: string }>>().map((r) => r.id)).toEqual([report.id]);

    const pdf = await facilitator.get(`/api/v1/assessment-reports/${report.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="assessment-report-PA-\d+-\d{4}-\d{2}-\d{2}\.pdf"/);
    const text = await pdfWords(pdf.rawPayload);
    expect(text).toContain('Zoë Lukasiewicz-Ñúñez');
    expect(text).toContain('Fernbrake probation délivery unit (Probation)');
    expect(text).toContain('This report does not draw on a suitability assessment.');
    expect(text).toContain('Paragraph 120 of the analysis: his account ? differs from the record.');
    expect(text).toContain('Date of birth: Not recorded');
    expect(text).toContain(NO_PARTNER_INFORMATION);
    expect(text).toMatch(/Page 3 of \d+/);
  });

  it('a report is never rewritten: there is no way to change or delete one', async () => {
    const [row] = await t.database.db
      .selectFrom('assessment_reports')
      .select('id')
      .where('participant_id', '=', accentedId)
      .execute();
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      expect((await facilitator.request(method, `/api/v1/assessment-reports/${row?.id}`, { json: {} })).statusCode).toBe(404);
    }
  });

  it('the API document lists the endpoints', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(document.paths[`/api/v1${path}`] ?? {}).sort();
    expect(methods('/participants/{id}/assessment-reports')).toEqual(['get', 'post']);
    expect(methods('/assessment-reports/{id}')).toEqual(['get']);
    expect(methods('/assessment-reports/{id}/pdf')).toEqual(['get']);
  });

  it('signed out, the API answers 401 and the page sends to sign in', async () => {
    const anonymous = t.client();
    expect((await anonymous.get(`/api/v1/participants/${accentedId}/assessment-reports`)).statusCode).toBe(401);
    const page = await anonymous.get(`/participants/${accentedId}/assessment-reports`);
    expect([302, 303]).toContain(page.statusCode);
  });
});

describe('a man with no assessment yet', () => {
  it('the form says so instead of offering a report, and saving is refused with nothing written', async () => {
    const page = await facilitator.get(`/participants/${unassessedId}/assessment-reports/new`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="no-assessments"');
    expect(page.body).not.toContain('data-qa="report-form"');
    const posted = await facilitator.submit(`/participants/${unassessedId}/assessment-reports/new`, {
      recipientKind: 'court',
      recipient: 'Fernbrake Magistrates',
      purpose: 'Pre-sentence report request',
      findings: 'x',
      recommendations: 'y',
    });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('Record a suitability or risk assessment before writing a report');
    const api = await facilitator.request('POST', `/api/v1/participants/${unassessedId}/assessment-reports`, {
      json: { recipientKind: 'court', recipient: 'x', purpose: 'y', findings: 'z', recommendations: 'w' },
    });
    expect(api.statusCode).toBe(400);
    expectErrorShape(api);
    const written = await t.database.db
      .selectFrom('assessment_reports')
      .select('id')
      .where('participant_id', '=', unassessedId)
      .execute();
    expect(written).toEqual([]);
    // The list page still answers, empty.
    expect((await facilitator.get(`/participants/${unassessedId}/assessment-reports`)).body).toContain(
      'No assessment report has been written',
    );
  });
});
