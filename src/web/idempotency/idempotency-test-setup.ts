import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { createCaseWithPartners } from '../../../test/fixtures/cases.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { IDEMPOTENCY_KEY_HEADER } from './hooks.js';

/*
 * What the safe-retry tests share (idempotency-api, -wall and -pages .test.ts): one organisation
 * with his case and her cases, signed in as his side, her side and management, and counts of the
 * records a retry must not save twice.
 */
export type IdempotencyTest = {
  t: TestApp;
  org: TestOrganisation;
  known: Awaited<ReturnType<typeof createCaseWithPartners>>;
  facilitator: TestClient;
  partnerWorker: TestClient;
  manager: TestClient;
  hisNotes: (body: string) => Promise<number>;
  herNotes: (body: string) => Promise<number>;
  participantsNamed: (familyName: string) => Promise<number>;
};

export async function setUpIdempotencyTest(): Promise<IdempotencyTest> {
  const t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  const org = await createTestOrganisation(t.database.db, 'Kestrelford');
  const known = await createCaseWithPartners(t.database.db, org, 'K');
  const [facilitator, partnerWorker, manager] = await Promise.all([
    t.signedIn(org.users.perpetrator),
    t.signedIn(org.users.partner),
    t.signedIn(org.users.management),
  ]);

  async function hisNotes(body: string): Promise<number> {
    const rows = await t.database.db.selectFrom('perpetrator_case_notes').select('id').where('body', '=', body).execute();
    return rows.length;
  }

  async function herNotes(body: string): Promise<number> {
    const rows = await t.database.db.selectFrom('partner_case_notes').select('id').where('body', '=', body).execute();
    return rows.length;
  }

  async function participantsNamed(familyName: string): Promise<number> {
    const rows = await t.database.db.selectFrom('participants').select('id').where('family_name', '=', familyName).execute();
    return rows.length;
  }

  return { t, org, known, facilitator, partnerWorker, manager, hisNotes, herNotes, participantsNamed };
}

export const withKey = (key: string) => ({ headers: { [IDEMPOTENCY_KEY_HEADER]: key } });
export const sameResponse = (first: LightMyRequestResponse, second: LightMyRequestResponse) => {
  expect(second.statusCode).toBe(first.statusCode);
  expect(second.body).toBe(first.body);
  expect(second.headers['content-type']).toBe(first.headers['content-type']);
  expect(second.headers.location).toBe(first.headers.location);
};
