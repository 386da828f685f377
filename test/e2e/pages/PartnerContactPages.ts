import type { Locator, Page } from 'playwright-core';

/** Her safe-contact rules, shown before any contact action: on her case page and the log-an-attempt page. */
export class SafeContactPanel {
  readonly panel: Locator;
  readonly rules: Locator;
  readonly details: Locator;
  readonly changeSafeTimes: Locator;

  constructor(page: Page) {
    this.panel = page.locator('[data-qa=safe-contact-panel]');
    this.rules = this.panel.locator('[data-qa=safe-contact-rule]');
    this.details = this.panel.locator('[data-qa=safe-contact]');
    this.changeSafeTimes = this.panel.locator('[data-qa=change-safe-times]');
  }

  /** The rules as the worker reads them, e.g. "Do not leave a message or voicemail." */
  async ruleTexts(): Promise<string[]> {
    await this.panel.waitFor();
    return (await this.rules.allInnerTexts()).map((t) => t.trim());
  }
}

/** /partner-cases/:id/contact-attempts/new: her rules first, then the form; a breach is warned of before saving. */
export class ContactAttemptPage {
  readonly rules: SafeContactPanel;
  readonly form: Locator;
  readonly numberUsed: Locator;
  readonly time: Locator;
  readonly note: Locator;
  readonly submit: Locator;
  readonly breachWarning: Locator;
  readonly confirmBreach: Locator;
  readonly breachReason: Locator;
  readonly attempts: Locator;

  constructor(private readonly page: Page) {
    this.rules = new SafeContactPanel(page);
    this.form = page.locator('[data-qa=contact-attempt-form]');
    this.numberUsed = page.locator('[data-qa=number-used]');
    this.time = this.form.getByLabel('Time', { exact: true });
    this.note = this.form.getByLabel('Note (optional)');
    this.submit = page.locator('[data-qa=log-attempt]');
    this.breachWarning = page.locator('[data-qa=safe-contact-breach]');
    this.confirmBreach = page.locator('[data-qa=confirm-breach]');
    this.breachReason = page.locator('[data-qa=breach-reason]');
    this.attempts = page.locator('[data-qa=contact-attempts]');
  }

  async open(caseId: string): Promise<this> {
    await this.page.goto(`/partner-cases/${caseId}/contact-attempts/new`);
    await this.form.waitFor();
    return this;
  }

  /** Fills and sends the form. `method` and `outcome` are the radio labels, e.g. "Phone call", "No answer". */
  async log(values: { method: string; outcome: string; time?: string; numberUsed?: string; note?: string }): Promise<void> {
    await this.form.getByLabel(values.method, { exact: true }).check();
    await this.form.getByLabel(values.outcome, { exact: true }).check();
    if (values.time !== undefined) {
      await this.time.fill(values.time);
    }
    if (values.numberUsed !== undefined) {
      await this.numberUsed.fill(values.numberUsed);
    }
    if (values.note !== undefined) {
      await this.note.fill(values.note);
    }
    await this.submit.click();
  }

  /** After the warning: record it anyway, with why. */
  async confirmWithReason(reason: string): Promise<void> {
    await this.confirmBreach.check();
    await this.breachReason.fill(reason);
    await this.submit.click();
  }
}

/** The contact section of her case page: the attempts, the link to log one, closing as not engaged. */
export class PartnerContactSection {
  readonly rules: SafeContactPanel;
  readonly attempts: Locator;
  readonly breaches: Locator;
  readonly logAttempt: Locator;
  readonly notEngaged: Locator;
  readonly addressSealed: Locator;
  readonly breakGlass: Locator;
  readonly glassBreaks: Locator;

  constructor(page: Page) {
    this.rules = new SafeContactPanel(page);
    this.attempts = page.locator('[data-qa=contact-attempts]');
    this.breaches = page.locator('[data-qa=attempt-breach]');
    this.logAttempt = page.locator('[data-qa=log-contact-attempt]');
    this.notEngaged = page.locator('[data-qa=not-engaged-link]');
    this.addressSealed = page.locator('[data-qa=address-sealed]');
    this.breakGlass = page.locator('[data-qa=break-glass-link]');
    this.glassBreaks = page.locator('[data-qa=glass-breaks]');
  }
}
