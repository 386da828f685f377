import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases, pageLinks } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { DUTY_EVENT_LABELS, DUTY_EVENT_TYPES } from './rules.js';

/*
 * The outstanding duties list searched (q: the partner's name with typos, or the case reference)
 * and sorted (sort=due|name|type, dir=asc|desc), on the page and in the API with the same
 * parameters, paged by keyset under each order: every duty once, in the order asked, forward and
 * back. Eight men, each with two partners (one of the Ashby family, one of her own) and four events
 * recorded on different days, so 64 duties over three pages, with many ties on each sort's lead.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
type Duty = {
  key: string;
  due: string;
  type: string;
  family: string;
  given: string;
  caseId: string;
  eventId: string;
  reference: string;
};
let duties: Duty[];

const FAMILIES = ['Brennan', 'Carrow', 'Dunmore', 'Ellery', 'Fairweather', 'Garside', 'Holloway', 'Ingram'];
const TYPES = ['missed_session', 'suspended', 'completed', 'started'] as const;

const dutyKeys = (body: string) =>
  [...body.matchAll(/href="\/partner-cases\/([0-9a-f-]{36})\/duties\/([0-9a-f-]{36})"/g)].map((m) => `${m[1]}/${m[2]}`);

/** A sortable heading of the page: its aria-sort and where it links. */
function heading(body: string, column: string): { ariaSort: string; href: string } {
  const match = new RegExp(`aria-sort="([a-z]+)"[^>]*>\\s*<a [^>]*href="([^"]*)"[^>]*data-qa="sort-${column}"`).exec(body);
  return { ariaSort: match?.[1] ?? '', href: (match?.[2] ?? '').replaceAll('&amp;', '&') };
}

