import type { Locator, Page } from 'playwright-core';

/** The GOV.UK error summary a form shows above itself when something needs fixing. */
export class ErrorSummary {
  readonly box: Locator;
  readonly title: Locator;
  readonly items: Locator;

  constructor(page: Page) {
    this.box = page.getByRole('alert').filter({ has: page.locator('.govuk-error-summary__title') });
    this.title = this.box.locator('.govuk-error-summary__title');
    this.items = this.box.locator('.govuk-error-summary__list li');
  }

  async waitFor(): Promise<{ title: string; items: string[] }> {
    await this.box.waitFor();
    return { title: (await this.title.innerText()).trim(), items: (await this.items.allInnerTexts()).map((t) => t.trim()) };
  }
}
