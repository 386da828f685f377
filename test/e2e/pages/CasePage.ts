import type { Locator, Page } from 'playwright-core';

/** One case: a participant's record or a partner's record. */
export class CasePage {
  readonly heading: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.locator('[data-qa=case-heading]');
  }

  async waitFor(): Promise<{ heading: string }> {
    await this.heading.waitFor();
    await this.page.waitForLoadState('load');
    return { heading: (await this.heading.innerText()).trim() };
  }

  /** Everything the browser received for the page, markup and attributes included. */
  async html(): Promise<string> {
    return this.page.content();
  }
}
