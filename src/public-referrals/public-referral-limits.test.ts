import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation } from '../../test/fixtures/organisation.js';
import { FormWalk, errorsIn, pageOf, referenceIn, type StepAnswers } from './form-walk.testing.js';

/*
 * The public form's limits: PUBLIC_REFERRAL_RATE_LIMIT_PER_HOUR counts the referrals sent from
 * one address (going through the pages does not count), PUBLIC_REFERRAL_STEP_RATE_LIMIT_PER_HOUR
 * is a ceiling on every post, and the same answers sent twice make one referral.
 */
const selfPages = (name: string): StepAnswers[] => [
  { givenName: name, familyName: 'Nance', phone: '07700 900111' },
  { interpreter: 'no' },
  { relationshipContext: 'not_known' },
  {},
  { reason: 'I lose my temper.' },
];

async function withForm(overrides: Parameters<typeof createTestApp>[0]): Promise<TestApp> {
  const app = await createTestApp(overrides);
  const org = await createTestOrganisation(app.database.db, 'Looe');
  await app.database.db.updateTable('organisations').set({ public_referral_slug: 'looe' }).where('id', '=', org.id).execute();
  return app;
}

const referralCount = async (app: TestApp) =>
  Number(
    (
      await app.database.db
        .selectFrom('referrals')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('referrals sent per hour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withForm({ publicReferralRateLimitPerHour: 2, publicReferralStepRateLimitPerHour: 10_000 });
  });
  afterAll(async () => t?.close());

  it('counts referrals sent, not pages: two referrals of many pages each go through, the third waits with its answers kept', async () => {
    const client = t.client();
    for (const name of ['Piran', 'Jowan']) {
      const walk = new FormWalk(client, 'looe');
      await walk.toCheck('self', selfPages(name));
      // Going back and forth adds posts that are not referrals.
      await walk.change('him');
      await walk.back();
      expect(referenceIn(await walk.send())).toMatch(/^RF-\d+$/);
    }
    expect(await referralCount(t)).toBe(2);

    const third = new FormWalk(client, 'looe');
    await third.toCheck('self', selfPages('Tomas'));
    const refused = await third.send();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(pageOf(refused)).toBe('check');
    expect(errorsIn(refused)).toEqual([expect.stringContaining('Too many referrals have been sent from this connection')]);
    // Her answers are still on the page, ready to send later.
    expect(refused.body).toContain('Tomas Nance');
    expect(await referralCount(t)).toBe(2);
  });

  it('the same answers sent twice (a double click, a refreshed confirmation) make one referral with one reference, counted once', async () => {
    const fresh = await withForm({ publicReferralRateLimitPerHour: 1, publicReferralStepRateLimitPerHour: 10_000 });
    try {
      const walk = new FormWalk(fresh.client(), 'looe');
      await walk.toCheck('self', selfPages('Piran'));
      const sealed = walk.state;
      const [first, second] = await Promise.all([walk.send(), walk.post({}, 'submit')]);
      walk.state = sealed;
      const third = await walk.send();
      const references = [first, second, third].map((response) => referenceIn(response));
      expect(references[0]).toMatch(/^RF-\d+$/);
      expect(new Set(references).size).toBe(1);
      expect(await referralCount(fresh)).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('the ceiling on page posts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withForm({ publicReferralRateLimitPerHour: 10_000, publicReferralStepRateLimitPerHour: 3 });
  });
  afterAll(async () => t?.close());

  it('refuses a flood of posts with 429 after the ceiling, and stores nothing', async () => {
    const walk = new FormWalk(t.client(), 'looe');
    await walk.open();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await walk.continue({ route: 'self' })).statusCode);
    }
    // The first post opens the next page; the others lack its answers (400) until the ceiling answers 429.
    expect(statuses).toEqual([200, 400, 400, 429, 429]);
    expect(walk.last.headers['cache-control']).toBe('no-store');
    expect(await referralCount(t)).toBe(0);
  });
});

describe('files sent to the public form', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withForm({ publicReferralRateLimitPerHour: 10_000, publicReferralStepRateLimitPerHour: 10_000 });
  });
  afterAll(async () => t?.close());

  it('the form takes no files: an upload of any type to any step is refused with a 4xx, never a 500, and nothing is stored', async () => {
    const boundary = '----parallel-test-boundary';
    const files = [
      { name: 'statement.exe', type: 'application/x-msdownload', bytes: Buffer.from('MZ\x90\x00\x03\x00\x00\x00') },
      { name: 'statement.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ];
    for (const path of ['/refer/looe/questions', '/refer/looe/submit']) {
      for (const file of files) {
        const body = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="route"\r\n\r\nself\r\n`),
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
          ),
          file.bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const response = await t.app.inject({
          method: 'POST',
          url: path,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload: body,
        });
        expect(response.statusCode, `${path} ${file.name}`).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, `${path} ${file.name}`).toBeLessThan(500);
        expect(response.body).not.toContain('MZ');
      }
    }
    expect(await referralCount(t)).toBe(0);
  });
});
