import type { Locator, Page } from 'playwright-core';

/** /account/activate/:token: the one-time link where a new user chooses a password. */
export class ActivatePage {
  readonly form: Locator;
  readonly heading: Locator;
  readonly password: Locator;
  readonly confirmation: Locator;
  readonly submit: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=activate-form]');
    this.heading = page.getByRole('heading', { level: 1 });
    this.password = this.form.getByLabel('New password', { exact: true });
    this.confirmation = this.form.getByLabel('Confirm new password', { exact: true });
    this.submit = page.locator('[data-qa=set-password]');
  }

  async open(link: string): Promise<this> {
    await this.page.goto(link);
    await this.form.waitFor();
    return this;
  }

  async setPassword(password: string): Promise<void> {
    await this.password.fill(password);
    await this.confirmation.fill(password);
    await this.submit.click();
  }
}
