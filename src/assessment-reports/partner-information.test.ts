import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { auditCount as countAudit } from '../../test/fixtures/audit-events.js';
import { expectFieldError } from '../../test/fixtures/assertions.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import { NO_PARTNER_INFORMATION } from './pdf.js';
import { insertAssessments, insertDash, pdfWords, words } from './report-test-helpers.js';
import { ZReportInput } from './schemas.js';
import { AssessmentReportService } from './service.js';

/*
 * Information from the partner support service in his assessment report (issue 6, point 6): only
 * management adds it, each piece a share in the ledger (outside, from her case, to the report's
 * recipient, with its basis) and its link to the report, in one transaction. Management's page,
 * PDF and JSON carry it; his side's never do, nor show that there is any.
 */
let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let facilitator: TestClient;
let manager: TestClient;
let reportId: string;

const DASH_COMMENT = 'DASH comment: he put his hands round her neck in the kitchen on 2 November';
const DASH_VIEW = 'She believes he will kill her if she leaves for good';
const SHARED = 'Information from her worker: she reports no incidents since October and consents to this being shared';

const base = () => `/participants/${known.participantId}/assessment-reports`;

beforeAll(async () => {
  ({ t, org, known, facilitator, manager } = await caseTeam('Hollowmere', 'Q'));
  const his = actorOf(org, 'perpetrator');
  const { riskId } = await insertAssessments(t.database.db, his, known.participantId, {
    reasons: 'He wants to change for his daughter',
    summary: 'Repeated physical violence when drinking',
    plan: 'Weekly group sessions',
    evidence: 'Police call-out in March',
  });
  await insertDash(t.database.db, actorOf(org, 'partner'), known.currentCaseId, { comment: DASH_COMMENT, view: DASH_VIEW });
  reportId = await new AssessmentReportService(t.database.db).write(
    his,
    known.participantId,
    ZReportInput.parse({
      recipientKind: 'childrens_services',
      recipient: 'Northbridge children’s services',
      purpose: 'Child protection conference',
      riskAssessmentId: riskId,
      findings: 'Findings of the assessment',
      recommendations: 'Weekly group sessions',
    }),
    { ip: '127.0.0.1' },
  );
});
afterAll(async () => t?.close());

function expectNoPartnerText(text: string): void {
  for (const secret of [...known.personal, DASH_COMMENT, DASH_VIEW, SHARED]) {
    expect(text, `partner-side text in his side's output: ${secret}`).not.toContain(words(secret));
  }
}

const auditCount = (action: string, recordId: string) => countAudit(t, action, recordId);

