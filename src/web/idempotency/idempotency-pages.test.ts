// Safe retries of pages: a form sent again with the same form token saves once and answers as the first did.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../../test/fixtures/app.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import { setUpIdempotencyTest, sameResponse, type IdempotencyTest } from './idempotency-test-setup.js';

let t: TestApp;
let org: TestOrganisation;
let known: IdempotencyTest['known'];
let facilitator: TestClient;
let partnerWorker: TestClient;
let herNotes: IdempotencyTest['herNotes'];
let participantsNamed: IdempotencyTest['participantsNamed'];

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker, herNotes, participantsNamed } = await setUpIdempotencyTest());
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

describe('pages: a form sent again with the same form token', () => {
  const formOn = async (client: TestClient, url: string) => {
    const page = await client.get(url);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const token = /name="_formToken" value="([^"]+)"/.exec(page.body)?.[1];
    expect(csrf).toBeTruthy();
    expect(token).toBeTruthy();
    return { _csrf: csrf as string, _formToken: token as string };
  };
  const newParticipant = (familyName: string) => ({
    givenName: 'Ambrose',
    familyName,
    'dateOfBirth-day': '21',
    'dateOfBirth-month': '6',
    'dateOfBirth-year': '1981',
    gender: 'man',
    status: 'assessment',
    allocatedWorkerId: '',
  });

  it('each form shown carries a new token beside its CSRF field', async () => {
    const first = await formOn(facilitator, '/participants/new');
    const second = await formOn(facilitator, '/participants/new');
    expect(first._formToken).not.toBe(second._formToken);
  });

  it('creates one participant and redirects both times to the same place', async () => {
    const tokens = await formOn(facilitator, '/participants/new');
    const form = { ...newParticipant('Ditchling'), ...tokens };
    const first = await facilitator.request('POST', '/participants/new', { form });
    const second = await facilitator.request('POST', '/participants/new', { form });

    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toMatch(/^\/participants\/[0-9a-f-]{36}$/);
    sameResponse(first, second);
    expect(await participantsNamed('Ditchling')).toBe(1);
  });

  it('adds her note once from her case page', async () => {
    const note = 'Left a message on the safe number at the agreed time';
    const tokens = await formOn(partnerWorker, `/partner-cases/${known.currentCaseId}`);
    const form = { body: note, ...tokens };
    const first = await partnerWorker.request('POST', `/partner-cases/${known.currentCaseId}/notes`, { form });
    const second = await partnerWorker.request('POST', `/partner-cases/${known.currentCaseId}/notes`, { form });

    expect(first.statusCode).toBe(303);
    sameResponse(first, second);
    expect(await herNotes(note)).toBe(1);
  });

  it('says the form was already sent when its token comes back with other answers', async () => {
    const tokens = await formOn(facilitator, '/participants/new');
    await facilitator.request('POST', '/participants/new', { form: { ...newParticipant('Amberley'), ...tokens } });
    const other = await facilitator.request('POST', '/participants/new', { form: { ...newParticipant('Bramber'), ...tokens } });

    expect(other.statusCode).toBe(422);
    expect(other.body).toContain('This form was already sent with different answers');
    expect(await participantsNamed('Bramber')).toBe(0);
  });

  it('a form that was refused for its answers can be corrected and sent with the same token', async () => {
    const tokens = await formOn(facilitator, '/participants/new');
    const refused = await facilitator.request('POST', '/participants/new', {
      form: { ...newParticipant('Storrington'), givenName: '', ...tokens },
    });
    const corrected = await facilitator.request('POST', '/participants/new', {
      form: { ...newParticipant('Storrington'), ...tokens },
    });

    expect(refused.statusCode).toBe(400);
    expect(corrected.statusCode).toBe(303);
    expect(await participantsNamed('Storrington')).toBe(1);
  });

  it("a page rendered in answer to a form (a new user's sign-in link) is never kept", async () => {
    const admin = await t.signedIn(org.users.admin);
    const tokens = await formOn(admin, '/admin/users/new');
    const invited = await admin.request('POST', '/admin/users/new', {
      form: {
        displayName: 'Tamsin Oakhanger',
        email: 'tamsin.oakhanger@kestrelford.example',
        teams: org.teams.partner,
        ...tokens,
      },
    });

    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('data-qa="activation-link"');
    const kept = await t.database.db.selectFrom('idempotency_keys').select('key').where('key', '=', tokens._formToken).execute();
    expect(kept).toEqual([]);
  });

  it('without a token (an older page, a script) the form is saved each time, as before', async () => {
    const { _csrf } = await formOn(facilitator, '/participants/new');
    const form = { ...newParticipant('Washington'), _csrf };
    await facilitator.request('POST', '/participants/new', { form });
    await facilitator.request('POST', '/participants/new', { form });

    expect(await participantsNamed('Washington')).toBe(2);
  });
});
