import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { auditCount as countAudit } from '../../test/fixtures/audit-events.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import { NO_PARTNER_INFORMATION } from './pdf.js';
import { insertAssessments, insertDash, pdfWords, words } from './report-test-helpers.js';

/*
 * The assessment report for the referrer (issue 6, point 6): written by his side from his
 * assessments, downloaded as PDF (audited every time), never rewritten. Partner-side information
 * enters only through the share ledger, added by management; his side's PDF never holds it.
 */
let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let facilitator: TestClient;
let partnerWorker: TestClient;
let assessments: { suitabilityId: string; riskId: string };
let reportId: string;

const REASONS = 'He accepts some of the abuse and wants to change for his daughter';
const SUMMARY = 'Repeated physical violence when drinking, escalating since the separation';
const PLAN = 'Weekly group sessions; monthly review with children’s services; no unsupervised contact';
const EVIDENCE = 'Police call-out in March after he pushed her down the stairs';
const DASH_COMMENT = 'DASH comment: he put his hands round her neck in the kitchen on 2 November';
const DASH_VIEW = 'She believes he will kill her if she leaves for good';
const FINDINGS_EDIT = 'The assessor adds: his account minimises the violence the police recorded.';

const base = () => `/participants/${known.participantId}/assessment-reports`;

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker } = await caseTeam('Hollowmere', 'H'));
  assessments = await insertAssessments(t.database.db, actorOf(org, 'perpetrator'), known.participantId, {
    reasons: REASONS,
    summary: SUMMARY,
    plan: PLAN,
    evidence: EVIDENCE,
  });
  await insertDash(t.database.db, actorOf(org, 'partner'), known.currentCaseId, { comment: DASH_COMMENT, view: DASH_VIEW });
});
afterAll(async () => t?.close());

/** Everything partner-side that must never reach his side: the fixture's secrets and the DASH. */
const partnerSecrets = () => [...known.personal, DASH_COMMENT, DASH_VIEW];

function expectNoPartnerText(text: string): void {
  for (const secret of partnerSecrets()) {
    expect(text, `partner-side text in his side's output: ${secret}`).not.toContain(words(secret));
  }
}

const reportCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('assessment_reports')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('participant_id', '=', known.participantId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const auditCount = (action: string, recordId: string) => countAudit(t, action, recordId);

describe('writing a report', () => {
  it('the form is pre-filled from the latest suitability and risk assessments', async () => {
    const page = await facilitator.get(`${base()}/new`);
    expect(page.statusCode).toBe(200);
    for (const text of [REASONS, SUMMARY, EVIDENCE, PLAN, 'Group domestic abuse perpetrator programme', 'overall risk high']) {
      expect(page.body).toContain(text);
    }
    expect(page.body).toContain('Physical violence: High.');
    expect(page.body).toMatch(new RegExp(`<option value="${assessments.riskId}" selected`));
    // Choosing no risk assessment pre-fills from the suitability assessment alone.
    const suitabilityOnly = await facilitator.get(
      `${base()}/new?suitabilityAssessmentId=${assessments.suitabilityId}&riskAssessmentId=`,
    );
    expect(suitabilityOnly.body).toContain(REASONS);
    expect(suitabilityOnly.body).not.toContain(SUMMARY);
    expect(suitabilityOnly.body).toContain('Intervention: Group domestic abuse perpetrator programme (DAPP).');
  });

  it('bad input is refused beside the fields (400) and nothing is written, by form or API', async () => {
    const response = await facilitator.submit(`${base()}/new`, {
      recipientKind: 'court',
      recipient: '',
      purpose: 'Pre-sentence report request',
      suitabilityAssessmentId: '',
      riskAssessmentId: '',
      findings: 'Findings typed',
      recommendations: '',
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'recipient', 'Enter the name of the recipient');
    expectFieldError(response.body, 'recommendations', 'Enter the recommendations');
    expectFieldError(
      response.body,
      'suitabilityAssessmentId',
      'Select the suitability assessment or the risk assessment the report draws on',
    );
    expect(response.body).toContain('Findings typed');
    const api = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/assessment-reports`, {
      json: { recipientKind: 'judge', recipient: 'x', purpose: 'y', findings: 'z', recommendations: 'w' },
    });
    expect(api.statusCode).toBe(400);
    expect(Object.keys(expectErrorShape(api).error.fields)).toEqual(['recipientKind']);
    const noAssessment = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/assessment-reports`, {
      json: { recipientKind: 'court', recipient: 'x', purpose: 'y', findings: 'z', recommendations: 'w' },
    });
    expect(noAssessment.statusCode).toBe(400);
    expect(expectErrorShape(noAssessment).error.fields).toEqual({
      suitabilityAssessmentId: 'Select the suitability assessment or the risk assessment the report draws on',
    });
    // Another man's assessment cannot be drawn on.
    const other = await createCaseWithPartners(t.database.db, org, 'O');
    const theirs = await insertAssessments(t.database.db, actorOf(org, 'perpetrator'), other.participantId, {
      reasons: 'r',
      summary: 's',
      plan: 'p',
      evidence: 'e',
    });
    const wrong = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/assessment-reports`, {
      json: {
        recipientKind: 'court',
        recipient: 'x',
        purpose: 'y',
        riskAssessmentId: theirs.riskId,
        findings: 'z',
        recommendations: 'w',
      },
    });
    expect(wrong.statusCode).toBe(400);
    expect(expectErrorShape(wrong).error.fields.riskAssessmentId).toBe('Select one of this participant’s risk assessments');
    expect(await reportCount()).toBe(0);
  });

  it('the facilitator saves a report; it is audited and listed', async () => {
    const draft = await facilitator.get(`${base()}/new`);
    const findings = /<textarea[^>]*name="findings"[^>]*>([\s\S]*?)<\/textarea>/.exec(draft.body)?.[1] ?? '';
    const response = await facilitator.submit(`${base()}/new`, {
      recipientKind: 'childrens_services',
      recipient: 'Northbridge children’s services',
      purpose: 'Child protection conference',
      suitabilityAssessmentId: assessments.suitabilityId,
      riskAssessmentId: assessments.riskId,
      findings: `${findings.replace(/&#39;/g, "'").replace(/&amp;/g, '&')}\n\n${FINDINGS_EDIT}`,
      recommendations: PLAN,
    });
    expect(response.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('assessment_reports')
      .selectAll()
      .where('participant_id', '=', known.participantId)
      .executeTakeFirstOrThrow();
    reportId = row.id;
    expect(response.headers.location).toBe(`${base()}/${reportId}?written=1`);
    expect(row).toMatchObject({
      recipient_kind: 'childrens_services',
      suitability_assessment_id: assessments.suitabilityId,
      risk_assessment_id: assessments.riskId,
      written_by: org.users.perpetrator.id,
    });
    expect(row.findings).toContain(FINDINGS_EDIT);
    expect(await auditCount('assessment.report_written', reportId)).toBe(1);
    const list = await facilitator.get(base());
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Child protection conference');
    expect(list.body).toContain(`${base()}/${reportId}`);
  });
});

describe('the report and its PDF on his side', () => {
  it('the report page shows the sections and "None" for partner information, and no partner-side text', async () => {
    const page = await facilitator.get(`${base()}/${reportId}`);
    expect(page.statusCode).toBe(200);
    for (const text of [
      known.hisName,
      'Child protection conference',
      FINDINGS_EDIT,
      EVIDENCE,
      NO_PARTNER_INFORMATION,
      'Download as PDF',
    ]) {
      expect(page.body).toContain(text);
    }
    expect(page.body).not.toContain('Add information from the partner support service');
    expect(page.body).toContain(`href="${base()}/new" data-qa="corrected-report"`);
    expectNoPartnerText(page.body);
  });

  it('the PDF downloads as an attachment with a neutral name, holds the report, no partner-side text, and is audited each time', async () => {
    const before = await auditCount('assessment.report_downloaded', reportId);
    const response = await facilitator.get(`${base()}/${reportId}.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('no-store');
    const reference = await t.database.db
      .selectFrom('participants')
      .select('reference')
      .where('id', '=', known.participantId)
      .executeTakeFirstOrThrow();
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="assessment-report-${reference.reference}-${today}.pdf"; filename*=UTF-8''assessment-report-${reference.reference}-${today}.pdf`,
    );
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfWords(response.rawPayload);
    for (const expected of [
      'Hollowmere DVPP',
      'Assessment report',
      known.hisName,
      '2 May 1984',
      reference.reference,
      'Northbridge children’s services',
      'Child protection conference',
      'Group domestic abuse perpetrator programme',
      'Partly acknowledges a problem. Accepts he shouted; denies pushing',
      REASONS,
      'Overall level: High',
      'Physical violence: High',
      EVIDENCE,
      'Use of weapons or objects: None',
      SUMMARY,
      FINDINGS_EDIT,
      PLAN,
      'Information from the partner support service',
      NO_PARTNER_INFORMATION,
    ]) {
      expect(text).toContain(words(expected));
    }
    expectNoPartnerText(text);
    await facilitator.get(`/api/v1/assessment-reports/${reportId}/pdf`);
    expect(await auditCount('assessment.report_downloaded', reportId)).toBe(before + 2);
  });

  it('the partner worker is refused (403) everywhere; a report id under another man is not found', async () => {
    for (const url of [base(), `${base()}/new`, `${base()}/${reportId}`, `${base()}/${reportId}.pdf`]) {
      expect((await partnerWorker.get(url)).statusCode, url).toBe(403);
    }
    for (const url of [
      `/api/v1/participants/${known.participantId}/assessment-reports`,
      `/api/v1/assessment-reports/${reportId}`,
      `/api/v1/assessment-reports/${reportId}/pdf`,
    ]) {
      const response = await partnerWorker.get(url);
      expect(response.statusCode, url).toBe(403);
      expectErrorShape(response);
    }
    const other = await t.database.db
      .selectFrom('participants')
      .select('id')
      .where('id', '!=', known.participantId)
      .executeTakeFirstOrThrow();
    expect((await facilitator.get(`/participants/${other.id}/assessment-reports/${reportId}`)).statusCode).toBe(404);
    expect((await facilitator.get(`${base()}/not-a-report.pdf`)).statusCode).toBe(404);
  });

  it('his case page links to the reports for his side, not for the partner side', async () => {
    expect((await facilitator.get(`/participants/${known.participantId}/documents`)).body).toContain(
      'data-qa="assessment-reports"',
    );
    expect((await partnerWorker.get(`/participants/${known.participantId}/documents`)).body).not.toContain(
      'data-qa="assessment-reports"',
    );
  });
});
