import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import {
  SAMPLE_DOCX,
  SAMPLE_EXE,
  SAMPLE_JPEG,
  SAMPLE_PDF,
  SAMPLE_PNG,
  documentForm,
  postMultipart,
  type Part,
} from './documents-test-files.js';

/*
 * Attaching documents to a referral over real HTTP with real multipart bodies: what is accepted,
 * what is refused and why, and that a refused upload writes nothing. The limit is 1 MB here.
 */
let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let referralId: string;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000, maxDocumentMb: 1 });
  org = await createTestOrganisation(t.database.db, 'Fenwold');
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  const created = await manager.request('POST', '/api/v1/referrals', {
    json: {
      givenName: 'Jago',
      familyName: 'Trewin',
      channel: 'letter',
      source: 'agency',
      agencyType: 'court',
      reason: 'Ordered by the family court.',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  referralId = (created.json() as { referral: { id: string } }).referral.id;
});
afterAll(async () => t?.close());

const attachUrl = () => `/referrals/${referralId}/documents/new`;
const stored = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('referral_documents')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const storedContents = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('referral_document_contents')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function attach(parts: (csrf: string) => Part[]) {
  const csrf = await manager.csrfToken(attachUrl());
  return postMultipart(t.app, manager, attachUrl(), parts(csrf));
}

const pdf = (filename = 'Referral letter.pdf', content: Buffer = SAMPLE_PDF, contentType = 'application/pdf') => ({
  filename,
  contentType,
  content,
});
const good = { kind: 'referral_letter', visibility: 'both_sides', description: 'From the family court, received by post' };

/** Attaches through the page and returns the new document's id, read back from the referral page. */
async function attachThroughPage(file: ReturnType<typeof pdf>, fields: Record<string, string> = good): Promise<string> {
  const response = await attach((csrf) => documentForm(csrf, file, fields));
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(303);
  expect(response.headers.location).toBe(
    `/referrals/${referralId}?attached=${fields.visibility === 'partner_side' ? 'partner-side' : 'both-sides'}#documents`,
  );
  const row = await t.database.db
    .selectFrom('referral_documents')
    .select('id')
    .orderBy('uploaded_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('attaching a document on the referral page', () => {
  it('takes a PDF, lists it with its type, size, who and when, and gives back the same bytes as an attachment', async () => {
    const form = await manager.get(attachUrl());
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('Partner support and management only');
    // The side is a decision: neither answer is chosen for the user.
    expect(form.body).not.toMatch(/name="visibility"[^>]*checked/);

    const id = await attachThroughPage(pdf());
    const page = await manager.get(`/referrals/${referralId}?attached=both-sides`);
    expect(page.body).toContain('Document attached');
    expect(page.body).toContain('Referral letter.pdf');
    expect(page.body).toContain('From the family court, received by post');
    expect(page.body).toContain(`PDF, ${SAMPLE_PDF.length} bytes`);
    expect(page.body).toContain('Fenwold management worker');
    expect(page.body).toContain('Both sides');

    const download = await manager.get(`/referral-documents/${id}/download`);
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, SAMPLE_PDF)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Referral letter.pdf"; filename*=UTF-8''Referral%20letter.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('no-store');
  });

  it('takes a PNG, a JPEG and a Word document, storing the type found in the bytes', async () => {
    for (const [filename, content, type] of [
      ['Photo of the order.png', SAMPLE_PNG, 'image/png'],
      ['Scan.jpeg', SAMPLE_JPEG, 'image/jpeg'],
      ['Children’s services report.docx', SAMPLE_DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ] as const) {
      // Browsers often send application/octet-stream: the bytes decide.
      const id = await attachThroughPage(pdf(filename, content, 'application/octet-stream'));
      const download = await manager.get(`/referral-documents/${id}/download`);
      expect(Buffer.compare(download.rawPayload, content), filename).toBe(0);
      expect(download.headers['content-type']).toBe(type);
    }
  });

  it('keeps a name in any language exactly, with a plain fallback, and drops a path and control characters', async () => {
    const id = await attachThroughPage(pdf('C:\\fakepath\\Décision du tribunal\u202e.pdf'));
    const row = await t.database.db
      .selectFrom('referral_documents')
      .select('file_name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.file_name).toBe('Décision du tribunal.pdf');
    const download = await manager.get(`/referral-documents/${id}/download`);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Decision du tribunal.pdf"; filename*=UTF-8''D%C3%A9cision%20du%20tribunal.pdf`,
    );
  });

  it('the API takes the same upload with the CSRF token in a header, and lists and returns it', async () => {
    const csrf = await manager.csrfToken('/account');
    const response = await postMultipart(
      t.app,
      manager,
      `/api/v1/referrals/${referralId}/documents`,
      documentForm(
        null,
        { filename: 'Order.png', contentType: 'image/png', content: SAMPLE_PNG },
        { ...good, kind: 'court_order' },
      ),
      { 'x-csrf-token': csrf },
    );
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as {
      id: string;
      contentType: string;
      sizeBytes: number;
      visibility: string;
      contentUrl: string;
    };
    expect(created).toMatchObject({
      contentType: 'image/png',
      sizeBytes: SAMPLE_PNG.length,
      visibility: 'both_sides',
      kind: 'court_order',
    });
    const list = await manager.get(`/api/v1/referrals/${referralId}/documents`);
    expect((list.json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toContain(created.id);
    const content = await manager.get(created.contentUrl);
    expect(content.statusCode).toBe(200);
    expect(Buffer.compare(content.rawPayload, SAMPLE_PNG)).toBe(0);
    expect(content.headers['content-disposition']).toMatch(/^attachment; /);
  });
});

describe('what is refused, next to the file field, with nothing written', () => {
  const refusals: Array<[string, (csrf: string) => Part[], string]> = [
    [
      'a program renamed to .pdf',
      (c) => documentForm(c, pdf('letter.pdf', SAMPLE_EXE), good),
      'The selected file must be a PDF, a Word document (.docx), a PNG or a JPEG',
    ],
    [
      'a PNG named .pdf',
      (c) => documentForm(c, pdf('letter.pdf', SAMPLE_PNG, 'application/octet-stream'), good),
      'The file’s name ends in .pdf but it is a PNG image',
    ],
    [
      'a PDF the browser calls a PNG',
      (c) => documentForm(c, pdf('letter', SAMPLE_PDF, 'image/png'), good),
      'The file was sent as a PNG image but it is a PDF',
    ],
    ['text called a PDF', (c) => documentForm(c, pdf('letter.pdf', Buffer.from('Dear colleague')), good), 'must be a PDF'],
    ['a PDF named .exe', (c) => documentForm(c, pdf('letter.exe', SAMPLE_PDF), good), 'Its name ends in .exe'],
    ['an empty file', (c) => documentForm(c, pdf('letter.pdf', Buffer.alloc(0)), good), 'The selected file is empty'],
    [
      'no file chosen',
      (c) => documentForm(c, pdf('', Buffer.alloc(0), 'application/octet-stream'), good),
      'Select a file to attach',
    ],
    ['no file part', (c) => documentForm(c, null, good), 'Select a file to attach'],
    [
      'a file over the limit',
      (c) => documentForm(c, pdf('big.pdf', Buffer.concat([SAMPLE_PDF, Buffer.alloc(1024 * 1024)])), good),
      'The selected file must be smaller than 1 MB',
    ],
    [
      'two files',
      (c) => [
        ...documentForm(c, pdf(), good),
        { name: 'file', filename: 'second.pdf', contentType: 'application/pdf', content: SAMPLE_PDF },
      ],
      'Select one file at a time',
    ],
  ];

  it.each(refusals)('%s', async (_what, parts, message) => {
    const [before, beforeContents] = [await stored(), await storedContents()];
    const response = await attach(parts);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toMatch(new RegExp(`id="file-error"[^]*${message.replace(/[.()]/g, '\\$&')}`));
    expect(response.body).toContain('href="#file"');
    // What was typed is kept.
    expect(response.body).toContain('From the family court, received by post');
    expect(await stored()).toBe(before);
    expect(await storedContents()).toBe(beforeContents);
  });

  it('asks who may see it, and what it is, keeping the answers given', async () => {
    const response = await attach((csrf) => documentForm(csrf, pdf(), { description: 'Police letter' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select who may see the document');
    expect(response.body).toContain('Select what the document is');
    expect(response.body).toContain('Police letter');
    expect(response.body).toContain('Select the file again');
    const tooLong = await attach((csrf) => documentForm(csrf, pdf(), { ...good, description: 'x'.repeat(501) }));
    expect(tooLong.body).toContain('The description must be 500 characters or fewer');
  });

  it('the API answers a spoofed or oversized file with a 400 in the JSON error shape', async () => {
    const csrf = await manager.csrfToken('/account');
    const url = `/api/v1/referrals/${referralId}/documents`;
    const spoofed = await postMultipart(t.app, manager, url, documentForm(csrf, pdf('x.pdf', SAMPLE_EXE), good));
    expect(spoofed.statusCode).toBe(400);
    expect(spoofed.json()).toMatchObject({
      error: { code: 'invalid', fields: { file: expect.stringContaining('must be a PDF') } },
    });
    const big = await postMultipart(
      t.app,
      manager,
      url,
      documentForm(csrf, pdf('big.pdf', Buffer.alloc(1024 * 1024 + 1, 0x25)), good),
    );
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ error: { fields: { file: 'The selected file must be smaller than 1 MB' } } });
  });

  it('refuses an upload without the CSRF token, page and API, before anything is stored', async () => {
    const before = await stored();
    const page = await postMultipart(t.app, manager, attachUrl(), documentForm(null, pdf(), good));
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('This form has expired');
    const api = await postMultipart(t.app, manager, `/api/v1/referrals/${referralId}/documents`, documentForm(null, pdf(), good));
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await stored()).toBe(before);
  });

  it('answers a urlencoded or JSON body with a 4xx, never a 500', async () => {
    const form = await manager.submit(attachUrl(), { visibility: 'both_sides', file: 'letter.pdf' });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('Select a file to attach');
    const json = await manager.request('POST', `/api/v1/referrals/${referralId}/documents`, { json: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ error: { code: 'invalid' } });
    const signedOut = await postMultipart(
      t.app,
      t.client(),
      `/api/v1/referrals/${referralId}/documents`,
      documentForm(null, pdf(), good),
    );
    expect(signedOut.statusCode).toBe(401);
  });
});

describe('signed out', () => {
  it('every document page sends the browser to sign in, and the API answers 401, before any upload is read', async () => {
    const client = t.client();
    const token = await client.csrfToken('/sign-in');
    const id = '3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e0f1a3b';
    for (const url of [attachUrl(), `/referral-documents/${id}/download`]) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`);
    }
    const posted = await client.request('POST', attachUrl(), { form: { _csrf: token } });
    expect(posted.statusCode).toBe(303);
    const uploaded = await postMultipart(t.app, client, attachUrl(), documentForm(token, pdf(), good));
    expect(uploaded.statusCode).toBe(303);
    expect(uploaded.headers.location).toMatch(/^\/sign-in/);
    for (const url of [`/api/v1/referrals/${referralId}/documents`, `/api/v1/referral-documents/${id}/content`]) {
      expect((await client.get(url)).statusCode, url).toBe(401);
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the upload as multipart/form-data, the list and the download', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required: string[] } }> } }>>;
    }>();
    const documents = document.paths['/api/v1/referrals/{id}/documents'] ?? {};
    expect(Object.keys(documents)).toEqual(expect.arrayContaining(['get', 'post']));
    expect(documents.post?.requestBody?.content['multipart/form-data']?.schema.required).toEqual(['file', 'kind', 'visibility']);
    expect(Object.keys(document.paths['/api/v1/referral-documents/{id}/content'] ?? {})).toEqual(['get']);
  });
});
