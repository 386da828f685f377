import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, type ListedParticipant } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { statementsDuring } from '../../test/fixtures/statements.js';
import { nameOrderWindow } from './caseload-window.js';

/*
 * A caseload searched by a common name reads its page from a window of the ids the search found,
 * in name order (migration 0043): the pages must be exactly those of the whole list, in either
 * direction of sort and of paging, however few of a window's people the filters keep.
 */

type ListJson = { items: Array<{ id: string }>; total: number; next: string | null; previous: string | null };

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let men: ListedParticipant[];
/** The men allocated to the facilitator: every fifth, so a first window of 52 holds about ten of them. */
let mine: ListedParticipant[];

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: ListedParticipant, b: ListedParticipant) =>
  compare(a.familyName, b.familyName) || compare(a.givenName, b.givenName) || compare(a.participantId, b.participantId);

/** Every id the API lists, following `next` to the end, then `previous` back to the start. */
async function forwardsAndBack(query: string): Promise<{ forwards: string[]; back: string[]; total: number }> {
  const pages: ListJson[] = [];
  let after: string | null = null;
  do {
    const response = await facilitator.request('GET', `/api/v1/participants?${query}${after ? `&after=${after}` : ''}`);
    expect(response.statusCode, query).toBe(200);
    pages.push(response.json<ListJson>());
    after = pages.at(-1)?.next ?? null;
  } while (after && pages.length < 20);
  const back: string[] = [...(pages.at(-1)?.items.map((i) => i.id) ?? [])].reverse();
  let before = pages.at(-1)?.previous ?? null;
  while (before && back.length < 1000) {
    const response = await facilitator.request('GET', `/api/v1/participants?${query}&before=${before}`);
    const page = response.json<ListJson>();
    back.push(...[...page.items.map((i) => i.id)].reverse());
    before = page.previous;
  }
  return { forwards: pages.flatMap((p) => p.items.map((i) => i.id)), back: back.reverse(), total: pages[0]?.total ?? -1 };
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury Heath');
  const db = t.database.db;
  // 130 men a misspelt "Pemberton" finds, their given names out of step with the order they were added in.
  men = await addParticipants(
    db,
    org.id,
    Array.from({ length: 130 }, (_, i) => ({
      givenName: `Corin${String((i * 37) % 130).padStart(3, '0')}`,
      familyName: i % 2 === 0 ? 'Pemberton' : 'Pembertone',
    })),
  );
  // Others the search must not find.
  await addParticipants(db, org.id, [
    { givenName: 'Alder', familyName: 'Quist' },
    { givenName: 'Bryony', familyName: 'Okafor' },
  ]);
  mine = men.filter((_, i) => i % 5 === 0);
  await db
    .updateTable('perpetrator_cases')
    .set({ allocated_worker_id: org.users.perpetrator.id })
    .where(
      'id',
      'in',
      mine.map((m) => m.caseId),
    )
    .execute();
  await sql`ANALYZE`.execute(db);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
});
afterAll(async () => t?.close());

describe('a caseload searched by a common name, paged from windows of what it found', () => {
  it('lists every man found once, in name order either way, forwards and back', async () => {
    const expected = [...men].sort(byName).map((m) => m.participantId);
    for (const dir of ['asc', 'desc'] as const) {
      const listed = await forwardsAndBack(`scope=all&q=Pembreton&dir=${dir}&sort=name`);
      const ids = dir === 'asc' ? expected : [...expected].reverse();
      expect(listed.forwards, dir).toEqual(ids);
      expect(listed.back, dir).toEqual(ids);
      expect(listed.total, dir).toBe(men.length);
    }
  });

  it('widens its window when the filters keep few of the people in it, and still lists each once', async () => {
    const expected = [...mine].sort(byName).map((m) => m.participantId);
    for (const dir of ['asc', 'desc'] as const) {
      const listed = await forwardsAndBack(`scope=mine&q=Pembreton&sort=name&dir=${dir}`);
      const ids = dir === 'asc' ? expected : [...expected].reverse();
      expect(listed.forwards, dir).toEqual(ids);
      expect(listed.back, dir).toEqual(ids);
      expect(listed.total, dir).toBe(mine.length);
    }
  });

  it('reads a full first page from its first window, and a thin one from a wider window after it', async () => {
    const reads = async (query: string) =>
      (
        await statementsDuring(async () => {
          const response = await facilitator.request('GET', `/api/v1/participants?${query}`);
          expect(response.json<ListJson>().items, query).toHaveLength(25);
        })
      ).filter((s) => s.includes('unnest')).length;
    // Each man found is on his side's list: the first window (twice the page) fills the page; then the count.
    expect(await reads('scope=all&q=Pembreton')).toBe(2);
    // A fifth of them are the facilitator's: the first window holds too few, the next holds the rest.
    expect(await reads('scope=mine&q=Pembreton')).toBe(3);
  });

  it('takes a window from the cursor’s place in the direction the page is read', () => {
    const found = ['a', 'b', 'c', 'd', 'e', 'f'];
    const name = { by: 'name', dir: 'asc' } as const;
    expect(nameOrderWindow(found, name, null, 4)).toEqual({ ids: ['a', 'b', 'c', 'd'], whole: false });
    expect(nameOrderWindow(found, name, { direction: 'after', ids: ['c', 'x'] }, 4)).toEqual({
      ids: ['c', 'd', 'e', 'f'],
      whole: true,
    });
    expect(nameOrderWindow(found, name, { direction: 'before', ids: ['e', 'x'] }, 3)).toEqual({
      ids: ['c', 'd', 'e'],
      whole: false,
    });
    expect(nameOrderWindow(found, { by: 'name', dir: 'desc' }, null, 2)).toEqual({ ids: ['e', 'f'], whole: false });
    expect(nameOrderWindow(found, { by: 'name', dir: 'desc' }, { direction: 'before', ids: ['b', 'x'] }, 9)).toEqual({
      ids: ['b', 'c', 'd', 'e', 'f'],
      whole: true,
    });
    // Another order, or a cursor whose person the search no longer finds: no window.
    expect(nameOrderWindow(found, { by: 'reference', dir: 'asc' }, null, 4)).toBeNull();
    expect(nameOrderWindow(found, name, { direction: 'after', ids: ['z', 'x'] }, 4)).toBeNull();
  });
});
