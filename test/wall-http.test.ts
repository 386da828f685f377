import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { t, orgA, caseA, caseB, leaks, signedIn, useWall } from './fixtures/wall.js';

/*
 * The confidentiality wall over HTTP, and the audit of partner-side reads: over a case with a
 * current and an ex-partner, no user who must not see partner-side data is shown anything of hers.
 */
useWall();

describe('the confidentiality wall over HTTP', () => {
  it('the facilitator can open his case page but is told nothing of a partner case, and her case answers 404 as if it did not exist', async () => {
    const client = await signedIn(orgA.users.perpetrator);
    const his = await client.get(`/participants/${caseA.participantId}`);
    expect(his.statusCode).toBe(200);
    expect(his.body).toContain(caseA.hisName);
    expect(his.body).toContain('he described the argument as a one-off');
    expect(his.body).not.toContain('Partner support');
    const hers = await client.get(`/partner-cases/${caseA.currentCaseId}`);
    const nobody = await client.get(`/partner-cases/${randomUUID()}`);
    expect(hers.statusCode).toBe(404);
    expect(nobody.statusCode).toBe(404);
    const withoutToken = (body: string) =>
      body.replace(/name="_(?:csrf|formToken)" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    expect(withoutToken(hers.body)).toEqual(withoutToken(nobody.body));
    const api = await client.get(`/api/v1/partner-cases/${caseA.currentCaseId}`);
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'not_found', message: 'Page not found', fields: {} } });
  });

  it('the partner worker sees his name and status but not his case notes', async () => {
    const client = await signedIn(orgA.users.partner);
    const page = await client.get(`/participants/${caseA.participantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(caseA.hisName);
    expect(page.body).toContain('On the programme');
    expect(page.body).not.toContain('he described the argument as a one-off');
    const api = await client.get(`/api/v1/participants/${caseA.participantId}`);
    expect(api.json()).toMatchObject({ kind: 'summary' });
    expect(api.body).not.toContain('one-off');
    expect((await client.get(`/api/v1/participants/${caseA.participantId}/notes`)).statusCode).toBe(403);
    const hers = await client.get(`/partner-cases/${caseA.currentCaseId}`);
    expect(hers.statusCode).toBe(200);
    expect(hers.body).toContain('periwinkleA');
  });

  it('management sees both sides', async () => {
    const client = await signedIn(orgA.users.management);
    const his = await client.get(`/participants/${caseA.participantId}`);
    expect(his.body).toContain('he described the argument as a one-off');
    expect(his.body).toContain('RosalindA');
    expect(his.body).toContain('MarisolA');
    expect((await client.get(`/partner-cases/${caseA.exCaseId}`)).body).toContain('tamarindA');
  });

  it('one organisation never sees another: the other organisation’s records are not found', async () => {
    const client = await signedIn(orgA.users.management);
    for (const url of [
      `/participants/${caseB.participantId}`,
      `/partner-cases/${caseB.currentCaseId}`,
      `/api/v1/participants/${caseB.participantId}`,
    ]) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(leaks(response, [...caseB.secrets, caseB.hisName])).toEqual([]);
    }
    const list = await client.get('/api/v1/participants');
    expect(list.body).toContain('WhitlockA');
    expect(list.body).not.toContain('WhitlockB');
  });
});

describe('audit of partner-side reads', () => {
  it('every read of a partner case page or API record adds an audit entry', async () => {
    const client = await signedIn(orgA.users.partner);
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('action', '=', 'partner_case.viewed')
            .where('record_id', '=', caseA.currentCaseId)
            .where('actor_user_id', '=', orgA.users.partner.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await client.get(`/partner-cases/${caseA.currentCaseId}`);
    expect(await count()).toBe(before + 1);
    await client.get(`/api/v1/partner-cases/${caseA.currentCaseId}`);
    expect(await count()).toBe(before + 2);
  });
});

describe('audit of partner-side reads of his children', () => {
  it('her case page and the API list of children each add an audit entry, with the children’s ids only', async () => {
    const client = await signedIn(orgA.users.partner);
    const entries = async () =>
      t.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'partner_case.children_viewed')
        .where('record_id', '=', caseA.currentCaseId)
        .where('actor_user_id', '=', orgA.users.partner.id)
        .execute();
    const before = (await entries()).length;
    const page = await client.get(`/partner-cases/${caseA.currentCaseId}/tab/children`);
    expect(page.body).toContain('Sandpiper Green Primary A');
    const api = await client.get(`/api/v1/partner-cases/${caseA.currentCaseId}/children`);
    expect(api.statusCode).toBe(200);
    const after = await entries();
    expect(after).toHaveLength(before + 2);
    expect(Object.keys(after.at(-1)?.details ?? {})).toEqual(['childIds']);
    expect(after.at(-1)?.details.childIds).toContain(caseA.childId);
    expect(JSON.stringify(after)).not.toMatch(/Sandpiper|grandmother/);
  });
});
