import { describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import {
  t,
  org,
  known,
  partnerWorker,
  facilitator,
  manager,
  newcomerId,
  partnerRows,
  partnerForm,
  usePartnerCases,
} from '../../test/fixtures/partner-cases.js';

/* Two partners of the same man never share a worker, and changing her case through the API. */
usePartnerCases();

describe('two partners of the same man never share a worker', () => {
  // createCaseWithPartners: the current partner's worker is the partner worker, the ex-partner's the manager.
  it('the form answers 409 with the message on the worker field, and nothing is written', async () => {
    const before = await partnerRows();
    const response = await partnerWorker.submit(
      `/participants/${known.participantId}/partners/new`,
      partnerForm({ givenName: 'Isolde', familyName: 'Trevanion', relationship: 'new', allocatedWorkerId: org.users.partner.id }),
    );
    expect(response.statusCode).toBe(409);
    expectFieldError(
      response.body,
      'allocatedWorkerId',
      'Choose a different worker: each partner of the same participant must have their own worker',
    );
    expect(response.body).toContain('value="Isolde"');
    expect(await partnerRows()).toEqual(before);
  });

  it('the allocation form offers only eligible workers, each with their open caseload', async () => {
    const options = (body: string) => {
      const select = /<select[^>]*id="allocatedWorkerId"[\s\S]*?<\/select>/.exec(body)?.[0] ?? '';
      return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], (m[2] ?? '').trim()]);
    };
    // Her ex-partner's case: the current partner's worker is not offered; her own worker is.
    const exForm = options((await manager.get(`/partner-cases/${known.exCaseId}/edit`)).body);
    const offered = exForm.map(([id]) => id);
    expect(offered).not.toContain(org.users.partner.id);
    expect(offered).toContain(org.users.management.id);
    expect(offered).not.toContain(org.users.perpetrator.id);
    expect(exForm.find(([id]) => id === org.users.management.id)?.[1]).toMatch(/\(\d+ open cases?\)$/);
    // A new partner of a man with no partners yet: every partner-side worker and manager is offered.
    const alone = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Peregrine', familyName: 'Oddingley' },
    });
    const aloneId = alone.json<{ participant: { id: string } }>().participant.id;
    const newForm = options((await partnerWorker.get(`/participants/${aloneId}/partners/new`)).body).map(([id]) => id);
    expect(newForm).toEqual(expect.arrayContaining([org.users.partner.id, org.users.management.id]));
  });

  it('editing her case to take the other partner’s worker answers 409 on the page', async () => {
    const edit = await manager.get(`/partner-cases/${known.exCaseId}/edit`);
    expect(edit.statusCode).toBe(200);
    const response = await manager.submit(`/partner-cases/${known.exCaseId}/edit`, {
      ...partnerForm({ givenName: 'MarisolG', familyName: 'FerrantG', relationship: 'ex' }),
      allocatedWorkerId: org.users.partner.id,
    });
    expect(response.statusCode).toBe(409);
    expectFieldError(
      response.body,
      'allocatedWorkerId',
      'Choose a different worker: each partner of the same participant must have their own worker',
    );
    const row = await t.database.db
      .selectFrom('partner_cases')
      .select('allocated_worker_id')
      .where('id', '=', known.exCaseId)
      .executeTakeFirstOrThrow();
    expect(row.allocated_worker_id).toBe(org.users.management.id);
  });

  it('the API answers 409 conflict to a PATCH of the worker, and to a new partner with that worker', async () => {
    const patch = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, {
      json: { allocatedWorkerId: org.users.partner.id },
    });
    expect(patch.statusCode).toBe(409);
    expect(patch.json()).toEqual({
      error: {
        code: 'conflict',
        message: 'This worker already supports another partner of the same participant',
        fields: {
          allocatedWorkerId: 'Choose a different worker: each partner of the same participant must have their own worker',
        },
      },
    });
    const post = await partnerWorker.request('POST', `/api/v1/participants/${known.participantId}/partner-cases`, {
      json: { givenName: 'Isolde', familyName: 'Trevanion', relationship: 'new', allocatedWorkerId: org.users.management.id },
    });
    expect(post.statusCode).toBe(409);
    expect(expectErrorShape(post).error.code).toBe('conflict');
    const rows = await t.database.db
      .selectFrom('partner_cases')
      .select('allocated_worker_id')
      .where('id', '=', known.exCaseId)
      .executeTakeFirstOrThrow();
    expect(rows.allocated_worker_id).toBe(org.users.management.id);
  });

  it('her case is not closed or marked not engaged from the edit form or a PATCH: each has its own page', async () => {
    const statusOf = async () =>
      (
        await t.database.db
          .selectFrom('partner_cases')
          .select('status')
          .where('id', '=', known.exCaseId)
          .executeTakeFirstOrThrow()
      ).status;
    const before = await statusOf();
    const page = await manager.submit(`/partner-cases/${known.exCaseId}/edit`, {
      ...partnerForm({ givenName: 'MarisolG', familyName: 'FerrantG', relationship: 'ex' }),
      allocatedWorkerId: org.users.management.id,
      status: 'closed',
    });
    expect(page.statusCode).toBe(400);
    expectFieldError(
      page.body,
      'status',
      'Close the case with “Close the case with a closing summary”, which records how the support ended',
    );
    const patch = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, { json: { status: 'not_engaged' } });
    expect(patch.statusCode).toBe(400);
    expect(expectErrorShape(patch).error.fields).toEqual({
      status: 'Record that the partner has not engaged from “Close as not engaged”, after the attempts it asks for',
    });
    expect(await statusOf()).toBe(before);
  });

  it('keeping her own worker, or a worker of another man’s partner, is allowed', async () => {
    const same = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, {
      json: { allocatedWorkerId: org.users.management.id },
    });
    expect(same.statusCode).toBe(200);
    const otherMan = await partnerWorker.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, {
      json: { givenName: 'Winifred', familyName: 'Carrow', relationship: 'new', allocatedWorkerId: org.users.management.id },
    });
    expect(otherMan.statusCode).toBe(201);
  });

  it('a partner-side worker cannot be replaced by a perpetrator-side one', async () => {
    const response = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, {
      json: { allocatedWorkerId: org.users.perpetrator.id },
    });
    expect(response.statusCode).toBe(400);
    expect(expectErrorShape(response).error.fields).toEqual({
      allocatedWorkerId: 'Select a partner support worker or manager from the list',
    });
  });
});

