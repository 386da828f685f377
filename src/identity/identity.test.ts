import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { ensureFirstAdministrator } from './bootstrap.js';
import { passwordProblem } from './passwords.js';

let t: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  t = await createTestApp({ loginMaxFailures: 3, loginRateLimitPerMinute: 1000 });
  org = await createTestOrganisation(t.database.db);
});
afterAll(async () => t?.close());

describe('password rules (NCSC)', () => {
  it.each([
    ['short1', /12 characters or more/],
    ['passwordpassword', /too common/],
    ['qwerty123456', /too common/],
    ['aaaaaaaaaaaaaaaa', /too common/],
  ])('refuses %s', (password, message) => {
    expect(passwordProblem(password)).toMatch(message);
  });

  it('refuses a password containing the email name and accepts a long passphrase', () => {
    expect(passwordProblem('amina.k-secret-words', { email: 'amina.k@example.org' })).toMatch(/email/);
    expect(passwordProblem('lantern orchard pebble')).toBeNull();
  });
});

describe('sign-in', () => {
  it('signs in with the right password and reaches a page behind sign-in', async () => {
    const client = t.client();
    const response = await client.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
    expect(response.headers.location).toBe('/participants');
    const cookie = response.cookies.find((c) => c.name === 'parallel_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect((await client.get('/account')).statusCode).toBe(200);
  });

  it('answers a wrong password with a field error, not a 500, and says nothing of whether the account exists', async () => {
    const client = t.client();
    const wrong = await client.submit('/sign-in', { email: org.users.partner.email, password: 'not the password at all' });
    const unknown = await client.submit('/sign-in', { email: 'nobody@nowhere.example', password: 'not the password at all' });
    expect(wrong.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('href="#email"');
    const message = (body: string) => /govuk-error-message">[\s\S]*?<\/p>/.exec(body)?.[0];
    expect(message(wrong.body)).toEqual(message(unknown.body));
  });

  it('shows field errors for empty input', async () => {
    const response = await t.client().submit('/sign-in', { email: '', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter your email address');
    expect(response.body).toContain('Enter your password');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const client = t.client();
    for (let i = 0; i < 3; i += 1) {
      expect((await client.submit('/sign-in', { email: org.users.dpo.email, password: 'wrong password here' })).statusCode).toBe(
        400,
      );
    }
    const locked = await client.submit('/sign-in', { email: org.users.dpo.email, password: org.users.dpo.password });
    expect(locked.statusCode).toBe(400);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('record_id', '=', org.users.dpo.id)
      .execute();
    expect(events.map((e) => e.action)).toContain('identity.account_locked');
  });

  it('refuses a form post without the CSRF token', async () => {
    const client = t.client();
    await client.get('/sign-in');
    const response = await client.request('POST', '/sign-in', {
      form: { email: org.users.admin.email, password: org.users.admin.password },
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('This form has expired');
  });

  it('signing out ends the session on the server', async () => {
    const client = t.client();
    await client.signIn(org.users.management.email, org.users.management.password);
    const sessionCookie = client.cookieHeader();
    expect((await client.submit('/sign-out', {})).statusCode).toBe(303);
    const replay = await t.app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: sessionCookie, accept: 'text/html' },
    });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in?returnTo=%2Faccount');
  });

  it('ends a session left idle beyond the idle timeout', async () => {
    const client = t.client();
    await client.signIn(org.users.admin.email, org.users.admin.password);
    await t.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - (t.config.sessionIdleMinutes + 1) * 60_000) })
      .where('user_id', '=', org.users.admin.id)
      .execute();
    expect((await client.get('/account')).statusCode).toBe(303);
  });

  it('does not redirect off-site after sign-in', async () => {
    const client = t.client();
    const response = await client.submit('/sign-in', {
      email: org.users.partner.email,
      password: org.users.partner.password,
      returnTo: '//evil.example/',
    });
    expect(response.headers.location).toBe('/partner-cases');
  });
});

describe('first start', () => {
  it('creates nothing twice and prints a one-time link that lets the administrator set a password', async () => {
    const fresh = await createTestApp();
    try {
      const first = await ensureFirstAdministrator(fresh.database.db, fresh.config);
      expect(first.created).toBe(true);
      const url = new URL(first.activationUrl ?? '');
      const client = fresh.client();
      const page = await client.get(url.pathname);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('admin@parallel.local');

      const weak = await client.submit(url.pathname, { password: 'password1234', confirmation: 'password1234' }, url.pathname);
      expect(weak.statusCode).toBe(400);
      expect(weak.body).toContain('too common');

      const done = await client.submit(
        url.pathname,
        { password: 'harbour violet thimble', confirmation: 'harbour violet thimble' },
        url.pathname,
      );
      expect(done.statusCode).toBe(303);
      expect((await client.get('/account')).statusCode).toBe(200);

      // The link works once; a second start creates nothing and prints no link once a password is set.
      expect((await fresh.client().get(url.pathname)).statusCode).toBe(404);
      const second = await ensureFirstAdministrator(fresh.database.db, fresh.config);
      expect(second).toEqual({ created: false, activationUrl: null });
      expect(await fresh.database.db.selectFrom('organisations').select('id').execute()).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('changing a password', () => {
  it('checks the current password and the rules, then signs the user out everywhere else', async () => {
    const user = org.users.management;
    const here = t.client();
    const elsewhere = t.client();
    await here.signIn(user.email, user.password);
    await elsewhere.signIn(user.email, user.password);

    const wrongCurrent = await here.submit('/account/password', {
      current: 'not my password',
      password: 'quarry lantern thistle',
      confirmation: 'quarry lantern thistle',
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.body).toContain('Your current password is not correct');
    const mismatch = await here.submit('/account/password', {
      current: user.password,
      password: 'quarry lantern thistle',
      confirmation: 'quarry lantern thistles',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('Enter the same password twice');

    const changed = await here.submit('/account/password', {
      current: user.password,
      password: 'quarry lantern thistle',
      confirmation: 'quarry lantern thistle',
    });
    expect(changed.statusCode).toBe(303);
    expect((await here.get('/account')).statusCode).toBe(200);
    expect((await elsewhere.get('/account')).statusCode).toBe(303);
    await t.client().signIn(user.email, 'quarry lantern thistle');
  });
});
