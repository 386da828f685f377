import { describe, expect, it } from 'vitest';
import { SAMPLE_EXE, SAMPLE_PDF, SAMPLE_PNG, documentForm, postMultipart, type Part } from './documents-test-files.js';
import {
  t,
  manager,
  referralId,
  attachUrl,
  stored,
  storedContents,
  attach,
  pdf,
  good,
  useReferralDocuments,
} from '../../test/fixtures/referral-documents.js';

/* Attaching documents to a referral: what is refused and why, and that a refused upload writes nothing. The limit is 1 MB here. */
useReferralDocuments();

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
