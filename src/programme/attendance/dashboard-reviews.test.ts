import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { addParticipants } from '../../../test/fixtures/caseloads.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';

/*
 * The dashboard's "Flagged for review" is bounded: the ten oldest open reviews, read on an index in
 * that order, and how many more there are; /programme/reviews lists them all. Reviews raised at the
 * same moment are told apart by id, so the bound holds within a moment too.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let facilitator: TestClient;
/** Open reviews' participants, oldest raised first (then review id). */
let inOrder: string[];
let facilitatorsOwn: string[];

const reviewedIds = (body: string) => {
  const list = /data-qa="dashboard-reviews"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
  return [...list.matchAll(/href="\/participants\/([0-9a-f-]{36})"/g)].map((m) => m[1] ?? '');
};

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  const db = t.database.db;
  const men = await addParticipants(
    db,
    org.id,
    Array.from({ length: 15 }, (_, i) => ({ givenName: `Ellis${i}`, familyName: 'Varden' })),
  );
  const programme = await db
    .insertInto('programmes')
    .values({ organisation_id: org.id, side: 'perpetrator', kind: 'group_dapp', name: 'Reviews programme' })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Three moments, so most reviews share theirs with others; one more resolved, never shown.
  const moments = ['2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z', '2026-03-04T10:00:00Z'];
  for (const [i, him] of men.entries()) {
    const enrolment = await db
      .insertInto('programme_enrolments')
      .values({
        organisation_id: org.id,
        participant_id: him.participantId,
        perpetrator_case_id: him.caseId,
        programme_id: programme.id,
        ready_on: '2026-01-05',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('enrolment_reviews')
      .values({
        organisation_id: org.id,
        enrolment_id: enrolment.id,
        reason: 'consecutive_absences',
        raised_at: new Date(moments[(15 - i) % 3] ?? ''),
        resolved_at: i === 14 ? new Date() : null,
        resolved_by: i === 14 ? org.users.management.id : null,
        resolution: i === 14 ? 'Spoken to' : null,
      })
      .execute();
  }
  // A third of the men are the facilitator's own cases.
  facilitatorsOwn = men.filter((_, i) => i % 3 === 0).map((m) => m.participantId);
  await db
    .updateTable('perpetrator_cases')
    .set({ allocated_worker_id: org.users.perpetrator.id })
    .where(
      'id',
      'in',
      men.filter((_, i) => i % 3 === 0).map((m) => m.caseId),
    )
    .execute();
  const rows = await db
    .selectFrom('enrolment_reviews as r')
    .innerJoin('programme_enrolments as e', 'e.id', 'r.enrolment_id')
    .select('e.participant_id')
    .where('r.organisation_id', '=', org.id)
    .where('r.resolved_at', 'is', null)
    .orderBy('r.raised_at')
    .orderBy('r.id')
    .execute();
  inOrder = rows.map((r) => r.participant_id);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
});
afterAll(async () => t?.close());

describe('the dashboard’s reviews show the ten oldest open and how many more', () => {
  it('a manager sees the ten oldest open reviews, how many more, and the link to them all', async () => {
    expect(inOrder).toHaveLength(14);
    const body = (await manager.get('/dashboard')).body;
    expect(reviewedIds(body)).toEqual(inOrder.slice(0, 10));
    expect(/data-qa="dashboard-reviews-more"[^]*?<\/p>/.exec(body)?.[0]).toContain('And 4 more.');
    expect(body).toContain('href="/programme/reviews"');
  });

  it('a facilitator sees only his own men’s reviews, with no "more" when all are shown', async () => {
    const mine = inOrder.filter((id) => facilitatorsOwn.includes(id));
    const body = (await facilitator.get('/dashboard')).body;
    expect(reviewedIds(body)).toEqual(mine);
    expect(body).not.toContain('data-qa="dashboard-reviews-more"');
  });
});
