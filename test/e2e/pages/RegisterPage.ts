import type { Locator, Page } from 'playwright-core';

/** /programme/sessions/:id/register: one line per man, the five outcomes, minutes late, a participation note. */
export class RegisterPage {
  readonly form: Locator;
  readonly save: Locator;
  /** "Mark all attended": every line not yet answered becomes attended, nothing saved yet. */
  readonly markAll: Locator;
  /** The banner saying how many lines were marked and that nothing is saved yet. */
  readonly markedAll: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=register-form]');
    this.save = page.locator('[data-qa=save-register]');
    this.markAll = page.locator('[data-qa=mark-all-attended]');
    this.markedAll = page.locator('[data-qa=marked-all]');
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

  /** The outcome checked on one participant's line, by its label, or null. */
  async chosen(name: string): Promise<string | null> {
    const checked = this.line(name).locator('input[type=radio]:checked');
    if ((await checked.count()) === 0) {
      return null;
    }
    const id = await checked.getAttribute('id');
    return (await this.page.locator(`label[for="${id}"]`).innerText()).trim();
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
