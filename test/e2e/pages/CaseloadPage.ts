import type { Locator, Page } from 'playwright-core';

/** A caseload list: /participants for the programme team, /partner-cases for partner support. */
export class CaseloadPage {
  readonly caseload: Locator;
  readonly caseLinks: Locator;

  constructor(private readonly page: Page) {
    this.caseload = page.locator('[data-qa=caseload]');
    this.caseLinks = page.locator('[data-qa=case-link]');
  }

  async waitFor(): Promise<this> {
    await this.caseload.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  get path(): string {
    return new URL(this.page.url()).pathname;
  }

  /** The path of every case linked from the list, in the order shown, e.g. /participants/<id>. */
  async casePaths(): Promise<string[]> {
    const hrefs = await this.caseLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    return hrefs.filter(Boolean);
  }

  /** Opens the first case in the list, or the first whose path passes `choose`; says which it was. */
  async openCase(choose: (path: string) => boolean = () => true): Promise<{ name: string; path: string }> {
    const path = (await this.casePaths()).find(choose);
    if (!path) {
      throw new Error('No case in the list is the one the journey needs');
    }
    const link = this.caseLinks.and(this.page.locator(`[href="${path}"]`)).first();
    const name = (await link.innerText()).trim();
    await link.click();
    await this.page.waitForURL((url) => url.pathname === path);
    return { name, path };
  }
}