describe('changing her case through the API', () => {
  it('a PATCH changes only what it sends: her status and safe-contact details stay as they were', async () => {
    const response = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${known.currentCaseId}`, {
      json: { safeTimes: 'Only Thursday mornings' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: known.currentCaseId,
      status: 'engaged',
      relationship: 'current',
      allocatedWorkerId: org.users.partner.id,
      contact: { phone: '07700 900111', addressLine1: 'G9 Larkspur Terrace', postcode: 'LS9 8QT', town: 'Northbridge' },
      safeContact: {
        safePhone: '07700 900222',
        safeTimes: 'Only Thursday mornings',
        messageMayBeLeft: false,
        codeWord: 'periwinkleG',
      },
    });
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'partner_case.updated')
      .where('record_id', '=', known.currentCaseId)
      .execute();
    expect(audit.map((row) => row.details)).toContainEqual(expect.objectContaining({ fields: ['safeTimes'] }));
  });

  it('a facilitator’s PATCH of her case is not found, and changes nothing', async () => {
    const response = await facilitator.request('PATCH', `/api/v1/partner-cases/${known.currentCaseId}`, {
      json: { codeWord: 'overwritten' },
    });
    expect(response.statusCode).toBe(404);
    const row = await t.database.db
      .selectFrom('partners')
      .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
      .select('partners.code_word')
      .where('partner_cases.id', '=', known.currentCaseId)
      .executeTakeFirstOrThrow();
    expect(row.code_word).toBe('periwinkleG');
  });
});
