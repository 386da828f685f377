import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { recordAuditEvent } from './service.js';

let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let dpo: TestClient;

/** The address of a results page's next (or previous) page link. */
function pageLink(body: string, rel: 'next' | 'prev'): string {
  const link = new RegExp(`govuk-pagination__${rel}">\\s*<a class="[^"]*" href="([^"]+)"`).exec(body);
  expect(link, `a ${rel} page link`).not.toBeNull();
  return (link?.[1] ?? '').replaceAll('&amp;', '&');
}
const nextPageOf = (body: string): string => pageLink(body, 'next');
const previousPageOf = (body: string): string => pageLink(body, 'prev');

/** The ids of the entries a results page shows. */
function shownEntryIds(body: string): string[] {
  return [...body.matchAll(/data-qa="entry-(\d+)"/g)].map((match) => match[1] ?? '');
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Riverside');
  other = await createTestOrganisation(t.database.db, 'Hillside');
  dpo = t.client();
  await dpo.signIn(org.users.dpo.email, org.users.dpo.password);
});
afterAll(async () => t?.close());

describe('access to the audit log', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const response = await t.client().get('/audit?action=identity.signed_in');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent('/audit?action=identity.signed_in')}`);
  });

  it.each(['perpetrator', 'partner', 'management', 'admin', 'noTeam'] as const)('refuses a %s user', async (role) => {
    const client = t.client();
    await client.signIn(org.users[role].email, org.users[role].password);
    expect((await client.get('/audit')).statusCode).toBe(403);
    expect((await client.get('/audit?from-day=99')).statusCode).toBe(403);
  });

  it('gives the data protection officer no case data', async () => {
    for (const url of ['/participants', '/partner-cases', '/api/v1/participants']) {
      expect((await dpo.get(url)).statusCode, url).not.toBe(200);
    }
    expect((await dpo.get('/audit')).body).toContain('href="/audit"');
  });
});

describe('searching the audit log', () => {
  it("shows the organisation's entries, newest first, and records the search", async () => {
    const response = await dpo.get('/audit');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('data-qa="audit-table"');
    expect(response.body).toContain('identity.signed_in');
    expect(response.body).toContain('Signed in<br>');
    expect(response.body).toContain('Riverside dpo worker');
    const ids = shownEntryIds(response.body).map(Number);
    expect(ids.length).toBeGreaterThan(0);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const searches = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'audit.searched')
      .where('actor_user_id', '=', org.users.dpo.id)
      .execute();
    expect(searches.length).toBeGreaterThan(0);
    expect(searches[0]?.organisation_id).toBe(org.id);
  });

  it('never shows another organisation’s entries', async () => {
    const outsider = t.client();
    await outsider.signIn(other.users.admin.email, other.users.admin.password);
    const theirEntries = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('organisation_id', '=', other.id)
      .execute();
    expect(theirEntries.length).toBeGreaterThan(0);
    const shown = shownEntryIds((await dpo.get('/audit')).body);
    for (const { id } of theirEntries) {
      expect(shown).not.toContain(id);
    }
    const byTheirUser = await dpo.get(`/audit?actor=${other.users.admin.id}`);
    expect(byTheirUser.statusCode).toBe(200);
    expect(shownEntryIds(byTheirUser.body)).toEqual([]);
    expect(byTheirUser.body).toContain('No entries match this search');
    // Their people are not offered as a choice either.
    expect(byTheirUser.body).not.toContain('Hillside admin worker');
  });

  it('filters by who, what, which record and when, and records the filters as ids and codes', async () => {
    const url =
      `/audit?actor=${org.users.dpo.id}&action=identity.signed_in&recordType=user&recordId=${org.users.dpo.id}` +
      '&from-day=1&from-month=1&from-year=2000&to-day=31&to-month=12&to-year=2999';
    const response = await dpo.get(url);
    expect(response.statusCode).toBe(200);
    const ids = shownEntryIds(response.body);
    expect(ids.length).toBe(1);
    const entry = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '=', ids[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'identity.signed_in', actor_user_id: org.users.dpo.id, record_id: org.users.dpo.id });

    const search = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'audit.searched')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(search.details).toEqual({
      actorUserId: org.users.dpo.id,
      action: 'identity.signed_in',
      recordType: 'user',
      recordId: org.users.dpo.id,
      from: '2000-01-01',
      to: '2999-12-31',
      page: 1,
      results: 1,
    });

    const future = await dpo.get('/audit?from-day=1&from-month=1&from-year=2999');
    expect(future.statusCode).toBe(200);
    expect(shownEntryIds(future.body)).toEqual([]);
  });

  it('rejects a date that does not exist with a message beside the field, not an error page', async () => {
    const response = await dpo.get('/audit?from-day=31&from-month=2&from-year=2026&to-day=1&to-year=2026');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Date from must be a real date');
    expect(response.body).toContain('Date to must include a month');
    expect(response.body).toContain('href="#from"');
    expect(response.body).toContain('value="31"');
    expect(response.body).not.toContain('data-qa="audit-table"');

    const backwards = await dpo.get('/audit?from-day=2&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('Date to must be the same as or after date from');
  });

  it('rejects other malformed filters with 400 and field messages', async () => {
    const response = await dpo.get('/audit?actor=someone&action=everything&recordType=diary&recordId=Jane%20Doe&page=0');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select a user from the list');
    expect(response.body).toContain('Select an action from the list');
    expect(response.body).toContain('Select a record type from the list');
    expect(response.body).toContain('Enter a record id as it appears in the log');
  });

  it('pages through results 50 at a time, keeping the filters', async () => {
    await t.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 120; i += 1) {
        await recordAuditEvent(trx, {
          organisationId: org.id,
          actorUserId: org.users.admin.id,
          action: 'admin.user_updated',
          recordType: 'user',
          recordId: org.users.noTeam.id,
          details: { sequence: i },
        });
      }
    });
    const first = await dpo.get('/audit?action=admin.user_updated');
    expect(first.statusCode).toBe(200);
    expect(shownEntryIds(first.body)).toHaveLength(50);
    expect(first.body).toContain('Showing 1 to 50 of 120 entries');
    expect(first.body).toContain('govuk-pagination');
    // Each page links to the next by the last entry it shows, keeping the filters.
    const firstIdsShown = shownEntryIds(first.body);
    expect(first.body).toContain(`href="/audit?action=admin.user_updated&amp;after=${firstIdsShown.at(-1)}"`);
    expect(first.body).not.toContain('govuk-pagination__prev');

    const second = await dpo.get(nextPageOf(first.body));
    expect(shownEntryIds(second.body)).toHaveLength(50);
    expect(second.body).toContain('Showing 51 to 100 of 120 entries');
    const last = await dpo.get(nextPageOf(second.body));
    expect(shownEntryIds(last.body)).toHaveLength(20);
    expect(last.body).toContain('Showing 101 to 120 of 120 entries');
    expect(last.body).not.toContain('govuk-pagination__next');
    const allShown = [...firstIdsShown, ...shownEntryIds(second.body), ...shownEntryIds(last.body)];
    expect(new Set(allShown).size).toBe(120);
    expect(allShown.map(Number)).toEqual([...allShown.map(Number)].sort((a, b) => b - a));

    // And back again: the page before the last is the second page, and the one before that the first.
    const back = await dpo.get(previousPageOf(last.body));
    expect(shownEntryIds(back.body)).toEqual(shownEntryIds(second.body));
    expect(back.body).toContain('Showing 51 to 100 of 120 entries');
    expect(previousPageOf(back.body)).toBe('/audit?action=admin.user_updated');
    const firstIds = new Set(firstIdsShown);
    expect(shownEntryIds(last.body).some((id) => firstIds.has(id))).toBe(false);
  });

  it('shows the first page for a malformed page link, or one naming an entry of another organisation', async () => {
    await t.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 60; i += 1) {
        await recordAuditEvent(trx, { organisationId: org.id, actorUserId: org.users.admin.id, action: 'admin.team_created' });
      }
    });
    const firstPage = shownEntryIds((await dpo.get('/audit?action=admin.team_created')).body);
    expect(firstPage).toHaveLength(50);
    await t.database.db
      .transaction()
      .execute((trx) =>
        recordAuditEvent(trx, { organisationId: other.id, actorUserId: other.users.admin.id, action: 'admin.team_created' }),
      );
    const theirs = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('organisation_id', '=', other.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    for (const cursor of [
      'after=abc',
      'before=-1',
      'after=99999999999999999999',
      `after=${theirs.id}`,
      `before=${theirs.id}`,
      'after=1&before=2',
    ]) {
      const response = await dpo.get(`/audit?action=admin.team_created&${cursor}`);
      expect(response.statusCode, cursor).toBe(200);
      expect(shownEntryIds(response.body), cursor).toEqual(firstPage);
      expect(response.body, cursor).toContain('Showing 1 to 50 of 60 entries');
    }
  });
});
