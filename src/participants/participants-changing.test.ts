import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError, expectHandled, oddBodies, oddText } from '../../test/fixtures/assertions.js';
import { t, org, facilitator, count, auditActions, validForm, useParticipantRecords } from '../../test/fixtures/participants.js';

/* Changing his record, no input that makes the API or the form fail with a 500, and the OpenAPI document. */
useParticipantRecords();

describe('changing his record', () => {
  let participantId: string;

  beforeAll(async () => {
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Ambrose', familyName: 'Pettigrew-Hale', dateOfBirth: '1975-07-04', gender: 'man', status: 'active' },
    });
    participantId = response.json<{ participant: { id: string } }>().participant.id;
  });

  it('the edit form saves the change and audits it', async () => {
    const edit = await facilitator.get(`/participants/${participantId}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Pettigrew-Hale"');
    const response = await facilitator.submit(
      `/participants/${participantId}/edit`,
      validForm({
        givenName: 'Ambrose',
        familyName: 'Pettigrew-Vane',
        'dateOfBirth-day': '4',
        'dateOfBirth-month': '7',
        'dateOfBirth-year': '1975',
        status: 'suspended',
        allocatedWorkerId: org.users.management.id,
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/participants/${participantId}?saved=1`);
    const page = await facilitator.get(response.headers.location ?? '');
    expect(page.body).toContain('Ambrose Pettigrew-Vane');
    expect(page.body).toContain('Suspended');
    expect(page.body).toContain('Saltmarsh management worker');
    const updated = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('record_id', '=', participantId)
      .where('action', '=', 'participant.updated')
      .execute();
    expect(updated).toEqual([{ action: 'participant.updated', actor_user_id: org.users.perpetrator.id }]);
  });

  it('the edit form refuses bad input with the field error and changes nothing', async () => {
    const response = await facilitator.submit(`/participants/${participantId}/edit`, validForm({ familyName: '' }));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'familyName', 'Enter the last name');
    const row = await t.database.db
      .selectFrom('participants')
      .select('family_name')
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    expect(row.family_name).toBe('Pettigrew-Vane');
  });

  it('a PATCH changes only the fields it sends', async () => {
    const response = await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, {
      json: { givenName: 'Ambrosius' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      kind: 'case',
      participant: {
        givenName: 'Ambrosius',
        familyName: 'Pettigrew-Vane',
        dateOfBirth: '1975-07-04',
        gender: 'man',
        // His status is what his partner's worker is told: a PATCH of his name must not reset it.
        status: 'suspended',
        allocatedWorkerId: org.users.management.id,
      },
    });
    expect(await auditActions(participantId)).toContain('participant.updated');
  });

  it('a PATCH with bad input answers 400 with the field', async () => {
    const response = await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, {
      json: { status: 'released', dateOfBirth: '31/12/1975' },
    });
    expect(response.statusCode).toBe(400);
    expect(expectErrorShape(response).error.fields).toEqual({
      status: 'Select the case status',
      dateOfBirth: 'Date of birth must be a real date',
    });
  });

  it('adds a case note, and an empty note is a field error that writes nothing', async () => {
    const before = await count('perpetrator_case_notes');
    const empty = await facilitator.submit(`/participants/${participantId}/notes`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expectFieldError(empty.body, 'body', 'Enter the note');
    expect(await count('perpetrator_case_notes')).toBe(before);

    const added = await facilitator.submit(`/participants/${participantId}/notes`, {
      body: 'He arrived late and blamed the bus driver, Mr Oduya-Farrant.',
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/participants/${participantId}?saved=1#notes`);
    expect(await count('perpetrator_case_notes')).toBe(before + 1);
    const page = await facilitator.get(`/participants/${participantId}`);
    expect(page.body).toContain('blamed the bus driver, Mr Oduya-Farrant.');
    expect(await auditActions(participantId)).toContain('participant.note_added');

    const api = await facilitator.request('POST', `/api/v1/participants/${participantId}/notes`, { json: { body: '' } });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields).toEqual({ body: 'Enter the note' });
    expect(await count('perpetrator_case_notes')).toBe(before + 1);
  });
});

