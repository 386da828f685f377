import type { Locator, Page } from 'playwright-core';

/** /partner-cases/:id/support: her support sessions, information sessions and referrals. */
export class SupportWorkPage {
  readonly sessions: Locator;
  readonly informationSessions: Locator;
  readonly referrals: Locator;
  readonly recordSession: Locator;
  readonly recordInformationSession: Locator;
  readonly recordReferral: Locator;

  constructor(private readonly page: Page) {
    this.sessions = page.locator('[data-qa=support-sessions] tbody tr');
    this.informationSessions = page.locator('[data-qa=information-sessions] tbody tr');
    this.referrals = page.locator('[data-qa=onward-referrals] tbody tr');
    this.recordSession = page.locator('[data-qa=record-support-session]');
    this.recordInformationSession = page.locator('[data-qa=record-information-session]');
    this.recordReferral = page.locator('[data-qa=record-referral]');
  }

  async waitFor(): Promise<this> {
    await this.recordSession.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }
}

/** The three boxes of a GOV.UK date input named `name`, filled from an ISO date. */
async function fillDate(form: Locator, name: string, iso: string): Promise<void> {
  const [year = '', month = '', day = ''] = iso.split('-');
  await form.locator(`#${name}`).fill(String(Number(day)));
  await form.locator(`#${name}-month`).fill(String(Number(month)));
  await form.locator(`#${name}-year`).fill(year);
}

/** /partner-cases/:id/support/sessions/new: a one-to-one support session with her. */
export class SupportSessionForm {
  readonly form: Locator;
  readonly duration: Locator;
  readonly notes: Locator;
  readonly save: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=support-session-form]');
    this.duration = this.form.getByLabel('Length in minutes', { exact: true });
    this.notes = this.form.getByLabel('Notes (optional)', { exact: true });
    this.save = page.locator('[data-qa=save]');
  }

  async waitFor(): Promise<this> {
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  heldOn(iso: string): Promise<void> {
    return fillDate(this.form, 'heldOn', iso);
  }

  async how(label: 'Phone' | 'In person' | 'Video'): Promise<void> {
    await this.form.getByRole('group', { name: 'How was it held?' }).getByLabel(label, { exact: true }).check();
  }

  async topic(label: string): Promise<void> {
    await this.form.getByRole('group', { name: 'Topics' }).getByLabel(label, { exact: true }).check();
  }
}

/** /partner-cases/:id/support/referrals/new: a referral she wants, with her consent. */
export class ReferralForm {
  readonly form: Locator;
  readonly organisation: Locator;
  readonly consent: Locator;
  readonly save: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=referral-form]');
    this.organisation = this.form.getByLabel('Organisation', { exact: true });
    this.consent = this.form.locator('input[name=consent]');
    this.save = page.locator('[data-qa=save]');
  }

  async waitFor(): Promise<this> {
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  referredOn(iso: string): Promise<void> {
    return fillDate(this.form, 'referredOn', iso);
  }

  async service(label: string): Promise<void> {
    await this.form.getByRole('group', { name: 'Which service?' }).getByLabel(label, { exact: true }).check();
  }
}
