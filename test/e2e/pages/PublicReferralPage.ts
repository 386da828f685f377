import type { Locator, Page } from 'playwright-core';

/**
 * /refer/<address>: the public referral form, one question page at a time (no sign-in). Every
 * page posts to the same address, so each move waits for the page it should reach: a question
 * page by its step (data-step), check your answers, or the confirmation.
 */
export class PublicReferralPage {
  readonly exitThisPage: Locator;
  readonly continueButton: Locator;
  readonly backButton: Locator;
  readonly sendButton: Locator;
  readonly reference: Locator;
  readonly answers: Locator;

  constructor(private readonly page: Page) {
    this.exitThisPage = page.locator('[data-qa=exit-this-page]');
    // The visible Continue: a hidden copy comes first in each form, for the Enter key.
    this.continueButton = page.locator('[data-qa=continue]');
    this.backButton = page.locator('[data-qa=back]');
    this.sendButton = page.locator('[data-qa=send]');
    this.reference = page.locator('[data-qa=reference]');
    this.answers = page.locator('[data-qa=answers]');
  }

  private pageLocator(name: string): Locator {
    if (name === 'who') {
      return this.page.locator('[data-qa=route-form]');
    }
    if (name === 'check') {
      return this.page.locator('[data-qa=check-form]');
    }
    return this.page.locator(`[data-qa=step-form][data-step="${name}"]`);
  }

  async open(slug: string): Promise<this> {
    await this.page.goto(`/refer/${slug}`);
    await this.pageLocator('who').waitFor();
    return this;
  }

  /** The page shown: 'who', a step ('him', 'interpreter', 'partners', 'children', 'referral', 'you') or 'check'. */
  async current(): Promise<string> {
    if (await this.pageLocator('who').count()) {
      return 'who';
    }
    if (await this.pageLocator('check').count()) {
      return 'check';
    }
    return (await this.page.locator('[data-qa=step-form]').getAttribute('data-step')) ?? 'unknown';
  }

  async chooseRoute(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
    await this.continueTo('him');
  }

  async fill(label: string, value: string, within?: string): Promise<void> {
    const scope = within ? this.page.locator(`[data-qa=${within}]`) : this.page;
    await scope.getByLabel(label, { exact: true }).fill(value);
  }

  async choose(group: string, option: string, within?: string): Promise<void> {
    const scope = within ? this.page.locator(`[data-qa=${within}]`) : this.page;
    await scope.getByRole('group', { name: group }).getByLabel(option, { exact: true }).check();
  }

  async fillDate(group: string, day: string, month: string, year: string): Promise<void> {
    const date = this.page.getByRole('group', { name: group });
    await date.getByLabel('Day', { exact: true }).fill(day);
    await date.getByLabel('Month', { exact: true }).fill(month);
    await date.getByLabel('Year', { exact: true }).fill(year);
  }

  /** Presses Continue and waits for the page it should lead to. */
  async continueTo(next: string): Promise<void> {
    await this.continueButton.click();
    await this.pageLocator(next).waitFor();
  }

  /** Presses Continue on a page with a mistake: the same page comes back with its errors. */
  async continueWithErrors(): Promise<void> {
    await this.continueButton.click();
    await this.page.locator('.govuk-error-summary').waitFor();
  }

  async backTo(previous: string): Promise<void> {
    await this.backButton.click();
    await this.pageLocator(previous).waitFor();
  }

  /** On check your answers: the Change button of a page's card (the first, when the page has several cards). */
  async change(step: string): Promise<void> {
    await this.page.locator(`[data-qa=change-${step}]`).first().click();
    await this.pageLocator(step).waitFor();
  }

  async send(): Promise<string> {
    await this.sendButton.click();
    await this.reference.waitFor();
    return (await this.reference.textContent())?.trim() ?? '';
  }

  /** What a field holds now (to see that going back kept it). */
  async valueOf(label: string): Promise<string> {
    return this.page.getByLabel(label, { exact: true }).inputValue();
  }
}
