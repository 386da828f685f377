import { sql, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import type { Trx } from '../db/database.js';
import { auditSearchQuery, type AuditFilters, type AuditOrder } from './search-repository.js';

/*
 * EXPLAIN of the audit log's search as the application runs it: 20,000 entries, statistics taken,
 * sequential scans priced out (enable_seqscan off) so a plan that still scans the log is one with
 * no index to use. Each filter reads an index in the list's order, newest or oldest first, and
 * stops at the page's LIMIT: no sort of the organisation's log, no count over it.
 */

const ENTRIES = 20_000;
const RECORD = '6f1c2a4e-0b7d-4c55-9a31-2e8f0d4b7c19';

let t: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrganisation(t.database.db, 'Coldharbour');
  await sql`
    INSERT INTO audit_events (organisation_id, occurred_at, actor_user_id, action, record_type, record_id, details)
    SELECT ${org.id}::uuid, now() - make_interval(secs => g),
           (ARRAY[${org.users.perpetrator.id}, ${org.users.partner.id}, ${org.users.management.id}]::uuid[])[1 + g % 3],
           (ARRAY['participant.viewed', 'partner_case.viewed', 'identity.signed_in', 'dash.recorded'])[1 + g % 4],
           (ARRAY['participant', 'partner_case', 'user', 'dash_assessment'])[1 + g % 4],
           CASE WHEN g % 500 = 0 THEN ${RECORD} ELSE gen_random_uuid()::text END,
           '{}'::jsonb
    FROM generate_series(1, ${ENTRIES}) g`.execute(t.database.db);
  await sql`ANALYZE audit_events`.execute(t.database.db);
});
afterAll(async () => t?.close());

async function planOf(query: (trx: Trx) => Compilable): Promise<string> {
  return t.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const compiled = query(trx).compile();
    const rows = await sql<{
      'QUERY PLAN': string;
    }>`EXPLAIN ${sql.raw(compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1])))}`.execute(
      trx,
    );
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** A parameter written into the EXPLAIN's text (ids, codes, dates and numbers of the test's own making). */
function literal(value: unknown): string {
  if (typeof value === 'number') {
    return String(value);
  }
  if (value instanceof Date) {
    return `'${value.toISOString()}'`;
  }
  if (Array.isArray(value)) {
    return `'{${value.map(String).join(',')}}'`;
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

describe('the audit log search reads an index in its order', () => {
  const cases: Array<[string, Omit<AuditFilters, 'organisationId'>, string]> = [
    ['no filter', {}, 'audit_events_org_time_idx'],
    ['who', { actorUserId: 'partner' }, 'audit_events_org_actor_time_idx'],
    ['action', { action: 'dash.recorded' }, 'audit_events_org_action_time_idx'],
    ['record type', { recordType: 'partner_case' }, 'audit_events_org_type_time_idx'],
    ['record id', { recordId: RECORD }, 'audit_events_org_record_time_idx'],
    ['dates', { from: new Date(Date.now() - 3_600_000), to: new Date() }, 'audit_events_org_time_idx'],
    ['side', { side: 'perpetrator' }, 'audit_events_org_time_idx'],
    [
      'the wall, for a reader on the perpetrator side',
      { hidePartnerSide: true, excludedActorIds: ['partner'] },
      'audit_events_org_time_idx',
    ],
    [
      'the wall and who',
      { hidePartnerSide: true, excludedActorIds: ['partner'], actorUserId: 'management' },
      'audit_events_org_actor_time_idx',
    ],
  ];
  for (const order of ['newest', 'oldest'] as AuditOrder[]) {
    it.each(cases)(`%s, ${order} first`, async (_name, filters, index) => {
      const user = (token: string): string => (token === 'partner' || token === 'management' ? org.users[token].id : token);
      const plan = await planOf((trx) =>
        auditSearchQuery(
          trx,
          {
            organisationId: org.id,
            ...filters,
            actorUserId: filters.actorUserId && user(filters.actorUserId),
            excludedActorIds: filters.excludedActorIds?.map(user),
          },
          { limit: 51, order },
        ),
      );
      expect(plan, plan).toContain(index);
      expect(plan, plan).not.toMatch(/Seq Scan on audit_events|Sort\b/);
      expect(plan, plan).toMatch(/^Limit/);
    });
  }

  it('a case reference reads the record index for each of its records', async () => {
    const plan = await planOf((trx) =>
      auditSearchQuery(
        trx,
        { organisationId: org.id, recordIds: [RECORD, '1b0f9f5e-8a1c-4d7e-b2a3-5c6d7e8f9a0b'] },
        { limit: 51 },
      ),
    );
    expect(plan, plan).toContain('audit_events_org_record_time_idx');
    expect(plan, plan).not.toMatch(/Seq Scan on audit_events/);
  });
});
