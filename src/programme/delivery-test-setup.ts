import { expect } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { team } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';

export { auditCount } from '../../test/fixtures/audit-events.js';

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
  const staff = await team(label);
  return { ...staff, signedIn: staff.t.signedIn, admin: await staff.t.signedIn(staff.org.users.admin) };
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