const compare = (a: string[], b: string[]) => {
  for (const [i, x] of a.entries()) {
    const y = b[i] ?? '';
    if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
};
const KEYS: Record<string, (d: Duty) => string[]> = {
  due: (d) => [d.due, d.caseId, d.eventId],
  type: (d) => [d.type, d.due, d.caseId, d.eventId],
  name: (d) => [d.family, d.given, d.caseId, d.due, d.eventId],
};
function expected(sort: string, dir: string, only: (d: Duty) => boolean = () => true): string[] {
  const key = KEYS[sort] ?? KEYS.due;
  const sorted = duties.filter(only).sort((a, b) => compare(key?.(a) ?? [], key?.(b) ?? []));
  return (dir === 'desc' ? sorted.reverse() : sorted).map((d) => d.key);
}

/** Every duty the page lists, following its Next links, and the page before the last read back by its Previous link. */
async function walkPages(client: TestClient, first: string): Promise<{ keys: string[]; pages: number; backMatches: boolean }> {
  const bodies: string[] = [];
  let url: string | null = first;
  while (url) {
    const page = await client.get(url);
    expect(page.statusCode, url).toBe(200);
    bodies.push(page.body);
    url = pageLinks(page.body).next;
  }
  const last = bodies[bodies.length - 1] ?? '';
  const previous = pageLinks(last).previous;
  const back = previous ? dutyKeys((await client.get(previous)).body) : [];
  const backMatches = bodies.length < 2 || compare(back, dutyKeys(bodies[bodies.length - 2] ?? '')) === 0;
  return { keys: bodies.flatMap(dutyKeys), pages: bodies.length, backMatches };
}

type Page = { items: Array<{ eventId: string; partnerCase: { id: string } }>; next: string | null; total: number };
async function walkApi(client: TestClient, query: string): Promise<string[]> {
  const keys: string[] = [];
  let after = '';
  for (;;) {
    const res = await client.request('GET', `/api/v1/partner-duties?${query}${after ? `&after=${after}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Page>();
    keys.push(...page.items.map((d) => `${d.partnerCase.id}/${d.eventId}`));
    if (!page.next) {
      return keys;
    }
    after = page.next;
  }
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Marshfield');
  const db = t.database.db;
  const men = await addParticipants(
    db,
    org.id,
    FAMILIES.map((_, i) => ({ givenName: `Osric${i}`, familyName: 'Tolland' })),
  );
  for (const [i, him] of men.entries()) {
    const hers = await addPartnerCases(db, org.id, him.participantId, [
      { givenName: `Juno${i % 4}`, familyName: 'Ashby' },
      { givenName: 'Wren', familyName: FAMILIES[i] ?? 'Ingram' },
    ]);
    // Readable references (PS-8100 to PS-8115), and opened a month ago: each duty is due from the day its event was recorded.
    for (const [j, her] of hers.entries()) {
      await db
        .updateTable('partner_cases')
        .set({ reference: `PS-${8100 + i * 2 + j}`, opened_on: sql<string>`current_date - 30` })
        .where('id', '=', her.caseId)
        .execute();
    }
    for (const [j, type] of TYPES.entries()) {
      await db
        .insertInto('participant_events')
        .values({
          organisation_id: org.id,
          participant_id: him.participantId,
          type,
          occurred_on: '2026-03-02',
          basic_summary: `Event ${type} for the search test`,
          created_at: new Date(Date.now() - ((i + j) % 5) * 3 * 86_400_000),
        })
        .execute();
    }
  }
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  // The first view dates them; the list's rows are then read back with her name and case.
  expect((await manager.get('/partner-duties')).statusCode).toBe(200);
  const { rows } = await sql<Duty>`
    SELECT o.partner_case_id || '/' || o.event_id AS key, o.due_on::text AS due, o.event_type AS type,
           pa.family_name AS family, pa.given_name AS given, o.partner_case_id::text AS "caseId",
           o.event_id::text AS "eventId", pc.reference
    FROM partner_duties_outstanding o JOIN partner_cases pc ON pc.id = o.partner_case_id JOIN partners pa ON pa.id = pc.partner_id
    WHERE o.organisation_id = ${org.id}::uuid`.execute(db);
  duties = rows;
});
afterAll(async () => t?.close());

describe('the duties list sorted by a column, paged under each order', () => {
  it('holds 64 duties on several due dates, and the kinds’ codes sort as their labels do', () => {
    expect(duties).toHaveLength(64);
    expect(new Set(duties.map((d) => d.due)).size).toBeGreaterThan(3);
    const byCode = [...DUTY_EVENT_TYPES].sort();
    expect(byCode.map((type) => DUTY_EVENT_LABELS[type])).toEqual(byCode.map((type) => DUTY_EVENT_LABELS[type]).sort());
  });

  for (const sort of ['due', 'name', 'type'] as const) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sort=${sort}&dir=${dir}: the page and the API list every duty once in that order, forward and back`, async () => {
        const query = sort === 'due' && dir === 'asc' ? '' : `sort=${sort}&dir=${dir}`;
        const walked = await walkPages(manager, `/partner-duties${query ? `?${query}` : ''}`);
        expect(walked.keys).toEqual(expected(sort, dir));
        expect(walked.pages).toBe(3);
        expect(walked.backMatches).toBe(true);
        expect(await walkApi(manager, query || `sort=${sort}&dir=${dir}`)).toEqual(expected(sort, dir));
      });
    }
  }

  it('marks the sorted column with aria-sort and links each heading to its order, the filters kept', async () => {
    const plain = (await manager.get('/partner-duties')).body;
    expect(heading(plain, 'due')).toEqual({ ariaSort: 'ascending', href: '/partner-duties?sort=due&dir=desc' });
    expect(heading(plain, 'name')).toEqual({ ariaSort: 'none', href: '/partner-duties?sort=name&dir=asc' });
    expect(heading(plain, 'type')).toEqual({ ariaSort: 'none', href: '/partner-duties?sort=type&dir=asc' });
    const sorted = (await manager.get('/partner-duties?scope=all&q=Ashby&sort=name&dir=desc')).body;
    expect(heading(sorted, 'name')).toEqual({
      ariaSort: 'descending',
      href: '/partner-duties?scope=all&q=Ashby&sort=name&dir=asc',
    });
    // Back to the list's own order: no sort in the address.
    expect(heading(sorted, 'due').href).toBe('/partner-duties?scope=all&q=Ashby');
    expect(pageLinks(sorted).next).toMatch(/^\/partner-duties\?scope=all&q=Ashby&sort=name&dir=desc&after=/);
  });
});

describe('the duties list searched by the partner’s name or case reference', () => {
  const ashby = (d: Duty) => d.family === 'Ashby';

  it('finds a name with a typo, and pages through the duties found in each order', async () => {
    const found = await walkPages(manager, '/partner-duties?q=Ashbey');
    expect(found.keys).toEqual(expected('due', 'asc', ashby));
    expect(found.pages).toBe(2);
    expect(found.backMatches).toBe(true);
    const byName = await walkPages(manager, '/partner-duties?q=Ashby&sort=name&dir=desc');
    expect(byName.keys).toEqual(expected('name', 'desc', ashby));
    expect(await walkApi(manager, 'q=Ashbey&sort=type')).toEqual(expected('type', 'asc', ashby));
    const api = (await manager.request('GET', '/api/v1/partner-duties?q=ashby')).json<Page>();
    expect(api.total).toBe(32);
  });

  it('finds every word of a name, and a name with a year only if she was born in it', async () => {
    const fairweather = (d: Duty) => d.family === 'Fairweather';
    expect(await walkApi(manager, 'q=Wren%20Fairwether')).toEqual(expected('due', 'asc', fairweather));
    expect(await walkApi(manager, 'q=Wren%20Fairweather%201990')).toEqual([]);
  });

  it('finds a case by its reference or its start', async () => {
    const one = duties.find((d) => d.family === 'Garside') as Duty;
    expect(await walkApi(manager, `q=${one.reference}`)).toEqual(expected('due', 'asc', (d) => d.reference === one.reference));
    const start = 'PS-810';
    const started = expected('name', 'asc', (d) => d.reference.startsWith(start));
    expect(started).toHaveLength(40);
    expect(await walkApi(manager, `q=${start}&sort=name`)).toEqual(started);
    expect(await walkApi(manager, 'q=ps8112')).toEqual(expected('due', 'asc', (d) => d.reference === 'PS-8112'));
  });

  it('finds nothing by a phone number, a postcode or a name nobody has', async () => {
    for (const q of ['07700 900123', 'LS9 8QT', 'Zygmunt']) {
      const res = await manager.request('GET', `/api/v1/partner-duties?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.json<Page>().items, q).toEqual([]);
    }
    const page = await manager.get('/partner-duties?q=Zygmunt');
    expect(page.body).toContain('No duties to inform a partner are waiting in these filters');
  });

  it('shows the search and each filter as a selected filter with a link removing it, the others and the order kept', async () => {
    const body = (await manager.get('/partner-duties?scope=all&overdue=0&q=Ashby&sort=type&dir=desc')).body;
    expect(body).toContain('Selected filters');
    expect(body).toContain('value="Ashby"');
    expect(body).toContain('href="/partner-duties?scope=all&amp;overdue=0&amp;sort=type&amp;dir=desc"');
    expect(body).toContain('href="/partner-duties?overdue=0&amp;q=Ashby&amp;sort=type&amp;dir=desc"');
    expect(body).toContain('href="/partner-duties?scope=all&amp;q=Ashby&amp;sort=type&amp;dir=desc"');
    expect(body).toContain('href="/partner-duties?sort=type&amp;dir=desc"');
    expect(body).toMatch(/<input type="hidden" name="sort" value="type">/);
  });
});

