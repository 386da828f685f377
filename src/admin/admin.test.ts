import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation, type TestUser } from '../../test/fixtures/organisation.js';
import { accountStatus, breachesWall, WALL_MESSAGE } from './rules.js';

let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let admin: TestClient;

const NEW_PASSWORD = 'juniper lantern copper';

async function signedIn(user: Pick<TestUser, 'email' | 'password'>): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

/** The one-time link on an invitation or reset page, as a path on this site. */
function activationPath(body: string): string {
  const match = /data-qa="activation-link">([^<]+)</.exec(body);
  if (!match?.[1]) {
    throw new Error('No activation link on the page');
  }
  return new URL(match[1].replace(/&amp;/g, '&')).pathname;
}

let inviteCount = 0;
/** Invites a user through the pages and lets them set a password. */
async function inviteAndActivate(teams: string[]): Promise<{ id: string; email: string; password: string; client: TestClient }> {
  inviteCount += 1;
  const email = `invitee${inviteCount}@riverside.example`;
  const invited = await admin.submit(
    '/admin/users/new',
    { displayName: `Sam Okafor ${inviteCount}`, email, teams },
    '/admin/users/new',
  );
  expect(invited.statusCode).toBe(200);
  const path = activationPath(invited.body);
  const client = t.client();
  const done = await client.submit(path, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, path);
  expect(done.statusCode).toBe(303);
  const user = await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { id: user.id, email, password: NEW_PASSWORD, client };
}

async function teamIdsOf(userId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('team_memberships').select('team_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.team_id).sort();
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000, publicUrl: 'https://parallel.test' });
  org = await createTestOrganisation(t.database.db, 'Riverside');
  other = await createTestOrganisation(t.database.db, 'Hillside');
  admin = await signedIn(org.users.admin);
});
afterAll(async () => t?.close());

describe('rules', () => {
  it('keeps perpetrator and partner sides apart, and lets management and other roles mix', () => {
    expect(breachesWall(['perpetrator', 'partner'])).toBe(true);
    expect(breachesWall(['perpetrator', 'management', 'partner'])).toBe(true);
    expect(breachesWall(['perpetrator', 'management'])).toBe(false);
    expect(breachesWall(['partner', 'management', 'admin'])).toBe(false);
  });

  it('shows the most significant account status', () => {
    const now = new Date('2026-05-01T10:00:00Z');
    const later = new Date('2026-05-01T10:10:00Z');
    expect(accountStatus({ active: false, passwordSet: true, lockedUntil: later }, now)).toBe('deactivated');
    expect(accountStatus({ active: true, passwordSet: true, lockedUntil: later }, now)).toBe('locked');
    expect(accountStatus({ active: true, passwordSet: true, lockedUntil: new Date('2026-05-01T09:00:00Z') }, now)).toBe('active');
    expect(accountStatus({ active: true, passwordSet: false, lockedUntil: null }, now)).toBe('invited');
  });
});

