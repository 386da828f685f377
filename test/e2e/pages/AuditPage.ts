import type { Locator, Page } from 'playwright-core';

/** /audit: the data protection officer's search of the audit log. */
export class AuditPage {
  readonly form: Locator;
  readonly action: Locator;
  readonly submit: Locator;
  readonly resultCount: Locator;
  readonly entries: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=audit-search]');
    this.action = this.form.getByLabel('Action', { exact: true });
    this.submit = this.form.locator('[data-qa=search]');
    this.resultCount = page.locator('[data-qa=result-count]');
    this.entries = page.locator('[data-qa=audit-table] tbody tr');
  }

  async open(): Promise<this> {
    await this.page.goto('/audit');
    await this.resultCount.waitFor();
    return this;
  }

  /** Searches for one kind of entry, by the words the select shows, and waits for the results. */
  async searchForAction(label: string): Promise<void> {
    await this.action.selectOption({ label });
    await this.submit.click();
    await this.page.waitForURL((url) => url.searchParams.has('action'));
    await this.resultCount.waitFor();
  }
}
