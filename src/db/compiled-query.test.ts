import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { compiledQuery, type Placeholders } from './compiled-query.js';
import { withActor, type DatabaseHandle } from './database.js';

/*
 * A query built once and run many times: each call gets its own values, row-level security applies
 * as to any read, and a query that would write a value into its SQL text is refused.
 */

let database: DatabaseHandle;
let org: TestOrganisation;
let cases: Awaited<ReturnType<typeof createCaseWithPartners>>;

beforeAll(async () => {
  database = await createTestDatabase();
  org = await createTestOrganisation(database.db, 'Compiled');
  cases = await createCaseWithPartners(database.db, org);
});
afterAll(() => database.close());

let builds = 0;
const partnerCaseReference = compiledQuery((db, p: Placeholders<{ caseId: string; status: string }>) => {
  builds += 1;
  return db
    .selectFrom('partner_cases')
    .select(['id', 'reference'])
    .where('id', '=', p.caseId)
    .where(sql<boolean>`status::text <> ${p.status}`);
});

describe('compiledQuery', () => {
  it('builds once and runs each call with its own values', async () => {
    const partner = { userId: org.users.partner.id, organisationId: org.id };
    const current = await withActor(database.db, partner, (trx) =>
      partnerCaseReference.first(trx, { caseId: cases.currentCaseId, status: 'closed' }),
    );
    const former = await withActor(database.db, partner, (trx) =>
      partnerCaseReference.all(trx, { caseId: cases.exCaseId, status: 'closed' }),
    );
    expect(current?.id).toBe(cases.currentCaseId);
    expect(former.map((row) => row.id)).toEqual([cases.exCaseId]);
    expect(builds).toBe(1);
  });

  it('reads under row-level security like any other query: his side does not see her case', async () => {
    const facilitator = { userId: org.users.perpetrator.id, organisationId: org.id };
    const rows = await withActor(database.db, facilitator, (trx) =>
      partnerCaseReference.all(trx, { caseId: cases.currentCaseId, status: 'closed' }),
    );
    expect(rows).toEqual([]);
  });

  it('refuses a call without a value for a placeholder, and a query that writes one into its text', async () => {
    const partner = { userId: org.users.partner.id, organisationId: org.id };
    await expect(
      withActor(database.db, partner, (trx) => partnerCaseReference.all(trx, { caseId: cases.currentCaseId } as never)),
    ).rejects.toThrow('No value for the query parameter "status"');
    const spliced = compiledQuery((db, p: Placeholders<{ reference: string }>) =>
      db
        .selectFrom('partner_cases')
        .select('id')
        .where(sql<boolean>`reference = ${sql.lit(String(p.reference))}`),
    );
    await expect(withActor(database.db, partner, (trx) => spliced.all(trx, { reference: 'PS-1' }))).rejects.toThrow(
      'A placeholder was written into the SQL text',
    );
  });
});