describe('information from the partner support service', () => {
  const url = () => `${base()}/${reportId}/partner-information`;
  const shareCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('assessment_report_partner_shares')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('assessment_report_id', '=', reportId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the facilitator cannot add any (404), and nothing is written', async () => {
    const response = await facilitator.submit(url(), {
      partnerCaseId: known.currentCaseId,
      information: SHARED,
      basis: 'consent',
      reason: 'She asked',
    });
    expect(response.statusCode).toBe(404);
    expect(await shareCount()).toBe(0);
  });

  it('management sees the form with his partners’ cases; bad input is refused beside the fields and nothing is written', async () => {
    const page = await manager.get(`${base()}/${reportId}`);
    expect(page.body).toContain('Add information from the partner support service');
    expect(page.body).toContain(`<option value="${known.currentCaseId}"`);
    expect(page.body).toContain(`<option value="${known.exCaseId}"`);
    // Reading her name and reference for the choice is a partner-side read, audited.
    const listed = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'partner_case.listed')
      .where('actor_user_id', '=', org.users.management.id)
      .where('record_id', '=', known.participantId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(listed.details).toMatchObject({ purpose: 'assessment_report' });
    expect(await auditCount('assessment.report_viewed', reportId)).toBeGreaterThan(0);
    const bad = await manager.submit(url(), { partnerCaseId: '', information: '', basis: 'attendance_only', reason: '' });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'partnerCaseId', 'Select the partner case the information comes from');
    expectFieldError(bad.body, 'information', 'Enter the information to include');
    expectFieldError(bad.body, 'basis', 'Select the basis for sharing it');
    // A partner case of another man is not one of his.
    const stranger = { id: (await createCaseWithPartners(t.database.db, org, 'R')).currentCaseId };
    const notHis = await manager.submit(url(), {
      partnerCaseId: stranger.id,
      information: SHARED,
      basis: 'consent',
      reason: 'She asked',
    });
    expect(notHis.statusCode).toBe(400);
    expectFieldError(notHis.body, 'partnerCaseId', 'Select one of this participant’s partners’ cases');
    expect(await shareCount()).toBe(0);
  });

  it('management adds a piece with her consent: one share in the ledger and its link, both audited', async () => {
    const response = await manager.submit(url(), {
      partnerCaseId: known.currentCaseId,
      information: SHARED,
      basis: 'consent',
      reason: 'She agreed at her session that the social worker may know',
    });
    expect(response.statusCode).toBe(303);
    const share = await t.database.db
      .selectFrom('shares')
      .innerJoin('assessment_report_partner_shares as link', 'link.share_id', 'shares.id')
      .select(['shares.id', 'direction', 'origin_side', 'participant_id', 'partner_case_id', 'recipient', 'basis', 'shared_by'])
      .where('link.assessment_report_id', '=', reportId)
      .executeTakeFirstOrThrow();
    expect(share).toMatchObject({
      direction: 'outside',
      origin_side: 'partner',
      participant_id: known.participantId,
      partner_case_id: known.currentCaseId,
      recipient: 'Northbridge children’s services',
      basis: 'consent',
      shared_by: org.users.management.id,
    });
    expect(await auditCount('share.recorded', share.id)).toBe(1);
    expect(await auditCount('assessment.report_partner_information_added', reportId)).toBe(1);
  });

  it('the manager’s PDF and page carry it with its basis; the facilitator’s still do not, nor that there is any', async () => {
    const managerPdf = await pdfWords((await manager.get(`${base()}/${reportId}.pdf`)).rawPayload);
    expect(managerPdf).toContain(words(SHARED));
    expect(managerPdf).toMatch(/Shared on \d{1,2} \w+ \d{4} on the basis of: the partner’s consent/);
    expect(managerPdf).toContain('Share recorded by Hollowmere management worker');
    expect(managerPdf).not.toContain(NO_PARTNER_INFORMATION);
    expect((await manager.get(`${base()}/${reportId}`)).body).toContain(SHARED);

    const facilitatorPdf = await pdfWords((await facilitator.get(`${base()}/${reportId}.pdf`)).rawPayload);
    expect(facilitatorPdf).toContain(NO_PARTNER_INFORMATION);
    expectNoPartnerText(facilitatorPdf);
    expect(facilitatorPdf).not.toContain('the partner’s consent');
    const page = await facilitator.get(`${base()}/${reportId}`);
    expectNoPartnerText(page.body);
    const json = await facilitator.get(`/api/v1/assessment-reports/${reportId}`);
    expect(json.statusCode).toBe(200);
    expect(json.json<{ partnerInformation: unknown[] }>().partnerInformation).toEqual([]);
    expectNoPartnerText(json.body);
    // The download audit says how many partner-side pieces each reader was given.
    const audits = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'assessment.report_downloaded')
      .where('record_id', '=', reportId)
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(audits.map((a) => [a.actor_user_id, (a.details as { partnerInformation: number }).partnerInformation])).toEqual([
      [org.users.perpetrator.id, 0],
      [org.users.management.id, 1],
    ]);
  });
});

describe('the wall over every report route', () => {
  it('his side, walking every report page and endpoint with every id of his and hers, gets no error and nothing of hers', async () => {
    const ids = [known.participantId, known.currentCaseId, known.exCaseId, reportId];
    const token = await facilitator.csrfToken('/account');
    const routes = t.app.routeCatalogue.filter((r) => r.url.includes('assessment-report'));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const route of routes) {
      const params = route.url.match(/:[A-Za-z]+/g) ?? [];
      const urls = ids.flatMap((first) =>
        params.length > 1
          ? ids.map((second) => route.url.replace(params[0] ?? '', first).replace(params[1] ?? '', second))
          : [route.url.replace(params[0] ?? '', first)],
      );
      for (const url of urls.flatMap((u) => (u.endsWith(reportId) || ids.some((id) => u.endsWith(id)) ? [u, `${u}.pdf`] : [u]))) {
        const response =
          route.method === 'GET'
            ? await facilitator.get(url)
            : url.startsWith('/api/')
              ? await facilitator.request('POST', url, {
                  json: { partnerCaseId: known.currentCaseId, information: 'x', basis: 'consent', reason: 'x' },
                })
              : await facilitator.request('POST', url, {
                  form: { _csrf: token, partnerCaseId: known.currentCaseId, information: 'x', basis: 'consent', reason: 'x' },
                });
        expect(response.statusCode, `${route.method} ${url}`).toBeLessThan(500);
        const body = response.headers['content-type']?.toString().startsWith('application/pdf')
          ? await pdfWords(response.rawPayload)
          : response.body;
        expectNoPartnerText(`${JSON.stringify(response.headers)}\n${body}`);
        for (const id of [known.currentCaseId, known.exCaseId]) {
          expect(response.body, `${route.method} ${url}`).not.toContain(id);
        }
      }
    }
    const links = await t.database.db
      .selectFrom('assessment_report_partner_shares')
      .select('share_id')
      .where('assessment_report_id', '=', reportId)
      .execute();
    expect(links).toHaveLength(1);
  });
});
