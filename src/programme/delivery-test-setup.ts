import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/** A test app with one organisation and a signed-in client for each role, for the programme delivery tests. */
export type DeliveryTest = {
  t: TestApp;
  org: TestOrganisation;
  manager: TestClient;
  facilitator: TestClient;
  partnerWorker: TestClient;
  admin: TestClient;
  signedIn: (user: { email: string; password: string }) => Promise<TestClient>;
};

export async function setUpDeliveryTest(label: string): Promise<DeliveryTest> {
  const t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  const org = await createTestOrganisation(t.database.db, label);
  const signedIn = async (user: { email: string; password: string }): Promise<TestClient> => {
    const client = t.client();
    await client.signIn(user.email, user.password);
    return client;
  };
  return {
    t,
    org,
    signedIn,
    manager: await signedIn(org.users.management),
    facilitator: await signedIn(org.users.perpetrator),
    partnerWorker: await signedIn(org.users.partner),
    admin: await signedIn(org.users.admin),
  };
}

/** The id at the end of a 303's Location. */
export function createdId(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  path: string,
): string {
  expect(response.statusCode, response.body.slice(0, 600)).toBe(303);
  const location = String(response.headers.location ?? '');
  const id = new RegExp(`${path}/([0-9a-f-]{36})`).exec(location)?.[1];
  expect(id, location).toBeDefined();
  return id ?? '';
}

/** Counts the audit entries of one action about one record. */
export async function auditCount(t: TestApp, action: string, recordId?: string): Promise<number> {
  let query = t.database.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', action);
  if (recordId) {
    query = query.where('record_id', '=', recordId);
  }
  return Number((await query.executeTakeFirstOrThrow()).n);
}