describe('no input makes the API or the form fail with a 500', () => {
  let participantId: string;

  beforeAll(async () => {
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Fennimore', familyName: 'Slythe', status: 'active' },
    });
    participantId = response.json<{ participant: { id: string } }>().participant.id;
  });

  const participantBody = oddBodies({
    givenName: 'Fennimore',
    familyName: 'Slythe',
    dateOfBirth: '1983-09-17',
    gender: 'man',
    status: 'active',
    allocatedWorkerId: null,
  });

  async function expectNo500(method: 'POST' | 'PATCH', url: string, json: unknown): Promise<void> {
    const response = await facilitator.request(method, url, { json });
    expectHandled(response, `${method} ${url} ${JSON.stringify(json)}`);
  }

  it('POST /api/v1/participants with any JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(participantBody, (json) => expectNo500('POST', '/api/v1/participants', json)),
      { numRuns: 60 },
    );
  });

  it('PATCH /api/v1/participants/:id with any JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(participantBody, (json) => expectNo500('PATCH', `/api/v1/participants/${participantId}`, json)),
      { numRuns: 60 },
    );
  });

  it('malformed JSON and bodies that are not JSON answer 400 or 415', async () => {
    const send = (payload: string, type: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/participants',
        headers: { cookie: facilitator.cookieHeader(), 'content-type': type, accept: 'application/json' },
        payload,
      });
    for (const payload of ['{"givenName": "Osric",', '{givenName: Osric}', '[1, 2', '{"a":1}}', '\u0000']) {
      const response = await send(payload, 'application/json');
      expect(response.statusCode, payload).toBe(400);
      expect(expectErrorShape(response).error.code).toBe('invalid');
    }
    const proto = await send('{"givenName":"Osric","familyName":"Tull","__proto__":{"status":"completed"}}', 'application/json');
    expect(proto.statusCode).toBe(400);
    const text = await send('givenName=Osric&familyName=Tull', 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(expectErrorShape(text).error.code).toBe('invalid');
    const form = await send('givenName=Osric&familyName=Tull', 'application/x-www-form-urlencoded');
    expect(form.statusCode).toBe(415);
    const xml = await send('<participant><givenName>Osric</givenName></participant>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expectErrorShape(xml);
    const nobody = await t.database.db.selectFrom('participants').select('id').where('given_name', '=', 'Osric').execute();
    expect(nobody).toEqual([]);
  });

  it('POST /participants/new with any form fields', async () => {
    const token = await facilitator.csrfToken('/participants/new');
    const formValue = fc.oneof(oddText, fc.array(oddText, { minLength: 2, maxLength: 3 }));
    const valid = validForm();
    const spoiled = fc
      .tuple(fc.constantFrom(...Object.keys(valid)), formValue)
      .map(([key, value]): Record<string, string | string[]> => ({ ...valid, [key]: value }));
    const formFields = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 12 }), formValue, { maxKeys: 6 }),
      fc.record(Object.fromEntries(Object.keys(valid).map((key) => [key, formValue])), { requiredKeys: [] }),
      spoiled,
    );
    await fc.assert(
      fc.asyncProperty(formFields, async (form) => {
        const response = await facilitator.request('POST', '/participants/new', { form: { ...form, _csrf: token } });
        expect(response.statusCode, JSON.stringify(form)).toBeLessThan(500);
        expect([303, 400], JSON.stringify(form)).toContain(response.statusCode);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the OpenAPI document', () => {
  it('is valid JSON describing OpenAPI 3.0.3 with the participant and partner case paths', async () => {
    const response = await t.client().get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    const document = JSON.parse(response.body) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/participants', '/api/v1/partner-cases/{id}']));
    expect(Object.keys(document.paths['/api/v1/participants'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(document.paths['/api/v1/partner-cases/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(document.paths)).not.toContain('/api/v1/openapi.json');
  });
});
