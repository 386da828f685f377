import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { withActor } from '../db/database.js';
import type { Side } from '../db/schema.js';
import { SAMPLE_PDF, SAMPLE_PNG, documentForm, postMultipart } from './documents-test-files.js';

/*
 * The confidentiality wall for referral documents. A police letter that names the partner is filed
 * "partner support and management only": the facilitator can neither list it, nor learn its name
 * or description, nor download it (404, as for a document that does not exist), and the database
 * refuses him its rows even when asked directly. Every download is audited.
 */
let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
const clients = {} as Record<'manager' | 'partnerWorker' | 'facilitator' | 'admin' | 'dpo' | 'otherManager', TestClient>;
let referralId: string;
let partnerSideId: string;
let bothSidesId: string;

const SECRET_NAME = 'Police letter about Ottilie Brackwater.pdf';
const SECRET_DESCRIPTION = 'Names her new address at 14 Gannet Row';

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function upload(
  client: TestClient,
  file: { filename: string; content: Buffer; contentType: string },
  fields: Record<string, string>,
) {
  const url = `/referrals/${referralId}/documents/new`;
  const csrf = await client.csrfToken(url);
  const response = await postMultipart(t.app, client, url, documentForm(csrf, file, fields));
  expect(response.statusCode, response.body.slice(0, 1500)).toBe(303);
  return response;
}

async function newest(): Promise<string> {
  const row = await t.database.db
    .selectFrom('referral_documents')
    .select('id')
    .orderBy('uploaded_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Riverside');
  other = await createTestOrganisation(t.database.db, 'Hillcrest');
  clients.manager = await signedIn(org.users.management);
  clients.partnerWorker = await signedIn(org.users.partner);
  clients.facilitator = await signedIn(org.users.perpetrator);
  clients.admin = await signedIn(org.users.admin);
  clients.dpo = await signedIn(org.users.dpo);
  clients.otherManager = await signedIn(other.users.management);
  const created = await clients.manager.request('POST', '/api/v1/referrals', {
    json: {
      givenName: 'Darren',
      familyName: 'Whitlock',
      channel: 'letter',
      source: 'agency',
      agencyType: 'police',
      reason: 'Police call-outs.',
    },
  });
  referralId = (created.json() as { referral: { id: string } }).referral.id;
  await upload(
    clients.partnerWorker,
    { filename: SECRET_NAME, content: SAMPLE_PDF, contentType: 'application/pdf' },
    { kind: 'police_report', visibility: 'partner_side', description: SECRET_DESCRIPTION },
  );
  partnerSideId = await newest();
  await upload(
    clients.manager,
    { filename: 'Court order.png', content: SAMPLE_PNG, contentType: 'image/png' },
    { kind: 'court_order', visibility: 'both_sides', description: 'Activity requirement' },
  );
  bothSidesId = await newest();
});
afterAll(async () => t?.close());

const secrets = [SECRET_NAME, 'Ottilie', 'Brackwater', SECRET_DESCRIPTION, 'Gannet'];
const leaked = (body: string, headers: object = {}) => secrets.filter((s) => `${JSON.stringify(headers)}${body}`.includes(s));

