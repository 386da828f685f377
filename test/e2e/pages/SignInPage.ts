import type { Locator, Page } from 'playwright-core';

/** /sign-in: email and password. */
export class SignInPage {
  readonly form: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=sign-in-form]');
    this.email = this.form.getByLabel('Email address', { exact: true });
    this.password = this.form.getByLabel('Password', { exact: true });
    this.submit = page.locator('[data-qa=sign-in]');
  }

  async open(): Promise<this> {
    await this.page.goto('/sign-in');
    await this.form.waitFor();
    return this;
  }

  /** Fills in and sends the form; the caller waits for what should come next (a page or an error). */
  async signInAs(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}
