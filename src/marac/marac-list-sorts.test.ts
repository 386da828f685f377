import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { ordered, walkList } from '../../test/fixtures/list-walk.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * The MARAC lists' sortable columns (issue 12): /marac/referrals by referred date, her case's
 * reference or her name, /marac/actions by due date, her case's reference or agency, either way,
 * with the same sort and dir in the page and the API. 32 referrals (two pages of 25) with ties on
 * each sorted column, so paging forwards and back must keep every order whole: each referral
 * once, in order, the ties broken by id. A sort or dir it does not know is a 400 naming it.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
const COUNT = 32;
const FAMILY = ['Ashdown', 'Brackley', 'Cotterill', 'Dimmock', 'Ellery', 'Fenwick', 'Gosling', 'Hartigan'];

type Referral = { id: string; reference: string; familyName: string; givenName: string; referredOn: string };
type Action = { id: string; reference: string; agency: string; dueOn: string };
const referrals: Referral[] = [];
const actions: Action[] = [];
type Meeting = { id: string; area: string; meetsOn: string };
const meetings: Meeting[] = [];

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Kestrelmoor');
  const db = t.database.db;
  const him = await db
    .insertInto('participants')
    .values({ organisation_id: org.id, reference: 'PA-710001', given_name: 'Ambrose', family_name: 'Pilkington' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const caseOf = new Map<string, { id: string; familyName: string; givenName: string }>();
  for (let i = 0; i < COUNT; i++) {
    // References out of the order of the dates and the names; four cases referred twice (a tie on the reference).
    const reference = `PS-72${String((i * 9) % 28).padStart(4, '0')}`;
    let herCase = caseOf.get(reference);
    if (!herCase) {
      const familyName = FAMILY[i % FAMILY.length] ?? 'Ashdown';
      const givenName = i % 3 === 0 ? 'Beatrix' : 'Clementine';
      const partner = await db
        .insertInto('partners')
        .values({
          organisation_id: org.id,
          participant_id: him.id,
          given_name: givenName,
          family_name: familyName,
          relationship: 'ex',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id } = await db
        .insertInto('partner_cases')
        .values({ organisation_id: org.id, partner_id: partner.id, reference, status: 'open' })
        .returning('id')
        .executeTakeFirstOrThrow();
      herCase = { id, familyName, givenName };
      caseOf.set(reference, herCase);
    }
    const { familyName, givenName } = herCase;
    const referredOn = `2026-0${1 + (i % 4)}-1${i % 3}`;
    const referral = await db
      .insertInto('marac_referrals')
      .values({
        organisation_id: org.id,
        partner_case_id: herCase.id,
        referred_on: referredOn,
        area: 'Kestrelmoor',
        criteria: ['visible_high_risk'],
        safe_to_call: true,
        relationship: 'Ex-partner',
        she_knows: true,
        she_consents: true,
        referred_by: org.users.partner.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    referrals.push({ id: referral.id, reference, familyName, givenName, referredOn });
    const agency = ['Police', 'Housing', 'Children’s services'][i % 3] ?? 'Police';
    const dueOn = `2026-1${i % 3}-0${1 + (i % 5)}`;
    const action = await db
      .insertInto('marac_actions')
      .values({
        organisation_id: org.id,
        marac_referral_id: referral.id,
        action: `Action ${i}`,
        agency,
        due_on: dueOn,
        recorded_by: org.users.partner.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    actions.push({ id: action.id, reference, agency, dueOn });
  }
  for (let i = 0; i < 30; i++) {
    const area = ['Kestrelmoor', 'Eastwold', 'Marlow Vale'][i % 3] ?? 'Kestrelmoor';
    const meetsOn = `2027-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 7)}`;
    const meeting = await db
      .insertInto('marac_meetings')
      .values({ organisation_id: org.id, area, meets_on: meetsOn, created_by: org.users.partner.id })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (meeting) {
      meetings.push({ id: meeting.id, area, meetsOn });
    }
  }
  await sql`ANALYZE`.execute(db);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
});
afterAll(async () => t?.close());

const walk = (path: string, query: string) => walkList(manager, `/api/v1/${path}`, query);

describe('MARAC referrals sorted on the server, paged in each order', () => {
  const keys: Record<string, (r: Referral) => string[]> = {
    referred: (r) => [r.referredOn],
    reference: (r) => [r.reference],
    name: (r) => [r.familyName, r.givenName],
  };
  for (const [sort, key] of Object.entries(keys)) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sort=${sort}&dir=${dir}`, async () => {
        const { ids, back, first } = await walk('marac-referrals', `sort=${sort}&dir=${dir}`);
        expect(ids).toEqual(ordered(referrals, key, dir));
        expect(back).toEqual(first);
      });
    }
  }

  it('opens newest referred first, as sort=referred&dir=desc', async () => {
    const { ids } = await walk('marac-referrals', 'scope=all');
    expect(ids).toEqual(ordered(referrals, keys.referred ?? (() => []), 'desc'));
  });

  it('keeps the order with a filter', async () => {
    const { ids } = await walk('marac-referrals', 'q=PS-7200&sort=name&dir=desc');
    const found = referrals.filter((r) => r.reference.startsWith('PS-7200'));
    expect(ids).toEqual(ordered(found, keys.name ?? (() => []), 'desc'));
  });

  it('marks the sorted heading with aria-sort, its link turning it the other way, the filters and order kept across pages', async () => {
    const page = await manager.get('/marac/referrals?status=referred&sort=reference');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /aria-sort="ascending"[^>]*>\s*<a[^>]*href="\/marac\/referrals\?status=referred&amp;sort=reference&amp;dir=desc"[^>]*data-qa="sort-reference"/,
    );
    expect(page.body).toMatch(
      /aria-sort="none"[^>]*>\s*<a[^>]*href="\/marac\/referrals\?status=referred&amp;sort=name&amp;dir=asc"/,
    );
    expect(page.body).toMatch(
      /govuk-pagination__next">\s*<a[^>]*href="\/marac\/referrals\?status=referred&amp;sort=reference&amp;dir=asc&amp;after=/,
    );
    expect(page.body).toContain('<input type="hidden" name="sort" value="reference">');
    const opened = await manager.get('/marac/referrals');
    expect(opened.body).toMatch(/aria-sort="descending"[^>]*>\s*<a[^>]*href="\/marac\/referrals\?sort=referred&amp;dir=asc"/);
  });

  it('shows each selected filter with its own remove link, and Clear filters keeps the scope and order', async () => {
    const page = await manager.get(
      `/marac/referrals?scope=all&q=Ashdown&status=referred&risk=high&worker=${org.users.partner.id}&from=2026-01-01&to=2026-12-31&sort=name&dir=desc`,
    );
    expect(page.body).toContain('Selected filters');
    const without = (name: string) => {
      const params = new URLSearchParams({
        scope: 'all',
        q: 'Ashdown',
        status: 'referred',
        risk: 'high',
        worker: org.users.partner.id,
        from: '2026-01-01',
        to: '2026-12-31',
        sort: 'name',
        dir: 'desc',
      });
      params.delete(name);
      return `/marac/referrals?${params.toString()}`.replace(/&/g, '&amp;');
    };
    for (const [name, text] of [
      ['q', 'Ashdown'],
      ['status', 'Referred'],
      ['risk', 'High'],
      ['worker', 'Kestrelmoor partner worker'],
      ['from', '2026-01-01'],
      ['to', '2026-12-31'],
    ] as const) {
      expect(page.body, name).toMatch(new RegExp(`href="${without(name).replace(/[?.]/g, '\\$&')}"[^>]*>[\\s\\S]{0,200}${text}`));
    }
    expect(page.body).toContain('href="/marac/referrals?scope=all&amp;sort=name&amp;dir=desc"');
    expect(page.body).toContain('Clear filters');
    expect((await manager.get('/marac/referrals?scope=all')).body).not.toContain('Selected filters');
  });
});

describe('MARAC actions sorted on the server, paged in each order', () => {
  const keys: Record<string, (a: Action) => string[]> = {
    due: (a) => [a.dueOn],
    reference: (a) => [a.reference],
    agency: (a) => [a.agency],
  };
  for (const [sort, key] of Object.entries(keys)) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sort=${sort}&dir=${dir}`, async () => {
        const { ids, back, first } = await walk('marac-actions', `scope=all&sort=${sort}&dir=${dir}`);
        expect(ids).toEqual(ordered(actions, key, dir));
        expect(back).toEqual(first);
      });
    }
  }

  it('opens the earliest due first, and keeps the order beside the scope and due switches', async () => {
    const { ids } = await walk('marac-actions', 'scope=all');
    expect(ids).toEqual(ordered(actions, keys.due ?? (() => []), 'asc'));
    const page = await manager.get('/marac/actions?scope=all&sort=agency&dir=desc');
    expect(page.body).toMatch(
      /aria-sort="descending"[^>]*>\s*<a[^>]*href="\/marac\/actions\?scope=all&amp;sort=agency&amp;dir=asc"[^>]*data-qa="sort-agency"/,
    );
    expect(page.body).toContain('href="/marac/actions?scope=mine&amp;sort=agency&amp;dir=desc"');
    expect(page.body).toContain('href="/marac/actions?scope=all&amp;due=overdue&amp;sort=agency&amp;dir=desc"');
  });
});

describe('MARAC meetings sorted on the server, paged in each order', () => {
  const keys: Record<string, (m: Meeting) => string[]> = {
    area: (m) => [m.area, m.meetsOn],
    date: (m) => [m.meetsOn, m.area],
  };
  for (const [sort, key] of Object.entries(keys)) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sort=${sort}&dir=${dir}`, async () => {
        const { ids, back, first } = await walk('marac-meetings', `sort=${sort}&dir=${dir}`);
        expect(ids).toEqual(ordered(meetings, key, dir));
        expect(back).toEqual(first);
      });
    }
  }

  it('opens by area, then date; the headings sort it, the area filter and dates kept', async () => {
    const { ids } = await walk('marac-meetings', 'area=');
    expect(ids).toEqual(ordered(meetings, keys.area ?? (() => []), 'asc'));
    const page = await manager.get('/marac?area=Eastwold&sort=date&dir=desc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /aria-sort="descending"[^>]*>\s*<a[^>]*href="\/marac\?area=Eastwold&amp;sort=date&amp;dir=asc"[^>]*data-qa="sort-date"/,
    );
    expect(page.body).toMatch(/aria-sort="none"[^>]*>\s*<a[^>]*href="\/marac\?area=Eastwold"[^>]*data-qa="sort-area"/);
    expect(page.body).toContain('<input type="hidden" name="sort" value="date">');
  });
});

describe('a sort or dir it does not know', () => {
  for (const [path, api] of [
    ['/marac/referrals', '/api/v1/marac-referrals'],
    ['/marac/actions', '/api/v1/marac-actions'],
    ['/marac', '/api/v1/marac-meetings'],
  ] as const) {
    it(`${path}: a 400 naming it in the API, the message above the table on the page`, async () => {
      for (const [query, field, message] of [
        ['sort=status', 'sort', 'sort must be'],
        ['sort=', null, null],
        ['dir=up', 'dir', 'dir must be asc or desc'],
        ['sort=reference&dir=sideways', 'dir', 'dir must be asc or desc'],
      ] as const) {
        const answer = await manager.request('GET', `${api}?${query}`);
        if (field === null) {
          expect(answer.statusCode, query).toBe(200);
          continue;
        }
        expect(answer.statusCode, query).toBe(400);
        const fields = answer.json<{ error: { fields: Record<string, string> } }>().error.fields;
        expect(fields[field], query).toContain(message);
        const page = await manager.get(`${path}?${query}`);
        expect(page.statusCode, query).toBe(400);
        expect(page.body, query).toContain('data-qa="sort-error"');
        expect(page.body, query).toContain(`href="#${field}"`);
      }
    });
  }
});