describe('access to administration', () => {
  const getRoutes = (o: TestOrganisation): string[] => [
    '/admin/users',
    '/admin/users/new',
    `/admin/users/${o.users.noTeam.id}`,
    '/admin/teams',
    '/admin/teams/new',
  ];
  const postRoutes = (o: TestOrganisation): Array<[string, Record<string, string | string[]>]> => [
    ['/admin/users/new', { displayName: 'Priya Lund', email: 'priya.lund@riverside.example', teams: [o.teams.partner] }],
    [`/admin/users/${o.users.noTeam.id}/teams`, { teams: [o.teams.perpetrator] }],
    [`/admin/users/${o.users.noTeam.id}/deactivate`, {}],
    [`/admin/users/${o.users.noTeam.id}/reactivate`, {}],
    [`/admin/users/${o.users.noTeam.id}/reset`, {}],
    ['/admin/teams/new', { name: 'Weekend group', side: 'perpetrator' }],
  ];

  it('sends a signed-out visitor to sign in from every route', async () => {
    const client = t.client();
    for (const url of getRoutes(org)) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`);
    }
    for (const [url, form] of postRoutes(org)) {
      const response = await client.submit(url, form);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location, url).toMatch(/^\/sign-in\?returnTo=/);
    }
  });

  it.each(['perpetrator', 'partner', 'management', 'dpo', 'noTeam'] as const)(
    'refuses every route to a %s user',
    async (role) => {
      const client = await signedIn(org.users[role]);
      for (const url of getRoutes(org)) {
        expect((await client.get(url)).statusCode, url).toBe(403);
      }
      for (const [url, form] of postRoutes(org)) {
        expect((await client.submit(url, form)).statusCode, url).toBe(403);
      }
      // Nothing changed.
      expect(
        await t.database.db.selectFrom('users').select('id').where('email', '=', 'priya.lund@riverside.example').execute(),
      ).toEqual([]);
      expect(await teamIdsOf(org.users.noTeam.id)).toEqual([]);
      const noTeam = await t.database.db
        .selectFrom('users')
        .select(['active', 'password_hash'])
        .where('id', '=', org.users.noTeam.id)
        .executeTakeFirstOrThrow();
      expect(noTeam.active).toBe(true);
      expect(noTeam.password_hash).not.toBeNull();
    },
  );

  it('shows an administrator only their own organisation: another organisation’s users are not found', async () => {
    const list = await admin.get('/admin/users');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(org.users.perpetrator.email);
    expect(list.body).not.toContain(other.users.perpetrator.email);
    const teams = await admin.get('/admin/teams');
    expect(teams.body).toContain('Programme facilitators');
    expect(teams.body.match(/data-qa="team-name"/g)).toHaveLength(5);

    const outsider = other.users.perpetrator.id;
    expect((await admin.get(`/admin/users/${outsider}`)).statusCode).toBe(404);
    expect((await admin.get('/admin/users/not-a-user-id')).statusCode).toBe(404);
    for (const action of ['teams', 'deactivate', 'reactivate', 'reset']) {
      const response = await admin.submit(
        `/admin/users/${outsider}/${action}`,
        { teams: [other.teams.perpetrator] },
        '/admin/users',
      );
      expect(response.statusCode, action).toBe(404);
    }
    const stillThere = await t.database.db
      .selectFrom('users')
      .select('active')
      .where('id', '=', outsider)
      .executeTakeFirstOrThrow();
    expect(stillThere.active).toBe(true);
    expect(await teamIdsOf(outsider)).toEqual([other.teams.perpetrator]);

    // Nor can another organisation's team be given to one of ours.
    const borrowed = await admin.submit(
      `/admin/users/${org.users.noTeam.id}/teams`,
      { teams: [other.teams.partner] },
      '/admin/users',
    );
    expect(borrowed.statusCode).toBe(400);
    expect(borrowed.body).toContain('Select teams from the list');
  });

  it('gives administrators and data protection officers no case data', async () => {
    const dpo = await signedIn(org.users.dpo);
    for (const client of [admin, dpo]) {
      for (const url of ['/participants', '/partner-cases', '/api/v1/participants']) {
        const response = await client.get(url);
        expect(response.statusCode, url).not.toBe(200);
        expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      }
    }
    const home = await admin.get('/admin/users');
    expect(home.body).toContain('href="/admin/teams"');
    expect(home.body).not.toContain('href="/participants"');
  });
});

describe('inviting a user', () => {
  it('creates an invited account with a one-time link that lets them set a password and sign in', async () => {
    const form = await admin.get('/admin/users/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Partner support service');

    const response = await admin.submit(
      '/admin/users/new',
      { displayName: 'Alys Penrose', email: '  Alys.Penrose@Riverside.example ', teams: [org.teams.partner] },
      '/admin/users/new',
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('shown only once');
    const path = activationPath(response.body);
    expect(response.body).toContain(`https://parallel.test${path}`);

    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'alys.penrose@riverside.example')
      .executeTakeFirstOrThrow();
    expect(user.organisation_id).toBe(org.id);
    expect(user.password_hash).toBeNull();
    expect(await teamIdsOf(user.id)).toEqual([org.teams.partner]);

    const list = await admin.get('/admin/users');
    expect(list.body).toMatch(/Alys Penrose[\s\S]*?data-qa="status-invited"/);
    // The link is not shown again.
    const token = path.split('/').pop() ?? '';
    expect((await admin.get(`/admin/users/${user.id}`)).body).not.toContain(token);

    const newcomer = t.client();
    expect((await newcomer.get(path)).statusCode).toBe(200);
    const activated = await newcomer.submit(path, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, path);
    expect(activated.statusCode).toBe(303);
    expect((await newcomer.get('/account')).statusCode).toBe(200);
    const again = await t.client().signIn('alys.penrose@riverside.example', NEW_PASSWORD);
    expect(again.headers.location).toBe('/partner-cases');
    expect((await admin.get('/admin/users')).body).toMatch(/Alys Penrose[\s\S]*?data-qa="status-active"/);

    const entry = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'admin.user_invited')
      .where('record_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(entry.organisation_id).toBe(org.id);
    expect(entry.actor_user_id).toBe(org.users.admin.id);
    expect(entry.details).toEqual({ teamIds: [org.teams.partner], sides: ['partner'] });
  });

  it('answers bad input with 400 and a message beside each field, keeping what was typed', async () => {
    const empty = await admin.submit('/admin/users/new', { displayName: '', email: '' }, '/admin/users/new');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter their full name');
    expect(empty.body).toContain('Enter their email address');
    expect(empty.body).toContain('Select at least one team');
    expect(empty.body).toContain('href="#teams"');

    const bad = await admin.submit(
      '/admin/users/new',
      { displayName: 'Tomasz Reid', email: 'not an email', teams: ['not-a-team'] },
      '/admin/users/new',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address in the correct format');
    expect(bad.body).toContain('Select teams from the list');
    expect(bad.body).toContain('value="Tomasz Reid"');
  });

  it('refuses an email address already in use, in this organisation or another', async () => {
    for (const email of [org.users.perpetrator.email, other.users.partner.email.toUpperCase()]) {
      const response = await admin.submit(
        '/admin/users/new',
        { displayName: 'Duplicate Person', email, teams: [org.teams.perpetrator] },
        '/admin/users/new',
      );
      expect(response.statusCode).toBe(409);
      expect(response.body).toContain('An account with this email address already exists');
      expect(response.body).toContain('href="#email"');
    }
  });

  it('refuses to put anyone in both a perpetrator programme team and a partner support team', async () => {
    const response = await admin.submit(
      '/admin/users/new',
      { displayName: 'Bryn Castell', email: 'bryn.castell@riverside.example', teams: [org.teams.perpetrator, org.teams.partner] },
      '/admin/users/new',
    );
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain(WALL_MESSAGE);
    expect(response.body).toMatch(/govuk-error-message[\s\S]*?perpetrator programme team/);
    expect(
      await t.database.db.selectFrom('users').select('id').where('email', '=', 'bryn.castell@riverside.example').execute(),
    ).toEqual([]);
  });
});

