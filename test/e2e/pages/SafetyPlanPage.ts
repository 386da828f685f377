import type { Locator, Page } from 'playwright-core';

/** On her case file's Risk tab (/partner-cases/:id/risk): the safety plan and support section. */
export class CaseSafetySection {
  readonly status: Locator;
  readonly overdue: Locator;
  readonly planLink: Locator;
  readonly supportLink: Locator;

  constructor(page: Page) {
    this.status = page.locator('[data-qa=safety-plan-status]');
    this.overdue = page.locator('[data-qa=safety-plan-review-overdue]');
    this.planLink = page.locator('[data-qa=safety-plan-link]');
    this.supportLink = page.locator('[data-qa=support-work-link]');
  }
}

/** /partner-cases/:id/safety-plan: her current plan, its versions, and the way to update or print it. */
export class SafetyPlanPage {
  readonly none: Locator;
  readonly currentVersion: Locator;
  readonly overdue: Locator;
  readonly edit: Locator;
  readonly print: Locator;
  readonly versions: Locator;
  readonly emergencyNumbers: Locator;

  constructor(private readonly page: Page) {
    this.none = page.locator('[data-qa=no-safety-plan]');
    this.currentVersion = page.locator('[data-qa=current-version]');
    this.overdue = page.locator('[data-qa=review-overdue]');
    this.edit = page.locator('[data-qa=edit-safety-plan]');
    this.print = page.locator('[data-qa=print-safety-plan]');
    this.versions = page.locator('[data-qa=plan-versions] tbody tr');
    this.emergencyNumbers = page.locator('[data-qa=emergency-numbers]');
  }

  async goto(baseUrl: string, caseId: string): Promise<this> {
    await this.page.goto(`${baseUrl}/partner-cases/${caseId}/safety-plan`);
    return this.waitFor();
  }

  async waitFor(): Promise<this> {
    await this.edit.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  /** The link to one version in the versions table. */
  version(n: number): Locator {
    return this.page.locator(`[data-qa=plan-versions] a[href$="/safety-plan/versions/${n}"]`);
  }
}

export type SafetyPlanAnswers = Partial<{
  risks: string;
  warningSigns: string;
  safePlaces: string;
  safePeople: string;
  childrenSafety: string;
  escapeBag: string;
  escapeDocuments: string;
  escapeRoute: string;
  escapeDestination: string;
  localPolice: string;
  workerContact: string;
  technologySafety: string;
}>;

/** /partner-cases/:id/safety-plan/edit: write a plan with her, saved as a new version. */
export class SafetyPlanForm {
  readonly form: Locator;
  readonly linkedChildren: Locator;
  readonly reviewDay: Locator;
  readonly reviewMonth: Locator;
  readonly reviewYear: Locator;
  readonly save: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=safety-plan-form]');
    this.linkedChildren = page.locator('[data-qa=linked-children]');
    this.reviewDay = this.form.locator('#reviewOn');
    this.reviewMonth = this.form.locator('#reviewOn-month');
    this.reviewYear = this.form.locator('#reviewOn-year');
    this.save = page.locator('[data-qa=save-safety-plan]');
  }

  async waitFor(): Promise<this> {
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  /** A text answer by its field name (risks, escapeRoute, localPolice ...). */
  field(name: keyof SafetyPlanAnswers): Locator {
    return this.form.locator(`[data-qa=${name}]`);
  }

  async fill(answers: SafetyPlanAnswers): Promise<void> {
    for (const [name, value] of Object.entries(answers)) {
      await this.field(name as keyof SafetyPlanAnswers).fill(value);
    }
  }

  /** The review date agreed with her, from an ISO date (YYYY-MM-DD). */
  async reviewOn(iso: string): Promise<void> {
    const [year = '', month = '', day = ''] = iso.split('-');
    await this.reviewDay.fill(String(Number(day)));
    await this.reviewMonth.fill(String(Number(month)));
    await this.reviewYear.fill(year);
  }
}

/** /partner-cases/:id/safety-plan/print: the plan alone, to print for her. */
export class SafetyPlanPrintView {
  readonly confidential: Locator;
  readonly version: Locator;
  readonly emergencyNumbers: Locator;

  constructor(private readonly page: Page) {
    this.confidential = page.locator('[data-qa=confidential]');
    this.version = page.locator('[data-qa=print-version]');
    this.emergencyNumbers = page.locator('[data-qa=emergency-numbers]');
  }

  async waitFor(): Promise<this> {
    await this.confidential.waitFor();
    return this;
  }
}
