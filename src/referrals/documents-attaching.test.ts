import { describe, expect, it } from 'vitest';
import { SAMPLE_DOCX, SAMPLE_JPEG, SAMPLE_PDF, SAMPLE_PNG, documentForm, postMultipart } from './documents-test-files.js';
import {
  t,
  manager,
  referralId,
  attachUrl,
  pdf,
  good,
  attachThroughPage,
  useReferralDocuments,
} from '../../test/fixtures/referral-documents.js';

/* Attaching documents to a referral over real HTTP with real multipart bodies: what is accepted; signed out; the OpenAPI document. */
useReferralDocuments();

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
