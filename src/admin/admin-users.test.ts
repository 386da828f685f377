import { describe, expect, it } from 'vitest';
import { WALL_MESSAGE } from './rules.js';
import {
  t,
  org,
  other,
  admin,
  signedIn,
  activationPath,
  inviteAndActivate,
  teamIdsOf,
  useAdministration,
} from '../../test/fixtures/admin.js';

/* Administration: changing a user's teams, deactivating, reactivating and resetting, teams, and the audit trail of administration. */
useAdministration();

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
