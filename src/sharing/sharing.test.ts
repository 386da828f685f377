import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError, expectHandled, oddBodies } from '../../test/fixtures/assertions.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';

let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let partnerWorker: TestClient;
let facilitator: TestClient;

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker } = await caseTeam('Kestrelford', 'K'));
});
afterAll(async () => t?.close());

async function shareCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('shares')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The share createCaseWithPartners records from her case: her account, to children's services. */
const HER_SHARE = 'Shared K: her account of the Friday incident';

const outsideAttendance = {
  direction: 'outside',
  recipient: 'Wrenfield Primary School safeguarding lead',
  information: 'She has attended four support sessions since March',
  basis: 'attendance_only',
  reason: 'The school asked whether she is in touch with a support service',
};

describe('a share from her case', () => {
  it('an outside share of attendance only is recorded, listed on her ledger and audited', async () => {
    const before = await shareCount();
    const response = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/shares`, outsideAttendance);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/partner-cases/${known.currentCaseId}/shares?saved=1`);
    expect(await shareCount()).toBe(before + 1);

    const ledger = await partnerWorker.get(response.headers.location ?? '');
    expect(ledger.statusCode).toBe(200);
    expect(ledger.body).toContain('The share has been recorded');
    expect(ledger.body).toContain('Wrenfield Primary School safeguarding lead');
    expect(ledger.body).toContain('She has attended four support sessions since March');
    expect(ledger.body).toContain('Attendance only');
    expect(ledger.body).toContain('Kestrelford partner worker');
    expect(ledger.body).toContain(HER_SHARE);

    const share = await t.database.db
      .selectFrom('shares')
      .select(['id', 'origin_side', 'partner_case_id', 'participant_id', 'shared_by', 'basis', 'direction'])
      .where('recipient', '=', outsideAttendance.recipient)
      .executeTakeFirstOrThrow();
    expect(share).toMatchObject({
      origin_side: 'partner',
      partner_case_id: known.currentCaseId,
      participant_id: known.participantId,
      shared_by: org.users.partner.id,
      basis: 'attendance_only',
      direction: 'outside',
    });
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'share.recorded')
      .where('record_id', '=', share.id)
      .execute();
    expect(audit).toEqual([
      {
        actor_user_id: org.users.partner.id,
        details: expect.objectContaining({ subject: 'partnerCase', direction: 'outside', basis: 'attendance_only' }),
      },
    ]);
  });

  it('an outside share may not rest on "safety": a field error on the basis, and nothing recorded', async () => {
    const before = await shareCount();
    const response = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/shares`, {
      ...outsideAttendance,
      basis: 'safety',
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(
      response.body,
      'basis',
      'This share can rest only on: with the partner’s recorded consent; at the partner’s own request; a concern for a child’s safety; high risk of harm to the partner; attendance only',
    );
    // The form keeps what the worker typed.
    expect(response.body).toContain('She has attended four support sessions since March');
    expect(await shareCount()).toBe(before);
  });

  it('a share from her case may not go "to the partner support service": a field error on the direction', async () => {
    const before = await shareCount();
    const response = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/shares`, {
      ...outsideAttendance,
      direction: 'perpetrator_to_partner',
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(
      response.body,
      'direction',
      'From a partner case, choose the perpetrator programme team or an outside agency',
    );
    expect(await shareCount()).toBe(before);
  });

  it.each([
    ['no recipient', { recipient: '  ' }, 'recipient', 'Enter who received it (the team, agency or person)'],
    ['no reason', { reason: '' }, 'reason', 'Enter the reason for sharing'],
    ['no basis', { basis: '' }, 'basis', 'Select the basis for sharing'],
  ])('refuses %s with the field message', async (_what, overrides, field, message) => {
    const before = await shareCount();
    const response = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/shares`, {
      ...outsideAttendance,
      ...overrides,
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    expect(await shareCount()).toBe(before);
  });

  it('the API refuses the same with the field in the error', async () => {
    const before = await shareCount();
    const basis = await partnerWorker.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/shares`, {
      json: { ...outsideAttendance, basis: 'safety' },
    });
    expect(basis.statusCode).toBe(400);
    expect(expectErrorShape(basis)).toMatchObject({
      error: { code: 'invalid', message: 'Check the basis for sharing', fields: { basis: expect.stringContaining('consent') } },
    });
    const direction = await partnerWorker.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/shares`, {
      json: { ...outsideAttendance, direction: 'perpetrator_to_partner' },
    });
    expect(direction.statusCode).toBe(400);
    expect(Object.keys(expectErrorShape(direction).error.fields)).toEqual(['direction']);
    expect(await shareCount()).toBe(before);
  });

  it('a facilitator can neither see nor add to her ledger: not found, and nothing recorded', async () => {
    const before = await shareCount();
    const page = await facilitator.get(`/partner-cases/${known.currentCaseId}/shares`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain(HER_SHARE);
    const post = await facilitator.submit(`/partner-cases/${known.currentCaseId}/shares`, outsideAttendance);
    expect(post.statusCode).toBe(404);
    const api = await facilitator.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/shares`, {
      json: outsideAttendance,
    });
    expect(api.statusCode).toBe(404);
    expect(await shareCount()).toBe(before);
  });
});