describe("changing a user's teams", () => {
  it('sets their teams and records each membership added and removed', async () => {
    const user = await inviteAndActivate([org.teams.perpetrator]);
    const response = await admin.submit(`/admin/users/${user.id}/teams`, { teams: [org.teams.management] }, '/admin/users');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/admin/users/${user.id}?done=teams`);
    expect(await teamIdsOf(user.id)).toEqual([org.teams.management]);
    expect((await admin.get(response.headers.location ?? '')).body).toContain('Teams updated');

    const entries = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('record_id', '=', user.id)
      .where('action', 'like', 'admin.team_membership_%')
      .orderBy('id')
      .execute();
    expect(entries).toEqual([
      { action: 'admin.team_membership_removed', details: { teamId: org.teams.perpetrator, side: 'perpetrator' } },
      { action: 'admin.team_membership_added', details: { teamId: org.teams.management, side: 'management' } },
    ]);
  });

  it('refuses both sides of the wall with 409 and the message beside the teams, changing nothing', async () => {
    const user = await inviteAndActivate([org.teams.perpetrator]);
    const response = await admin.submit(
      `/admin/users/${user.id}/teams`,
      { teams: [org.teams.perpetrator, org.teams.partner] },
      '/admin/users',
    );
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain(WALL_MESSAGE);
    expect(response.body).toContain('href="#teams"');
    expect(await teamIdsOf(user.id)).toEqual([org.teams.perpetrator]);
    // Management alongside one side is the governed role and is allowed.
    const allowed = await admin.submit(
      `/admin/users/${user.id}/teams`,
      { teams: [org.teams.perpetrator, org.teams.management] },
      '/admin/users',
    );
    expect(allowed.statusCode).toBe(303);
  });

  it('does not let an administrator remove their own administration access', async () => {
    const response = await admin.submit(`/admin/users/${org.users.admin.id}/teams`, { teams: [org.teams.dpo] }, '/admin/users');
    expect(response.statusCode).toBe(409);
    expect(await teamIdsOf(org.users.admin.id)).toEqual([org.teams.admin]);
  });
});

describe('deactivating, reactivating and resetting', () => {
  it('deactivating signs the user out everywhere and stops them signing in; reactivating lets them back', async () => {
    const user = await inviteAndActivate([org.teams.perpetrator]);
    expect((await user.client.get('/account')).statusCode).toBe(200);

    const response = await admin.submit(`/admin/users/${user.id}/deactivate`, {}, '/admin/users');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/admin/users/${user.id}?done=deactivated`);
    expect((await user.client.get('/account')).statusCode).toBe(303);
    expect(await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await t.client().submit('/sign-in', { email: user.email, password: user.password })).statusCode).toBe(400);
    expect((await admin.get(`/admin/users/${user.id}`)).body).toContain('data-qa="status-deactivated"');

    const reactivated = await admin.submit(`/admin/users/${user.id}/reactivate`, {}, '/admin/users');
    expect(reactivated.statusCode).toBe(303);
    await t.client().signIn(user.email, user.password);

    const actions = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('record_id', '=', user.id)
      .where('action', 'in', ['admin.user_deactivated', 'admin.user_reactivated'])
      .orderBy('id')
      .execute();
    expect(actions).toEqual([
      { action: 'admin.user_deactivated', details: { sessionsEnded: 1 } },
      { action: 'admin.user_reactivated', details: {} },
    ]);
  });

  it('does not let an administrator deactivate or reset themselves', async () => {
    expect((await admin.submit(`/admin/users/${org.users.admin.id}/deactivate`, {}, '/admin/users')).statusCode).toBe(409);
    expect((await admin.submit(`/admin/users/${org.users.admin.id}/reset`, {}, '/admin/users')).statusCode).toBe(409);
    expect((await admin.get('/admin/users')).statusCode).toBe(200);
    expect((await admin.get(`/admin/users/${org.users.admin.id}`)).body).not.toContain('data-qa="deactivate"');
  });

  it('resetting unlocks, clears the password, signs them out and gives a new one-time link', async () => {
    const user = await inviteAndActivate([org.teams.partner]);
    await t.database.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 3_600_000) })
      .where('id', '=', user.id)
      .execute();
    expect((await admin.get('/admin/users')).body).toContain('data-qa="status-locked"');

    const response = await admin.submit(`/admin/users/${user.id}/reset`, {}, '/admin/users');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Account reset');
    const path = activationPath(response.body);
    expect((await user.client.get('/account')).statusCode).toBe(303);
    expect((await t.client().submit('/sign-in', { email: user.email, password: user.password })).statusCode).toBe(400);
    const row = await t.database.db
      .selectFrom('users')
      .select(['password_hash', 'locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ password_hash: null, locked_until: null });

    const fresh = t.client();
    const chosen = 'meadow quartz falcon';
    expect((await fresh.submit(path, { password: chosen, confirmation: chosen }, path)).statusCode).toBe(303);
    await t.client().signIn(user.email, chosen);
  });

  it('asks for a deactivated account to be reactivated before it is reset', async () => {
    const user = await inviteAndActivate([org.teams.partner]);
    await admin.submit(`/admin/users/${user.id}/deactivate`, {}, '/admin/users');
    const response = await admin.submit(`/admin/users/${user.id}/reset`, {}, '/admin/users');
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Reactivate this account before resetting it');
  });
});

