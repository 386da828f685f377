import { describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import {
  t,
  org,
  known,
  partnerWorker,
  manager,
  newcomerId,
  partnerRows,
  partnerForm,
  usePartnerCases,
} from '../../test/fixtures/partner-cases.js';

/*
 * The name the partner is known by and the language she needs an interpreter for (migration 0044):
 * her forms, her case band and Contact tab, and the API. That neither reaches the perpetrator side
 * is test/wall-known-as.test.ts.
 */
usePartnerCases();

const TOO_LONG = 'Q'.repeat(101);

async function stored(caseId: string): Promise<{ known_as: string | null; interpreter_language: string | null }> {
  return t.database.db
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .select(['partners.known_as', 'partners.interpreter_language'])
    .where('partner_cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
}

/** What her case band shows: the name she is known by and her interpreter need (null: not shown). */
function band(body: string): { knownAs: string | null; interpreter: string | null } {
  return {
    knownAs: /data-qa="band-known-as">\(known as ([^)]*)\)</.exec(body)?.[1] ?? null,
    interpreter: /data-qa="band-interpreter">([^<]*)</.exec(body)?.[1] ?? null,
  };
}

describe('her known-as name and interpreter need, on her forms', () => {
  let caseId: string;

  it('the add form saves them, and her case band and Contact tab show them', async () => {
    const response = await partnerWorker.submit(
      `/participants/${newcomerId}/partners/new`,
      partnerForm({ knownAs: ' Clem ', interpreterLanguage: 'Tigrinya', allocatedWorkerId: org.users.partner.id }),
    );
    expect(response.statusCode).toBe(303);
    caseId = (response.headers.location ?? '').split('/').pop() ?? '';
    expect(await stored(caseId)).toEqual({ known_as: 'Clem', interpreter_language: 'Tigrinya' });
    for (const tab of ['', '/contact', '/tab/support']) {
      const page = await partnerWorker.get(`/partner-cases/${caseId}${tab}`);
      expect(page.statusCode, tab).toBe(200);
      expect(band(page.body), tab).toEqual({ knownAs: 'Clem', interpreter: 'Tigrinya' });
    }
    const contact = await partnerWorker.get(`/partner-cases/${caseId}/contact`);
    expect(contact.body).toMatch(/Known as\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Clem\s*</);
    expect(contact.body).toMatch(/Interpreter\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Tigrinya\s*</);
    // Management sees her case as her worker does.
    expect(band((await manager.get(`/partner-cases/${caseId}`)).body)).toEqual({ knownAs: 'Clem', interpreter: 'Tigrinya' });
  });

  it('the edit form shows them again and saves a change; emptied, the band says none is needed', async () => {
    const edit = await partnerWorker.get(`/partner-cases/${caseId}/edit`);
    expect(edit.body).toContain('value="Clem"');
    expect(edit.body).toContain('value="Tigrinya"');
    const form = (overrides: Record<string, string>) => partnerForm({ allocatedWorkerId: org.users.partner.id, ...overrides });
    const changed = await partnerWorker.submit(
      `/partner-cases/${caseId}/edit`,
      form({ knownAs: 'Tina', interpreterLanguage: 'Amharic' }),
    );
    expect(changed.statusCode).toBe(303);
    expect(band((await partnerWorker.get(`/partner-cases/${caseId}`)).body)).toEqual({ knownAs: 'Tina', interpreter: 'Amharic' });
    await partnerWorker.submit(`/partner-cases/${caseId}/edit`, form({ knownAs: '', interpreterLanguage: '' }));
    expect(await stored(caseId)).toEqual({ known_as: null, interpreter_language: null });
    const page = await partnerWorker.get(`/partner-cases/${caseId}`);
    expect(band(page.body)).toEqual({ knownAs: null, interpreter: 'Not needed' });
  });

  it('refuses either over 100 characters beside its field, keeps what was typed, and writes nothing', async () => {
    const before = await partnerRows();
    for (const [field, message] of [
      ['knownAs', 'Known as must be 100 characters or fewer'],
      ['interpreterLanguage', 'Interpreter language must be 100 characters or fewer'],
    ] as const) {
      const added = await partnerWorker.submit(`/participants/${newcomerId}/partners/new`, partnerForm({ [field]: TOO_LONG }));
      expect(added.statusCode, field).toBe(400);
      expectFieldError(added.body, field, message);
      expect(added.body).toContain(`value="${TOO_LONG}"`);
      const edited = await partnerWorker.submit(
        `/partner-cases/${caseId}/edit`,
        partnerForm({ allocatedWorkerId: org.users.partner.id, [field]: TOO_LONG }),
      );
      expect(edited.statusCode, field).toBe(400);
      expectFieldError(edited.body, field, message);
    }
    expect(await partnerRows()).toEqual(before);
    expect(await stored(caseId)).toEqual({ known_as: null, interpreter_language: null });
  });
});

describe('her known-as name and interpreter need, through the API', () => {
  it('POST takes them and answers with them; GET reads them back', async () => {
    const response = await partnerWorker.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, {
      json: { givenName: 'Perpetua', familyName: 'Vansittart', relationship: 'ex', knownAs: 'Pet', interpreterLanguage: 'Farsi' },
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ id: string; knownAs: string | null; interpreterLanguage: string | null }>();
    expect(created).toMatchObject({ knownAs: 'Pet', interpreterLanguage: 'Farsi', partnerName: 'Perpetua Vansittart' });
    const read = await partnerWorker.get(`/api/v1/partner-cases/${created.id}`);
    expect(read.json()).toMatchObject({ knownAs: 'Pet', interpreterLanguage: 'Farsi' });
    // Her caseload's items carry the name she is known by (her side and management only).
    const list = await partnerWorker.get(`/api/v1/partner-cases?q=${encodeURIComponent('Vansittart')}`);
    expect(list.json<{ items: Array<{ id: string; knownAs: string | null }> }>().items).toEqual([
      expect.objectContaining({ id: created.id, knownAs: 'Pet' }),
    ]);
  });

  it('PATCH changes each alone, null clears it, and a bad one answers 400 naming the field and writes nothing', async () => {
    const caseId = known.currentCaseId;
    const patch = (json: Record<string, unknown>) => partnerWorker.request('PATCH', `/api/v1/partner-cases/${caseId}`, { json });
    const changed = await patch({ interpreterLanguage: 'Lithuanian' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ interpreterLanguage: 'Lithuanian', knownAs: 'RozzieG' });
    expect((await patch({ knownAs: null })).json()).toMatchObject({ knownAs: null, interpreterLanguage: 'Lithuanian' });
    for (const field of ['knownAs', 'interpreterLanguage']) {
      for (const value of [TOO_LONG, 7, { language: 'x' }]) {
        const response = await patch({ [field]: value });
        expect(response.statusCode, `${field} ${JSON.stringify(value)}`).toBe(400);
        expect(Object.keys(expectErrorShape(response).error.fields)).toEqual([field]);
      }
    }
    expect(await stored(caseId)).toEqual({ known_as: null, interpreter_language: 'Lithuanian' });
  });
});
