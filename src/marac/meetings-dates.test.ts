import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { pageLinks } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * The MARAC meetings list filtered by the meetings' dates (issue 12), beside its area, in the page
 * and the API (from, to, each end included), paging with the dates kept; a date it cannot read is
 * shown beside its field (400) and is a 400 naming it in the API.
 */

let t: TestApp;
let org: TestOrganisation;
let partnerWorker: TestClient;

type Meetings = { meetings: Array<{ area: string; meetsOn: string }>; total: number; next: string | null };

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Brackenford');
  // Forty weekly meetings in each of two areas from 5 January 2026.
  await sql`
    INSERT INTO marac_meetings (organisation_id, area, meets_on, created_by)
    SELECT ${org.id}::uuid, area, date '2026-01-05' + 7 * g, ${org.users.partner.id}::uuid
    FROM generate_series(0, 39) g CROSS JOIN (VALUES ('Brackenford'), ('Thornleigh')) AS areas(area)`.execute(t.database.db);
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
});
afterAll(async () => t?.close());

describe('MARAC meetings between two dates', () => {
  it('the API keeps the meetings on or between the dates, in every area or one', async () => {
    const response = await partnerWorker.request('GET', '/api/v1/marac-meetings?from=2026-02-02&to=2026-02-16');
    expect(response.statusCode).toBe(200);
    const list = response.json<Meetings>();
    expect(list.total).toBe(6);
    expect(list.meetings.map((m) => `${m.area} ${m.meetsOn}`)).toEqual([
      'Brackenford 2026-02-02',
      'Brackenford 2026-02-09',
      'Brackenford 2026-02-16',
      'Thornleigh 2026-02-02',
      'Thornleigh 2026-02-09',
      'Thornleigh 2026-02-16',
    ]);
    const one = (await partnerWorker.request('GET', '/api/v1/marac-meetings?area=thornleigh&from=2026-09-01')).json<Meetings>();
    expect(one.meetings.map((m) => m.meetsOn)).toEqual(['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28', '2026-10-05']);
  });

  it('the page pages with its area and dates kept', async () => {
    const first = await partnerWorker.get('/marac?from=2026-03-01&to=2026-08-31');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('54 meetings');
    expect(first.body).toContain('value="2026-03-01"');
    const next = pageLinks(first.body).next ?? '';
    expect(next).toContain('from=2026-03-01');
    expect(next).toContain('to=2026-08-31');
    const second = await partnerWorker.get(next);
    expect(second.body).toContain('54 meetings');
    const area = await partnerWorker.get('/marac?area=Thornleigh&from=2026-03-01&to=2026-03-31');
    expect(area.body).toContain('5 meetings');
  });

  it('refuses a date it cannot read, or dates the wrong way round', async () => {
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['to=next-week', 'to'],
      ['from=2026-03-01&to=2026-02-01', 'to'],
    ] as const) {
      const page = await partnerWorker.get(`/marac?${query}`);
      expect(page.statusCode, query).toBe(400);
      expect(page.body, query).toContain(`id="${field}-error"`);
      const api = await partnerWorker.request('GET', `/api/v1/marac-meetings?${query}`);
      expect(api.statusCode, query).toBe(400);
      expect(Object.keys(api.json<{ error: { fields: Record<string, string> } }>().error.fields), query).toContain(field);
    }
  });
});
