import type { Locator, Page } from 'playwright-core';

/** /dashboard ("Due and overdue"): the scope switch and the triage cards, each a count linking to its list. */
export class DashboardPage {
  readonly cards: Locator;
  readonly scopes: Locator;

  constructor(private readonly page: Page) {
    this.cards = page.locator('[data-qa=triage] > li');
    this.scopes = page.locator('[data-qa=triage-scope]');
  }

  async open(scope?: string): Promise<this> {
    await this.page.goto(scope ? `/dashboard?scope=${scope}` : '/dashboard');
    await this.page.locator('h1', { hasText: 'Due and overdue' }).waitFor();
    return this;
  }

  /** Each card as shown: its key (data-qa), the number it shows and where its link goes. */
  async triage(): Promise<Array<{ key: string; count: number; href: string }>> {
    const found: Array<{ key: string; count: number; href: string }> = [];
    for (const card of await this.cards.all()) {
      const key = ((await card.getAttribute('data-qa')) ?? '').replace(/^triage-/, '');
      const count = Number(await card.locator('[data-qa=triage-count]').innerText());
      const href = (await card.locator('[data-qa=triage-link]').getAttribute('href')) ?? '';
      found.push({ key, count, href });
    }
    return found;
  }

  card(key: string): Locator {
    return this.page.locator(`[data-qa=triage-${key}] [data-qa=triage-link]`);
  }

  async chooseScope(text: string): Promise<void> {
    await this.scopes.getByRole('link', { name: text, exact: true }).click();
    await this.page.waitForURL(/scope=/);
  }
}
