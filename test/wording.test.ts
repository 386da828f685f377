import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfWords } from '../src/assessment-reports/report-test-helpers.js';
import { loadDemoData, type DemoSummary } from '../src/demo/demo.js';
import { createTestApp, type TestApp } from './fixtures/app.js';
import type { TestClient } from './fixtures/http.js';

/*
 * Wording that follows the people recorded (issue 12, item 5): the demo's woman participant and her
 * male partners, walked page by page as each role that may see them. No page about her may call her
 * "he", and no page about one of them may call him "she". Pronouns about the other person on a page
 * are worded neutrally ("the participant", "the partner") or by name, so a page's pronouns are all
 * about the person whose page it is.
 */

const PRONOUNS = {
  woman: /\b(he|him|his|himself)\b/i,
  man: /\b(she|her|hers|herself)\b/i,
} as const;

type Person = { gender: keyof typeof PRONOUNS; prefix: string; name: string };
type Finding = { url: string; sentence: string };

let t: TestApp;
let demo: DemoSummary;
let nicola: Person;
let partners: Person[];

beforeAll(async () => {
  t = await createTestApp();
  demo = await loadDemoData(t.database.db);
  const db = t.database.db;
  const participant = await db
    .selectFrom('participants')
    .select(['id', 'gender'])
    .where('given_name', '=', 'Nicola')
    .where('family_name', '=', 'Grant')
    .executeTakeFirstOrThrow();
  expect(participant.gender).toBe('woman');
  nicola = { gender: 'woman', prefix: `/participants/${participant.id}`, name: 'Nicola Grant' };
  const cases = await db
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .select(['partner_cases.id', 'partners.gender', 'partners.given_name', 'partners.family_name'])
    .where('partners.participant_id', '=', participant.id)
    .orderBy('partners.given_name')
    .execute();
  partners = cases.map((c) => {
    expect(c.gender).toBe('man');
    return { gender: 'man', prefix: `/partner-cases/${c.id}`, name: `${c.given_name} ${c.family_name}` };
  });
  expect(partners.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => t?.close());

/** What a reader sees of an HTML page: no tags, scripts, styles or attribute values; entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#39;|&#x27;|&rsquo;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function sentencesWith(text: string, pronoun: RegExp): string[] {
  return text
    .split(/(?<=[.!?:])\s+/)
    .filter((sentence) => pronoun.test(sentence))
    .map((sentence) => sentence.trim().slice(0, 300));
}

/** The links on a page that stay within the person's own pages (and the records they open), GET-able. */
function linksWithin(html: string, person: Person): string[] {
  const links = [...html.matchAll(/href="([^"#]+)(?:#[^"]*)?"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
  return links.filter(
    (href) => href.startsWith(`${person.prefix}/`) || href === person.prefix || /^\/referrals\/[0-9a-f-]{36}$/.test(href),
  );
}

/** Walks every page of the person's case the client can reach from its case page; returns what contradicts the gender recorded. */
async function walk(client: TestClient, person: Person): Promise<{ visited: string[]; findings: Finding[] }> {
  const queue = [person.prefix];
  const seen = new Set(queue);
  const visited: string[] = [];
  const findings: Finding[] = [];
  while (queue.length > 0 && visited.length < 150) {
    const url = queue.shift() ?? '';
    const response = await client.get(url);
    if (response.statusCode !== 200) {
      continue;
    }
    visited.push(url);
    const type = String(response.headers['content-type'] ?? '');
    const text = type.includes('application/pdf') ? await pdfWords(response.rawPayload) : visibleText(response.body);
    for (const sentence of sentencesWith(text, PRONOUNS[person.gender])) {
      findings.push({ url, sentence });
    }
    if (type.includes('text/html')) {
      for (const link of linksWithin(response.body, person)) {
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
  }
  return { visited, findings };
}

const ROLES = [
  ['facilitator', () => demo.users.facilitator],
  ['manager', () => demo.users.manager],
  ['partner support worker', () => 'grace.okafor@northbridge.example'],
] as const;

describe('wording follows the gender recorded, on every page of the demo’s woman participant and her male partners', () => {
  it.each(ROLES)('as the %s, no page about Nicola Grant calls her “he”', async (_role, email) => {
    const client = await t.signedIn({ email: email(), password: demo.password });
    const { visited, findings } = await walk(client, nicola);
    expect(visited.length).toBeGreaterThan(1);
    expect(findings).toEqual([]);
  });

  it.each(ROLES.filter(([role]) => role !== 'facilitator'))(
    'as the %s, no page about her male partners calls him “she”',
    async (_role, email) => {
      const client = await t.signedIn({ email: email(), password: demo.password });
      for (const partner of partners) {
        const { visited, findings } = await walk(client, partner);
        if (visited.length === 0) {
          // Each partner has a different worker: this worker may not be allocated to every one of them.
          continue;
        }
        expect(findings, partner.name).toEqual([]);
      }
    },
  );

  it('the walk reaches the pages that carry wording: case, risk, safety plan, MARAC, duties and documents', async () => {
    const manager = await t.signedIn({ email: demo.users.manager, password: demo.password });
    const hers = await walk(manager, nicola);
    const his = (await Promise.all(partners.map((p) => walk(manager, p)))).flatMap((w) => w.visited);
    const all = [...hers.visited, ...his].join('\n');
    for (const page of ['/risk-picture', '/safety-plan', '/marac/', '/dash', '.pdf']) {
      expect(all, page).toContain(page);
    }
    // On his own case page, sentences about him take the pronouns recorded for him.
    const liam = partners.find((p) => p.name === 'Liam Grant');
    const page = visibleText((await manager.get(`${liam?.prefix ?? ''}/contact`)).body);
    expect(page).toContain('His appointments');
    expect(page).toContain('Seal his address (for example, he is in a refuge)');
  });
});
