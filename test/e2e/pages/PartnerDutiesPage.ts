import type { Locator, Page } from 'playwright-core';

/** Her case page's "Duties to inform the partner" section, and the page that records how she was told. */
export class PartnerDutiesPage {
  readonly outstanding: Locator;
  readonly done: Locator;
  readonly form: Locator;
  readonly whatToTell: Locator;

  constructor(private readonly page: Page) {
    this.outstanding = page.locator('[data-qa=duties-outstanding]');
    this.done = page.locator('[data-qa=duties-done]');
    this.form = page.locator('[data-qa=duty-form]');
    this.whatToTell = page.locator('[data-qa=what-to-tell]');
  }

  private partnerCaseId = '';

  /** Her case file's Support tab, at its duties. */
  async openCase(partnerCaseId: string): Promise<this> {
    this.partnerCaseId = partnerCaseId;
    await this.page.goto(`/partner-cases/${partnerCaseId}/tab/support#duties`);
    await this.outstanding.waitFor();
    return this;
  }

  /** The outstanding duty whose sentence contains `text`: its "Record how the partner was told" link. */
  async openRecordFormFor(text: string): Promise<void> {
    await this.outstanding.locator('tr', { hasText: text }).locator('[data-qa=record-duty]').click();
    await this.form.waitFor();
  }

  async save(): Promise<void> {
    await this.form.locator('[data-qa=save-duty]').click();
  }

  /** She was told: how, and at what time today (the date box starts at today). */
  async recordTold(
    method: 'Phone' | 'In person' | 'Text message' | 'Letter' | 'Email',
    time: string,
    note?: string,
  ): Promise<void> {
    await this.form.getByLabel('Yes, the partner was told').check();
    await this.form.getByLabel(method, { exact: true }).check();
    await this.form.getByLabel('Time').fill(time);
    if (note) {
      await this.form.getByLabel('Note (optional)').fill(note);
    }
    await this.save();
    // Saved, back on her case's overview: the duties are listed in full on the Support tab.
    await this.page.locator('[data-qa=case-heading]').waitFor();
    await this.page.goto(`/partner-cases/${this.partnerCaseId}/tab/support#duties`);
    await this.outstanding.waitFor();
  }
}
