import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { t, orgA, caseA, leaks, riskA, signedIn, useWall } from './fixtures/wall.js';

/*
 * The case files' header band and tabs (issue 12, item 2): each tab its own address, shown to those
 * who may use it and refused as the record is to anyone else; the band's fields; his tabs say
 * nothing of a partner to the perpetrator side, and her tabs are not found for it.
 */
useWall();

const HIS_TABS = ['', '/contact', '/risk', '/tab/programme', '/tab/children', '/documents', '/tab/shares', '/history'];
const HER_TABS = ['', '/contact', '/risk', '/tab/support', '/tab/children', '/documents', '/tab/shares', '/history'];

/** The tabs the sub-navigation offers, and the one marked current. */
function tabsOf(body: string): { tabs: string[]; current: string[] } {
  const nav = /<nav class="moj-sub-navigation[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
  const links = [...nav.matchAll(/<a class="moj-sub-navigation__link"\s*(aria-current="page")?\s*href="([^"]+)"/g)];
  return { tabs: links.map((m) => m[2] ?? ''), current: links.filter((m) => m[1]).map((m) => m[2] ?? '') };
}

describe('his case file’s tabs', () => {
  it('the facilitator opens every tab of his case, each marked current in the tabs, with the band on each', async () => {
    const client = await signedIn(orgA.users.perpetrator);
    const base = `/participants/${caseA.participantId}`;
    for (const tab of HIS_TABS) {
      const page = await client.get(base + tab);
      expect(page.statusCode, base + tab).toBe(200);
      const { tabs, current } = tabsOf(page.body);
      expect(tabs).toEqual(HIS_TABS.map((path) => base + path));
      expect(current).toEqual([base + tab]);
      expect(page.body).toContain('data-qa="case-band"');
      expect(page.body).toContain(caseA.hisName);
      expect(page.body).toMatch(/data-qa="band-status">On the programme</);
      expect(page.body).toContain('data-qa="band-worker"');
      expect(page.body).toContain('data-qa="band-risk"');
      expect(page.body).toContain('data-qa="band-interpreter"');
    }
  });

  it('a perpetrator-side user finds no hint of a partner on any of his tabs', async () => {
    for (const user of [orgA.users.perpetrator]) {
      const client = await signedIn(user);
      for (const tab of HIS_TABS) {
        const page = await client.get(`/participants/${caseA.participantId}${tab}`);
        expect(page.statusCode).toBe(200);
        expect(leaks(page, [...caseA.secrets, ...riskA.secrets])).toEqual([]);
        expect(page.body).not.toContain('Partner support');
        expect(page.body).not.toContain('band-duties');
        expect(page.body).not.toContain('band-alerts');
        expect(page.body).not.toContain('band-safe-contact');
      }
    }
  });

  it('the partner worker sees only the tabs of his summary; the others are refused as his notes are, before anything is read', async () => {
    const client = await signedIn(orgA.users.partner);
    const base = `/participants/${caseA.participantId}`;
    const overview = await client.get(base);
    expect(overview.statusCode).toBe(200);
    expect(tabsOf(overview.body).tabs).toEqual([base, `${base}/tab/programme`, `${base}/tab/children`]);
    expect(overview.body).not.toContain('data-qa="band-risk"');
    expect(overview.body).not.toContain('data-qa="band-interpreter"');
    for (const tab of ['/contact', '/risk', '/documents', '/tab/shares', '/history']) {
      const before = await t.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const refused = await client.get(base + tab);
      expect(refused.statusCode, tab).toBe(403);
      const after = await t.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    }
    for (const tab of ['/tab/programme', '/tab/children']) {
      expect((await client.get(base + tab)).statusCode).toBe(200);
    }
  });

  it('management sees his band with the risk level of his assessment, and every tab', async () => {
    const client = await signedIn(orgA.users.management);
    const base = `/participants/${caseA.participantId}`;
    const page = await client.get(base);
    expect(tabsOf(page.body).tabs).toEqual(HIS_TABS.map((path) => base + path));
    expect(page.body).toMatch(/data-qa="band-reference">[A-Z0-9-]+</);
  });

  it('his tab of another organisation’s record, or of no record, is not found', async () => {
    const client = await signedIn(orgA.users.perpetrator);
    expect((await client.get(`/participants/${randomUUID()}/contact`)).statusCode).toBe(404);
  });
});

describe('her case file’s tabs', () => {
  it('her worker opens every tab, with her safe-contact warning, DASH level and open counts in the band', async () => {
    const client = await signedIn(orgA.users.partner);
    const base = `/partner-cases/${caseA.currentCaseId}`;
    for (const tab of HER_TABS) {
      const page = await client.get(base + tab);
      expect(page.statusCode, base + tab).toBe(200);
      const { tabs, current } = tabsOf(page.body);
      expect(tabs).toEqual(HER_TABS.map((path) => base + path));
      expect(current).toEqual([base + tab]);
      expect(page.body).toMatch(/data-qa="band-safe-contact"[\s\S]*?periwinkleA/);
      expect(page.body).toMatch(/data-qa="band-risk">[\s\S]*?DASH on/);
      expect(page.body).toMatch(/data-qa="band-alerts">\d+</);
      expect(page.body).toMatch(/data-qa="band-duties">\d+</);
      // Her interpreter need and the name she is known by (test/fixtures/cases.ts), as her other details are shown.
      expect(page.body).toMatch(/data-qa="band-interpreter">KurmanjiA</);
      expect(page.body).toContain('data-qa="band-known-as">(known as RozzieA)<');
    }
  });

  it('every tab of hers is not found for the perpetrator side, exactly as a case that does not exist', async () => {
    const client = await signedIn(orgA.users.perpetrator);
    const withoutToken = (body: string) =>
      body.replace(/name="_(?:csrf|formToken)" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    for (const tab of HER_TABS) {
      const hers = await client.get(`/partner-cases/${caseA.currentCaseId}${tab}`);
      const nobody = await client.get(`/partner-cases/${randomUUID()}${tab}`);
      expect(hers.statusCode, tab).toBe(404);
      expect(withoutToken(hers.body)).toEqual(withoutToken(nobody.body));
      expect(leaks(hers, [...caseA.secrets, ...riskA.secrets])).toEqual([]);
    }
  });

  it('the overview shows what needs doing next, a line for each tab and the latest notes; full lists live in their tabs', async () => {
    const client = await signedIn(orgA.users.partner);
    const base = `/partner-cases/${caseA.currentCaseId}`;
    const overview = await client.get(base);
    expect(overview.body).toContain('data-qa="overview-next"');
    expect(overview.body).toContain('data-qa="overview-tabs"');
    for (const path of HER_TABS.slice(1)) {
      expect(overview.body).toContain(`href="${base}${path}"`);
    }
    expect(overview.body).not.toContain('data-qa="safe-contact-panel"');
    expect(overview.body).not.toContain('data-qa="marac-referrals"');
    const contact = await client.get(`${base}/contact`);
    expect(contact.body).toContain('data-qa="safe-contact-panel"');
    const risk = await client.get(`${base}/risk`);
    expect(risk.body).toContain('data-qa="dash-status"');
  });
});