describe('a share from his case', () => {
  const hisShare = {
    direction: 'perpetrator_to_partner',
    recipient: 'Kestrelford partner support service',
    information: 'He missed group on 9 April without explanation',
    basis: 'attendance_only',
    reason: 'Keeping his partner informed of his attendance',
  };

  it('a facilitator records it from his case, and his ledger never shows the shares made from her case', async () => {
    const before = await shareCount();
    const response = await facilitator.submit(`/participants/${known.participantId}/shares`, hisShare);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/participants/${known.participantId}/shares?saved=1`);
    expect(await shareCount()).toBe(before + 1);

    const ledger = await facilitator.get(`/participants/${known.participantId}/shares`);
    expect(ledger.statusCode).toBe(200);
    expect(ledger.body).toContain('He missed group on 9 April without explanation');
    expect(ledger.body).toContain('To the partner support service');
    expect(ledger.body).not.toContain(HER_SHARE);
    expect(ledger.body).not.toContain('Wrenfield Primary School');
    for (const secret of known.secrets) {
      expect(ledger.body).not.toContain(secret);
    }
    // Her worker's ledger warning is for the partner side only.
    expect(ledger.body).not.toContain('confidentiality is complete');

    const api = await facilitator.get(`/api/v1/participants/${known.participantId}/shares`);
    expect(api.statusCode).toBe(200);
    const entries = api.json<Array<{ information: string; basis: string }>>();
    expect(entries.map((entry) => entry.information)).toEqual(['He missed group on 9 April without explanation']);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'share.recorded')
      .where('actor_user_id', '=', org.users.perpetrator.id)
      .execute();
    expect(audit.map((row) => row.details)).toEqual([
      expect.objectContaining({ subject: 'participant', subjectId: known.participantId, direction: 'perpetrator_to_partner' }),
    ]);
  });

  it('a share from his case may not go "to the perpetrator programme team"', async () => {
    const before = await shareCount();
    const response = await facilitator.submit(`/participants/${known.participantId}/shares`, {
      ...hisShare,
      direction: 'partner_to_perpetrator',
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(
      response.body,
      'direction',
      'From the participant’s case, choose the partner support service or an outside agency',
    );
    expect(await shareCount()).toBe(before);
  });

  it('a partner worker may not record a share from his case', async () => {
    const before = await shareCount();
    const response = await partnerWorker.submit(`/participants/${known.participantId}/shares`, hisShare);
    expect(response.statusCode).toBe(403);
    expect(await shareCount()).toBe(before);
  });
});

describe('no input makes recording a share fail with a 500', () => {
  it('POST /api/v1/partner-cases/:id/shares with any JSON body', async () => {
    const bodies = oddBodies(outsideAttendance);
    await fc.assert(
      fc.asyncProperty(bodies, async (json) => {
        const response = await partnerWorker.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/shares`, { json });
        expectHandled(response, JSON.stringify(json));
      }),
      { numRuns: 60 },
    );
  });

  it('POST /partner-cases/:id/shares with any form fields', async () => {
    const token = await partnerWorker.csrfToken('/account');
    const bodies = oddBodies(outsideAttendance).map((body): Record<string, string> => {
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return {};
      }
      return Object.fromEntries(
        Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : (JSON.stringify(value) ?? '')]),
      );
    });
    await fc.assert(
      fc.asyncProperty(bodies, async (form) => {
        const response = await partnerWorker.request('POST', `/partner-cases/${known.currentCaseId}/shares`, {
          form: { ...form, _csrf: token },
        });
        expect([303, 400], `${JSON.stringify(form)} -> ${response.statusCode}`).toContain(response.statusCode);
      }),
      { numRuns: 30 },
    );
  });
});
