import type { Locator, Page } from 'playwright-core';

/** The header on every page: who is signed in, and the sign-out button. */
export class Header {
  readonly signedInUser: Locator;
  readonly signOutButton: Locator;

  constructor(private readonly page: Page) {
    this.signedInUser = page.locator('[data-qa=signed-in-user]');
    this.signOutButton = page.locator('[data-qa=sign-out]');
  }

  /** Waits until a page with someone signed in has loaded, and says who. */
  async waitForSignedIn(): Promise<string> {
    await this.signedInUser.waitFor();
    await this.page.waitForLoadState('load');
    return (await this.signedInUser.innerText()).trim();
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await this.page.locator('[data-qa=sign-in-form]').waitFor();
  }
}
