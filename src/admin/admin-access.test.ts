import { describe, expect, it } from 'vitest';
import { type TestOrganisation } from '../../test/fixtures/organisation.js';
import { accountStatus, breachesWall, WALL_MESSAGE } from './rules.js';
import {
  t,
  org,
  other,
  admin,
  NEW_PASSWORD,
  signedIn,
  activationPath,
  teamIdsOf,
  useAdministration,
} from '../../test/fixtures/admin.js';

/* Administration: its rules, who may reach it, and inviting a user. */
useAdministration();

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
