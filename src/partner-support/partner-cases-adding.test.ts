import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError, expectHandled, oddBodies } from '../../test/fixtures/assertions.js';
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

/* Adding a partner through the form and the API, and no input that makes adding her fail with a 500. */
usePartnerCases();

describe('adding a partner', () => {
  let caseId: string;

  it('a partner support worker adds her from his record and is taken to her case', async () => {
    const form = await partnerWorker.get(`/participants/${newcomerId}/partners/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Partner of Horatio Blennerhassett');
    const before = await partnerRows();
    const response = await partnerWorker.submit(
      `/participants/${newcomerId}/partners/new`,
      partnerForm({ allocatedWorkerId: org.users.partner.id }),
    );
    expect(response.statusCode).toBe(303);
    const match = /^\/partner-cases\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '');
    expect(match).not.toBeNull();
    caseId = match?.[1] ?? '';
    expect(await partnerRows()).toEqual({ partners: before.partners + 1, cases: before.cases + 1 });
    const created = await t.database.db
      .selectFrom('audit_events')
      .select('actor_user_id')
      .where('action', '=', 'partner_case.created')
      .where('record_id', '=', caseId)
      .execute();
    expect(created).toEqual([{ actor_user_id: org.users.partner.id }]);
  });

  it('her case page warns not to leave a message and shows the code word', async () => {
    const page = await partnerWorker.get(`/partner-cases/${caseId}/contact`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-qa="safe-contact-warning"[\s\S]*?Do not leave a message/);
    expect(page.body).toContain('marigold lantern');
    expect(page.body).toContain('07700 900 517');
    expect(page.body).toContain('Weekdays 10am to 12pm, never weekends');
    expect(page.body).toContain('GM4 7QX');
    expect(page.body).toContain('Ex-partner of Horatio Blennerhassett');
    expect(page.body).toContain('Trying to make contact');
  });

  it('a case where a message may be left says so instead', async () => {
    const response = await partnerWorker.submit(
      `/participants/${known.participantId}/partners/new`,
      partnerForm({ givenName: 'Perpetua', familyName: 'Onslow', relationship: 'new', messageMayBeLeft: 'yes', codeWord: '' }),
    );
    expect(response.statusCode).toBe(303);
    const page = await partnerWorker.get(`${response.headers.location ?? ''}/contact`);
    expect(page.body).toContain('A message may be left.');
    expect(page.body).not.toContain('Do not leave a message');
    expect(page.body).toContain('None agreed');
  });

  it.each([
    [
      'a phone number with letters',
      { phone: 'ring after six' },
      'phone',
      'Enter phone number in the right format, like 07700 900 982',
    ],
    [
      'a safe phone number that is too short',
      { safePhone: '0770' },
      'safePhone',
      'Enter safe phone number in the right format, like 07700 900 982',
    ],
    ['a postcode that is not one', { postcode: 'GORSE 1' }, 'postcode', 'Enter a real postcode, like SE1 7TP'],
    [
      'an email address without an @',
      { email: 'clementine.example.org' },
      'email',
      'Enter an email address in the right format, like name@example.com',
    ],
    ['no relationship to him', { relationship: '' }, 'relationship', 'Select the relationship to the participant'],
    ['an unknown relationship', { relationship: 'sister' }, 'relationship', 'Select the relationship to the participant'],
    ['no first name', { givenName: '' }, 'givenName', 'Enter the first name'],
  ])('refuses %s with the message beside the field, and writes nothing', async (_what, overrides, field, message) => {
    const before = await partnerRows();
    const response = await partnerWorker.submit(`/participants/${newcomerId}/partners/new`, partnerForm(overrides));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    // What she told us is kept for the worker to correct, not lost.
    expect(response.body).toContain('value="marigold lantern"');
    expect(await partnerRows()).toEqual(before);
  });

  it('the API refuses the same input with the field messages', async () => {
    const before = await partnerRows();
    const response = await partnerWorker.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, {
      json: { givenName: 'Clementine', familyName: 'Ashdown-Pryce', phone: 'ring after six', postcode: 'GORSE 1' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid',
        message: 'Check the highlighted answers',
        fields: {
          relationship: 'Select the relationship to the participant',
          phone: 'Enter phone number in the right format, like 07700 900 982',
          postcode: 'Enter a real postcode, like SE1 7TP',
        },
      },
    });
    expect(await partnerRows()).toEqual(before);
  });

  it('a facilitator cannot open or post the form: it is not found, and nothing is written', async () => {
    const before = await partnerRows();
    const nowhere = await facilitator.get(`/participants/${randomUUID()}/partners/new`);
    const get = await facilitator.get(`/participants/${newcomerId}/partners/new`);
    expect(get.statusCode).toBe(404);
    expect(nowhere.statusCode).toBe(404);
    const post = await facilitator.submit(`/participants/${newcomerId}/partners/new`, partnerForm());
    expect(post.statusCode).toBe(404);
    expect(post.body).not.toContain('Clementine');
    const api = await facilitator.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, {
      json: { givenName: 'Clementine', familyName: 'Ashdown-Pryce', relationship: 'ex' },
    });
    expect(api.statusCode).toBe(404);
    expect(expectErrorShape(api).error.code).toBe('not_found');
    expect(await partnerRows()).toEqual(before);
  });
});

describe('no input makes adding a partner fail with a 500', () => {
  it('POST /api/v1/participants/:id/partner-cases with any JSON body', async () => {
    const bodies = oddBodies({
      givenName: 'Ottilie',
      familyName: 'Marchbank',
      relationship: 'ex',
      phone: '07700 900 600',
      email: 'ottilie@example.org',
      addressLine1: '3 Sorrel Close',
      town: 'Gorsemoor',
      postcode: 'GM1 2AB',
      safePhone: '07700 900 601',
      safeTimes: 'Evenings',
      messageMayBeLeft: 'no',
      codeWord: 'heron',
      status: 'open',
    });
    await fc.assert(
      fc.asyncProperty(bodies, async (json) => {
        const response = await manager.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, { json });
        expectHandled(response, JSON.stringify(json));
      }),
      { numRuns: 60 },
    );
  });

  it('PATCH /api/v1/partner-cases/:id with any JSON body', async () => {
    const bodies = oddBodies({ codeWord: 'heron', safeTimes: 'Evenings', postcode: 'GM1 2AB', messageMayBeLeft: true });
    await fc.assert(
      fc.asyncProperty(bodies, async (json) => {
        const response = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, { json });
        expectHandled(response, JSON.stringify(json));
      }),
      { numRuns: 40 },
    );
  });
});
