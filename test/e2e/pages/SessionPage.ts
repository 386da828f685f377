import type { Locator, Page } from 'playwright-core';

/** /sessions/:id: a session, its facilitators (with the co-facilitation warning) and its history of changes. */
export class SessionPage {
  readonly heading: Locator;
  readonly status: Locator;
  readonly facilitatorWarning: Locator;
  readonly history: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.locator('[data-qa=session-heading]');
    this.status = page.locator('[data-qa=session-status]');
    this.facilitatorWarning = page.locator('[data-qa=facilitator-warning]');
    this.history = page.locator('[data-qa=session-history]');
  }

  async open(sessionId: string): Promise<this> {
    await this.page.goto(`/sessions/${sessionId}`);
    await this.heading.waitFor();
    return this;
  }

  /** Reschedules to a London date (YYYY-MM-DD) and time (HH:MM), with the reason kept in the history. */
  async reschedule(date: string, time: string, reason: string): Promise<void> {
    await this.page.locator('[data-qa=reschedule]').click();
    const form = this.page.locator('[data-qa=reschedule-form]');
    await form.getByLabel('New date').fill(date);
    await form.getByLabel('New start time').fill(time);
    await form.getByLabel('Reason for the change').fill(reason);
    await form.locator('[data-qa=save-reschedule]').click();
  }

  async cancel(reason: string): Promise<void> {
    await this.page.locator('[data-qa=cancel-session]').click();
    const form = this.page.locator('[data-qa=cancel-form]');
    await form.getByLabel('Reason for cancelling').fill(reason);
    await form.locator('[data-qa=confirm-cancel]').click();
  }

  async addCover(name: string): Promise<void> {
    const form = this.page.locator('[data-qa=cover-form]');
    await form.getByLabel('Add cover for this session').selectOption({ label: name });
    await form.locator('[data-qa=add-cover]').click();
  }
}

/** /calendar/feed: the secret feed address, shown once when created. */
export class CalendarFeedPage {
  readonly feedUrl: Locator;

  constructor(private readonly page: Page) {
    this.feedUrl = page.locator('[data-qa=feed-url]');
  }

  async open(): Promise<this> {
    await this.page.goto('/calendar/feed');
    return this;
  }

  async create(): Promise<string> {
    await this.page.locator('[data-qa=create-feed]').click();
    return (await this.feedUrl.innerText()).trim();
  }
}
