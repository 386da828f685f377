import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withActor, type Trx } from '../src/db/database.js';
import type { Side } from '../src/db/schema.js';
import { type TestOrganisation } from './fixtures/organisation.js';
import { t, orgA, orgB, caseA, useWall } from './fixtures/wall.js';

/* The confidentiality wall in the database: row-level security refuses even when the application forgets. */
useWall();

describe('row-level security: the database refuses even when the application forgets', () => {
  const partnerTables = [
    'partners',
    'partner_cases',
    'partner_case_notes',
    'shares',
    'child_partner_details',
    'dash_assessments',
    'dash_answers',
    'marac_referrals',
    'marac_actions',
    'marac_meetings',
    'assessment_report_partner_shares',
    'risk_alerts',
    'risk_alert_case_acknowledgements',
  ] as const;

  async function countAs(side: Side | 'noTeam', org: TestOrganisation, table: string): Promise<number> {
    const user = side === 'noTeam' ? org.users.noTeam : org.users[side];
    return withActor(t.database.db, { userId: user.id, organisationId: org.id }, async (trx) => {
      // Shares of his information alone are his side's; the wall is about shares from her case.
      // Likewise escalation alerts: his side's alerts are his side's; her side's must stay hers.
      const where =
        table === 'shares'
          ? sql`WHERE partner_case_id IS NOT NULL`
          : table === 'risk_alerts'
            ? sql`WHERE side = 'partner'`
            : sql``;
      const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)} ${where}`.execute(trx);
      return Number(rows[0]?.n);
    });
  }

  it.each(partnerTables)('a perpetrator-side user reading %s directly gets no rows', async (table) => {
    expect(await countAs('perpetrator', orgA, table)).toBe(0);
    expect(await countAs('admin', orgA, table)).toBe(0);
    expect(await countAs('dpo', orgA, table)).toBe(0);
    expect(await countAs('noTeam', orgA, table)).toBe(0);
    expect(await countAs('partner', orgA, table)).toBeGreaterThan(0);
  });

  it('a perpetrator-side user cannot read his partner notes or write partner-side rows directly', async () => {
    const perpetrator = orgA.users.perpetrator;
    const attempt = withActor(t.database.db, { userId: perpetrator.id, organisationId: orgA.id }, (trx) =>
      trx
        .insertInto('partner_case_notes')
        .values({
          organisation_id: orgA.id,
          partner_case_id: caseA.currentCaseId,
          author_id: perpetrator.id,
          body: 'written past the wall',
        })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const updated = await withActor(t.database.db, { userId: perpetrator.id, organisationId: orgA.id }, (trx) =>
      trx
        .updateTable('partners')
        .set({ code_word: 'changed' })
        .where('participant_id', '=', caseA.participantId)
        .executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
  });

  it('a perpetrator-side user cannot write a child’s partner-side details directly, nor link a child to her', async () => {
    const perpetrator = orgA.users.perpetrator;
    const asFacilitator = <T>(work: (trx: Trx) => Promise<T>) =>
      withActor(t.database.db, { userId: perpetrator.id, organisationId: orgA.id }, work);
    const updated = await asFacilitator((trx) =>
      trx.updateTable('child_partner_details').set({ school: 'written past the wall' }).executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const other = await t.database.db
      .insertInto('children')
      .values({ organisation_id: orgA.id, participant_id: caseA.participantId, age_years: 3 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inserted = asFacilitator((trx) =>
      trx
        .insertInto('child_partner_details')
        .values({ child_id: other.id, organisation_id: orgA.id, school: 'written past the wall' })
        .execute(),
    );
    await expect(inserted).rejects.toThrow(/row-level security/);
    const school = await t.database.db
      .selectFrom('child_partner_details')
      .select('school')
      .where('child_id', '=', caseA.childId)
      .executeTakeFirstOrThrow();
    expect(school.school).toBe('Sandpiper Green Primary A');
  });

  it('his children are on both sides’ files, but not for the administrator, the DPO or a user in no team', async () => {
    for (const side of ['perpetrator', 'partner', 'management'] as const) {
      expect(await countAs(side, orgA, 'children'), side).toBeGreaterThan(0);
    }
    for (const side of ['admin', 'dpo', 'noTeam'] as const) {
      expect(await countAs(side, orgA, 'children'), side).toBe(0);
    }
  });

  it('his case notes are hidden from the partner side in the database too', async () => {
    expect(await countAs('partner', orgA, 'perpetrator_case_notes')).toBe(0);
    expect(await countAs('perpetrator', orgA, 'perpetrator_case_notes')).toBeGreaterThan(0);
  });

  it('a user of one organisation sees no rows of another, whatever organisation the request claims', async () => {
    const manager = orgA.users.management;
    const claimed = await withActor(t.database.db, { userId: manager.id, organisationId: orgB.id }, async (trx) =>
      trx.selectFrom('participants').select('id').execute(),
    );
    expect(claimed).toEqual([]);
    const own = await withActor(t.database.db, { userId: manager.id, organisationId: orgA.id }, async (trx) =>
      trx.selectFrom('participants').select('organisation_id').execute(),
    );
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((row) => row.organisation_id === orgA.id)).toBe(true);
  });

  it('without a request context the application role sees no case rows at all', async () => {
    const rows = await withActor(t.database.db, null, (trx) => trx.selectFrom('partner_cases').select('id').execute());
    expect(rows).toEqual([]);
  });
});
