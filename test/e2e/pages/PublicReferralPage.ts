import type { Locator, Page } from 'playwright-core';

/** /refer/<address>: the public referral form, step by step (no sign-in). */
export class PublicReferralPage {
  readonly exitThisPage: Locator;
  readonly continueButton: Locator;
  readonly sendButton: Locator;
  readonly reference: Locator;

  constructor(private readonly page: Page) {
    this.exitThisPage = page.locator('[data-qa=exit-this-page]');
    this.continueButton = page.locator('[data-qa=continue]');
    this.sendButton = page.locator('[data-qa=send]');
    this.reference = page.locator('[data-qa=reference]');
  }

  async open(slug: string): Promise<this> {
    await this.page.goto(`/refer/${slug}`);
    await this.page.locator('[data-qa=route-form]').waitFor();
    return this;
  }

  async chooseRoute(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
    await this.continueButton.click();
    await this.page.locator('[data-qa=questions-form]').waitFor();
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async choose(group: string, option: string): Promise<void> {
    await this.page.getByRole('group', { name: group }).getByLabel(option, { exact: true }).check();
  }

  async continueToCheck(): Promise<void> {
    await this.continueButton.click();
    await this.page.locator('[data-qa=check-form]').waitFor();
  }

  async send(): Promise<string> {
    await this.sendButton.click();
    await this.reference.waitFor();
    return (await this.reference.textContent())?.trim() ?? '';
  }
}