describe('a value the list does not know', () => {
  it('the OpenAPI document names the search and the order with their values', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{
      paths: Record<string, { get?: { parameters?: Array<{ name: string; schema?: { enum?: string[] } }> } }>;
    }>();
    const parameters = document.paths['/api/v1/partner-duties']?.get?.parameters ?? [];
    const named = (name: string) => parameters.find((p) => p.name === name);
    expect(named('q')).toBeDefined();
    expect(named('sort')?.schema?.enum).toEqual(['due', 'name', 'type']);
    expect(named('dir')?.schema?.enum).toEqual(['asc', 'desc']);
  });

  const long = 'a'.repeat(101);
  for (const [query, field, message] of [
    ['sort=partner', 'sort', 'sort must be due, name or type'],
    ['dir=up', 'dir', 'dir must be asc or desc'],
    [`q=${long}`, 'q', 'Enter no more than 100 characters to search'],
    ['q=x', 'q', 'Enter at least 2 letters of the partner’s name, or a case reference like PS-1042'],
  ] as const) {
    it(`${query.slice(0, 20)}: a 400 naming ${field} in the API, the message beside it on the page`, async () => {
      const api = await manager.request('GET', `/api/v1/partner-duties?${query}`);
      expect(api.statusCode).toBe(400);
      expect(api.json<{ error: { fields: Record<string, string> } }>().error.fields).toEqual({ [field]: message });
      const page = await manager.get(`/partner-duties?${query}`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(message);
      expect(page.body).toContain(`href="#${field}"`);
      expect(page.body).toContain(`id="${field}"`);
      expect(dutyKeys(page.body)).toEqual([]);
    });
  }
});