describe('a partner-side document, seen from the perpetrator side', () => {
  it('is not on the referral page or in the API list, where the both-sides document is', async () => {
    const page = await clients.facilitator.get(`/referrals/${referralId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Court order.png');
    expect(leaked(page.body)).toEqual([]);
    expect(page.body).not.toContain(partnerSideId);
    expect(page.body).toContain('Documents kept for partner support and management only are not listed here');
    const api = await clients.facilitator.get(`/api/v1/referrals/${referralId}/documents`);
    expect((api.json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toEqual([bothSidesId]);
    expect(leaked(api.body)).toEqual([]);
  });

  it('answers its download with the same 404 as a document that does not exist, page and API', async () => {
    for (const url of ['/referral-documents/:id/download', '/api/v1/referral-documents/:id/content']) {
      const hers = await clients.facilitator.get(url.replace(':id', partnerSideId));
      const nobody = await clients.facilitator.get(url.replace(':id', randomUUID()));
      expect(hers.statusCode, url).toBe(404);
      const withoutNonces = (body: string) =>
        body.replace(/name="_(?:csrf|formToken)" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
      expect(withoutNonces(hers.body)).toEqual(withoutNonces(nobody.body));
      expect(leaked(hers.body, hers.headers)).toEqual([]);
    }
  });

  it('lets him download the both-sides document', async () => {
    const response = await clients.facilitator.get(`/referral-documents/${bothSidesId}/download`);
    expect(response.statusCode).toBe(200);
    expect(Buffer.compare(response.rawPayload, SAMPLE_PNG)).toBe(0);
  });

  it('may be filed by him (a police letter he received), and then leaves his view at once', async () => {
    const response = await upload(
      clients.facilitator,
      { filename: 'Letter naming Ottilie.pdf', content: SAMPLE_PDF, contentType: 'application/pdf' },
      { kind: 'police_report', visibility: 'partner_side', description: '' },
    );
    const filed = await newest();
    const page = await clients.facilitator.get(response.headers.location ?? '');
    expect(page.body).toContain('Document attached for partner support and management only. It is not shown to you.');
    expect(page.body).not.toContain('Letter naming');
    const hers = await clients.partnerWorker.get(`/referrals/${referralId}`);
    expect(hers.body).toContain('Letter naming Ottilie.pdf');
    expect(hers.body).toContain(SECRET_NAME);
    expect((await clients.facilitator.get(`/referral-documents/${filed}/download`)).statusCode).toBe(404);
  });

  it('is nothing to the administrator, the data-protection officer or another organisation', async () => {
    for (const client of [clients.admin, clients.dpo, clients.otherManager]) {
      for (const url of [`/referral-documents/${partnerSideId}/download`, `/referral-documents/${bothSidesId}/download`]) {
        const response = await client.get(url);
        expect(response.statusCode, url).toBe(404);
        expect(leaked(response.body)).toEqual([]);
      }
      const list = await client.get(`/api/v1/referrals/${referralId}/documents`);
      expect([403, 404]).toContain(list.statusCode);
    }
  });
});

describe('the partner side and management', () => {
  it('see it with its visibility tag, and download it byte for byte', async () => {
    for (const client of [clients.partnerWorker, clients.manager]) {
      const page = await client.get(`/referrals/${referralId}`);
      expect(page.body).toContain(SECRET_NAME);
      expect(page.body).toContain(SECRET_DESCRIPTION);
      expect(page.body).toContain('Partner support and management only');
      const download = await client.get(`/api/v1/referral-documents/${partnerSideId}/content`);
      expect(download.statusCode).toBe(200);
      expect(Buffer.compare(download.rawPayload, SAMPLE_PDF)).toBe(0);
    }
  });
});

describe('row-level security: the database refuses even when the application forgets', () => {
  async function rowsAs(side: Side | 'noTeam', table: 'referral_documents' | 'referral_document_contents'): Promise<number> {
    const user = side === 'noTeam' ? org.users.noTeam : org.users[side];
    return withActor(t.database.db, { userId: user.id, organisationId: org.id }, async (trx) => {
      const { rows } = await sql<{ n: string }>`
        SELECT count(*)::text AS n FROM ${sql.table(table)} WHERE visibility = 'partner_side'`.execute(trx);
      return Number(rows[0]?.n);
    });
  }

  it.each(['referral_documents', 'referral_document_contents'] as const)(
    '%s: no partner-side rows for the perpetrator side',
    async (table) => {
      expect(await rowsAs('perpetrator', table)).toBe(0);
      expect(await rowsAs('admin', table)).toBe(0);
      expect(await rowsAs('dpo', table)).toBe(0);
      expect(await rowsAs('noTeam', table)).toBe(0);
      expect(await rowsAs('partner', table)).toBeGreaterThan(0);
      expect(await rowsAs('management', table)).toBeGreaterThan(0);
    },
  );

  it('a perpetrator-side query for her document’s bytes by id returns nothing, and he cannot file in another’s name', async () => {
    const { perpetrator, partner } = org.users;
    const bytes = await withActor(t.database.db, { userId: perpetrator.id, organisationId: org.id }, (trx) =>
      trx.selectFrom('referral_document_contents').select('content').where('document_id', '=', partnerSideId).execute(),
    );
    expect(bytes).toEqual([]);
    const forged = withActor(t.database.db, { userId: perpetrator.id, organisationId: org.id }, (trx) =>
      trx
        .insertInto('referral_documents')
        .values({
          id: randomUUID(),
          organisation_id: org.id,
          referral_id: referralId,
          kind: 'other',
          file_name: 'forged.pdf',
          content_type: 'application/pdf',
          size_bytes: 1,
          sha256: '0'.repeat(64),
          description: null,
          visibility: 'both_sides',
          uploaded_by: partner.id,
        })
        .execute(),
    );
    await expect(forged).rejects.toThrow(/row-level security/);
  });
});

describe('audit', () => {
  const entries = async (action: string, recordId: string) =>
    t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'details', 'record_type'])
      .where('action', '=', action)
      .where('record_id', '=', recordId)
      .execute();

  it('records every download, a partner-side one as a partner-side read, with no file name or description', async () => {
    const before = (await entries('referral.partner_side_document_downloaded', partnerSideId)).length;
    await clients.partnerWorker.get(`/referral-documents/${partnerSideId}/download`);
    await clients.partnerWorker.get(`/api/v1/referral-documents/${partnerSideId}/content`);
    const after = await entries('referral.partner_side_document_downloaded', partnerSideId);
    expect(after).toHaveLength(before + 2);
    expect(after.at(-1)).toMatchObject({
      actor_user_id: org.users.partner.id,
      record_type: 'referral_document',
      details: { referralId },
    });

    const bothBefore = (await entries('referral.document_downloaded', bothSidesId)).length;
    await clients.facilitator.get(`/referral-documents/${bothSidesId}/download`);
    expect(await entries('referral.document_downloaded', bothSidesId)).toHaveLength(bothBefore + 1);

    const listed = await entries('referral.partner_side_documents_listed', referralId);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((e) => e.actor_user_id !== org.users.perpetrator.id)).toBe(true);

    const all = await t.database.db.selectFrom('audit_events').select('details').where('action', 'like', 'referral.%').execute();
    expect(leaked(JSON.stringify(all))).toEqual([]);
    const attached = await entries('referral.document_attached', partnerSideId);
    expect(attached[0]?.details).toMatchObject({
      referralId,
      visibility: 'partner_side',
      kind: 'police_report',
      contentType: 'application/pdf',
    });
  });

  it('a refused download by the perpetrator side reads nothing, so records no download', async () => {
    const before = (await entries('referral.partner_side_document_downloaded', partnerSideId)).length;
    await clients.facilitator.get(`/referral-documents/${partnerSideId}/download`);
    expect(await entries('referral.partner_side_document_downloaded', partnerSideId)).toHaveLength(before);
  });
});
