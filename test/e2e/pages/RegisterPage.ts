import type { Locator, Page } from 'playwright-core';

/** /programme/sessions/:id/register: one line per man, the five outcomes, minutes late, a participation note. */
export class RegisterPage {
  readonly form: Locator;
  readonly save: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=register-form]');
    this.save = page.locator('[data-qa=save-register]');
  }

  async open(sessionId: string): Promise<this> {
    await this.page.goto(`/programme/sessions/${sessionId}/register`);
    await this.form.waitFor();
    return this;
  }

  /** The line of one man, found by his name in its legend. */
  line(name: string): Locator {
    return this.page.locator('[data-qa=register-line]').filter({ hasText: name });
  }

  async choose(name: string, outcome: string): Promise<void> {
    await this.line(name).getByLabel(outcome, { exact: true }).check();
  }

  async minutesLate(name: string, minutes: string): Promise<void> {
    await this.line(name).getByLabel('Minutes late').fill(minutes);
  }

  async note(name: string, text: string): Promise<void> {
    await this.line(name).getByLabel('Participation note (optional)').fill(text);
  }

  async recordDisclosureFor(name: string): Promise<void> {
    await this.line(name)
      .getByRole('link', { name: /Record a disclosure/ })
      .click();
  }
}
