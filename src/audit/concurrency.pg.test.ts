import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import type { Actor } from '../access/index.js';
import { withActor } from '../db/database.js';
import { sealPendingAuditEntries } from './chainer.js';
import { recordActorEvent } from './service.js';
import { verifyAuditChains } from './verify.js';

/*
 * PostgreSQL only (several connections at once; PGlite has one). Audited reads of one
 * organisation no longer wait for each other: a request holding its transaction open does not
 * hold up the next one's audit entry, and the chainer seals both, in the order they committed.
 */

const BOUND_MS = 3000;

let t: TestApp;
let org: TestOrganisation;
beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Riverside');
});
afterAll(async () => t?.close());

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref()),
  ]);
}

describe('audited reads of one organisation', () => {
  it('run concurrently: one held open does not hold up another, and both are sealed in commit order', async () => {
    const db = t.database.db;
    await sealPendingAuditEntries(db);
    const worker: Actor = {
      userId: org.users.partner.id,
      organisationId: org.id,
      displayName: 'Riverside partner worker',
      sides: new Set(['partner']),
    };
    const origin = { ip: '192.0.2.30' };

    // Transaction A: an audited read of her case, held open.
    let releaseA = (): void => undefined;
    const holdA = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    let recordedA = (): void => undefined;
    const aRecorded = new Promise<void>((resolve) => {
      recordedA = resolve;
    });
    const caseId = '00000000-0000-4000-8000-0000000000aa';
    const transactionA = withActor(db, worker, async (trx) => {
      await recordActorEvent(trx, worker, origin, 'partner_case.viewed', { type: 'partner_case', id: caseId });
      recordedA();
      await holdA;
    });
    try {
      await within(BOUND_MS, aRecorded);

      // Another connection: an audited read for the same organisation commits while A is open.
      const started = Date.now();
      await within(
        BOUND_MS,
        withActor(db, worker, (trx) =>
          recordActorEvent(trx, worker, origin, 'partner_case.viewed', { type: 'partner_case', id: caseId }),
        ),
      );
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
      // And a real request of the same organisation's data protection officer, audited too.
      const dpo = t.client();
      await within(BOUND_MS, dpo.signIn(org.users.dpo.email, org.users.dpo.password));
      const search = await within(BOUND_MS, dpo.get('/audit?action=partner_case.viewed'));
      expect(search.statusCode).toBe(200);

      // The chainer seals what has committed, and does not wait for A either.
      expect(await within(BOUND_MS, sealPendingAuditEntries(db))).toBeGreaterThanOrEqual(3);
    } finally {
      releaseA();
      await transactionA;
    }

    // A committed last, though its id is the lowest: it is sealed after the others, not skipped.
    expect(await sealPendingAuditEntries(db)).toBe(1);
    const chain = await db
      .selectFrom('audit_events')
      .select(['id', 'chain_seq', 'prev_hash', 'hash', 'action', 'record_id'])
      .where('organisation_id', '=', org.id)
      .orderBy('chain_seq')
      .execute();
    const reads = chain.filter((row) => row.action === 'partner_case.viewed' && row.record_id === caseId);
    expect(reads).toHaveLength(2);
    const [b, a] = reads;
    expect(Number(a?.id)).toBeLessThan(Number(b?.id));
    expect(Number(a?.chain_seq)).toBeGreaterThan(Number(b?.chain_seq));
    const last = chain.at(-1);
    expect(last?.id).toBe(a?.id);
    expect(a?.prev_hash).toBe(chain.at(-2)?.hash);
    expect(await verifyAuditChains(db)).toMatchObject({ firstBreak: null, pending: 0 });
  });
});
