import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../../src/identity/bootstrap.js';
import {
  expectNoAxeViolations,
  expectNoBrowserProblems,
  screenshot,
  screenshotsOnFailure,
  startJourney,
  type Journey,
} from './harness.js';
import { ActivatePage } from './pages/ActivatePage.js';
import { ErrorSummary } from './pages/ErrorSummary.js';
import { Header } from './pages/Header.js';
import { SignInPage } from './pages/SignInPage.js';

const ADMIN_EMAIL = 'admin@parallel.local';
const PASSWORD = 'harbour violet thimble';

/**
 * The first start of a new installation: the administrator opens the one-time link printed on
 * the console, chooses a password, signs out, and signs in again with it.
 */
describe('first sign-in of the administrator', () => {
  let journey: Journey<{ activationUrl: string }>;
  let page: Page;
  screenshotsOnFailure(() => journey);

  beforeAll(async () => {
    journey = await startJourney(async (db, config) => {
      const { activationUrl } = await ensureFirstAdministrator(db, config);
      if (!activationUrl) {
        throw new Error('A new installation should give a one-time activation link');
      }
      return { activationUrl };
    });
    page = await journey.newPage();
  });
  afterAll(async () => journey?.close());

  it('sets a password from the one-time link and lands signed in', async () => {
    const activate = await new ActivatePage(page).open(journey.local(journey.prepared.activationUrl));
    expect(await activate.heading.innerText()).toBe('Set your password');
    expect(await page.title()).toContain('Parallel');
    await expectNoAxeViolations(page);

    await activate.setPassword(PASSWORD);
    const signedIn = await new Header(page).waitForSignedIn();
    expect(signedIn).toBe('Administrator');
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await screenshot(page, 'first-sign-in-signed-in');
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });

  it('signs out, and signs in again with the new password', async () => {
    await new Header(page).signOut();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.locator('[data-qa=signed-in-user]').count()).resolves.toBe(0);

    const signIn = new SignInPage(page);
    await expectNoAxeViolations(page);
    await signIn.signInAs(ADMIN_EMAIL, PASSWORD);
    expect(await new Header(page).waitForSignedIn()).toBe('Administrator');
    expectNoBrowserProblems(journey.problems);
  });

  it('shows the error summary for a wrong password, and the page stays accessible', async () => {
    await new Header(page).signOut();
    const signIn = await new SignInPage(page).open();
    await signIn.signInAs(ADMIN_EMAIL, 'harbour violet thimbles');

    const summary = await new ErrorSummary(page).waitFor();
    expect(summary.title).toBe('There is a problem');
    expect(summary.items.length).toBeGreaterThan(0);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await signIn.email.inputValue()).toBe(ADMIN_EMAIL);
    await expect(page.locator('[data-qa=signed-in-user]').count()).resolves.toBe(0);
    await screenshot(page, 'first-sign-in-wrong-password');
    await expectNoAxeViolations(page);
    expectNoBrowserProblems(journey.problems);
  });
});
