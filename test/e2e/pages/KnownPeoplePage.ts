import type { Locator, Page } from 'playwright-core';

/** /intake/known-people: whether the person named on a referral is already known to the service. */
export class KnownPeoplePage {
  readonly form: Locator;
  readonly givenName: Locator;
  readonly familyName: Locator;
  readonly submit: Locator;
  /** Each participant or partner the search matched. */
  readonly matches: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=known-people-form]');
    this.givenName = this.form.getByLabel('First name', { exact: true });
    this.familyName = this.form.getByLabel('Last name', { exact: true });
    this.submit = this.form.locator('[data-qa=search]');
    this.matches = page.locator('[data-qa=participant-match], [data-qa=partner-match]');
  }

  async open(): Promise<this> {
    await this.page.goto('/intake/known-people');
    await this.form.waitFor();
    return this;
  }

  /** Searches by name and waits for the results (headed "Participants") to come back. */
  async search(givenName: string, familyName: string): Promise<void> {
    await this.givenName.fill(givenName);
    await this.familyName.fill(familyName);
    await this.submit.click();
    await this.page.locator('#participant-matches').waitFor();
  }
}
