import type { Locator, Page } from 'playwright-core';

/** /participants/:id/children/new and .../edit: a child as both sides see them. */
export class ChildForm {
  readonly form: Locator;
  readonly firstName: Locator;
  readonly age: Locator;
  readonly save: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=child-form]');
    this.firstName = this.form.getByLabel('First name (optional)', { exact: true });
    this.age = this.form.getByLabel('Age in years, if you do not know the date of birth', { exact: true });
    this.save = page.locator('[data-qa=save]');
  }

  async waitFor(): Promise<this> {
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  /** Ticks the radio with this label inside the fieldset with this legend. */
  async choose(legend: string, label: string): Promise<void> {
    await this.form.getByRole('group', { name: legend }).getByLabel(label, { exact: true }).check();
  }
}

/** /partner-cases/:id/children/:childId: her worker's partner-side details of a child. */
export class ChildPartnerForm {
  readonly form: Locator;
  readonly school: Locator;
  readonly notes: Locator;
  readonly save: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=child-partner-form]');
    this.school = this.form.getByLabel('School or nursery (optional)', { exact: true });
    this.notes = this.form.getByLabel('Notes (optional)', { exact: true });
    this.save = page.locator('[data-qa=save]');
  }

  async waitFor(): Promise<this> {
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  async linked(answer: 'Yes' | 'No'): Promise<void> {
    await this.form.locator(`input[name=linked][value=${answer === 'Yes' ? 'yes' : 'no'}]`).check();
  }
}