describe('teams', () => {
  it('creates a team on one side and lists it with its member count', async () => {
    const form = await admin.get('/admin/teams/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Case management (both sides, governed)');
    expect(form.body).toContain('Data protection (audit, no case data)');

    const response = await admin.submit('/admin/teams/new', { name: 'Evening group', side: 'perpetrator' }, '/admin/teams/new');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/teams?created=1');
    const team = await t.database.db
      .selectFrom('teams')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('name', '=', 'Evening group')
      .executeTakeFirstOrThrow();
    expect(team.side).toBe('perpetrator');
    const list = await admin.get('/admin/teams?created=1');
    expect(list.body).toContain('Team created');
    expect(list.body).toMatch(/Evening group[\s\S]*?Perpetrator programme \(work with participants\)[\s\S]*?>0</);

    const entry = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'admin.team_created')
      .where('record_id', '=', team.id)
      .executeTakeFirstOrThrow();
    expect(entry.details).toEqual({ side: 'perpetrator' });
  });

  it('refuses a duplicate name with 409, and bad input with 400 and field messages', async () => {
    const duplicate = await admin.submit('/admin/teams/new', { name: 'partner SUPPORT', side: 'partner' }, '/admin/teams/new');
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('A team with this name already exists');

    const empty = await admin.submit('/admin/teams/new', { name: '  ' }, '/admin/teams/new');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a team name');
    expect(empty.body).toContain('Select what the team works on');

    const invented = await admin.submit('/admin/teams/new', { name: 'Superusers', side: 'superuser' }, '/admin/teams/new');
    expect(invented.statusCode).toBe(400);
    expect(invented.body).toContain('Select what the team works on');
    expect(invented.body).toContain('value="Superusers"');
  });

  it('lets another organisation use the same team name', async () => {
    const otherAdmin = await signedIn(other.users.admin);
    const response = await otherAdmin.submit('/admin/teams/new', { name: 'Evening group', side: 'partner' }, '/admin/teams/new');
    expect(response.statusCode).toBe(303);
  });
});

describe('the audit trail of administration', () => {
  it('records ids and codes only, never names or email addresses', async () => {
    const entries = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', 'like', 'admin.%')
      .execute();
    expect(entries.length).toBeGreaterThan(5);
    const text = JSON.stringify(entries.map((entry) => entry.details));
    expect(text).not.toMatch(/@|Alys|Penrose|Sam Okafor|Evening group/);
  });
});
