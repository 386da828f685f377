import type { Locator, Page } from 'playwright-core';

/** A GOV.UK date (three boxes, the day's id being `name`) from an ISO date (YYYY-MM-DD). */
async function fillDate(scope: Locator, name: string, iso: string): Promise<void> {
  const [year = '', month = '', day = ''] = iso.split('-');
  await scope.locator(`#${name}`).fill(String(Number(day)));
  await scope.locator(`#${name}-month`).fill(String(Number(month)));
  await scope.locator(`#${name}-year`).fill(year);
}

export type DomainAnswer = { rating: 'None' | 'Low' | 'Medium' | 'High' | 'Not known'; evidence?: string };

/** /participants/:id/risk-assessment/new: his 14 domains, the overall level, summary, plan and review date. */
export class RiskAssessmentForm {
  readonly form: Locator;
  readonly level: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=risk-assessment-form]');
    this.level = page.locator('[data-qa=overall-level]');
  }

  async open(participantId: string): Promise<this> {
    await this.page.goto(`/participants/${participantId}/risk-assessment/new`);
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  /** Rates one domain (by its key, e.g. sexual_violence), with its evidence when given. */
  async rate(domain: string, answer: DomainAnswer): Promise<void> {
    const block = this.form.locator(`[data-qa=domain-${domain}]`);
    await block.getByLabel(answer.rating, { exact: true }).check();
    if (answer.evidence) {
      await block.locator('textarea').fill(answer.evidence);
    }
  }

  async fillFindings(found: { level: string; summary: string; plan: string; reviewOn: string }): Promise<void> {
    await this.form.locator('[data-qa=overallLevel]').getByLabel(found.level, { exact: true }).check();
    await this.form.locator('[data-qa=summary]').fill(found.summary);
    await this.form.locator('[data-qa=managementPlan]').fill(found.plan);
    await fillDate(this.form, 'reviewOn', found.reviewOn);
  }

  async save(): Promise<void> {
    await this.page.locator('[data-qa=save-risk-assessment]').click();
  }
}

/** /participants/:id/suitability/new: his suitability assessment. */
export class SuitabilityForm {
  readonly form: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=suitability-form]');
  }

  async open(participantId: string): Promise<this> {
    await this.page.goto(`/participants/${participantId}/suitability/new`);
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  async fill(answers: { acknowledgement: string; responsibility: string; motivation: string; outcome: string; reasons: string }) {
    await this.form.getByLabel(answers.acknowledgement, { exact: true }).check();
    await this.form.getByLabel(answers.responsibility, { exact: true }).check();
    const motivation = this.form.locator('.govuk-form-group').filter({ has: this.page.locator('input[name=motivation]') });
    await motivation.getByLabel(answers.motivation, { exact: true }).check();
    await this.form.getByLabel(answers.outcome, { exact: true }).check();
    await this.form.locator('#reasons').fill(answers.reasons);
  }

  async save(): Promise<void> {
    await this.page.locator('[data-qa=save-suitability]').click();
  }
}

/** /risk-picture/:participantId: management's combined risk picture, with the minimisation flags. */
export class CombinedRiskPicture {
  readonly flags: Locator;

  constructor(private readonly page: Page) {
    this.flags = page.locator('[data-qa=minimisation-flags] li');
  }

  async open(participantId: string): Promise<this> {
    await this.page.goto(`/risk-picture/${participantId}`);
    await this.page.getByRole('heading', { level: 1, name: 'Combined risk picture' }).waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  flag(domain: string): Locator {
    return this.page.locator(`[data-qa=minimisation-flag-${domain}]`);
  }
}

/** /participants/:id/assessment-reports/new and the report's page. */
export class AssessmentReportPages {
  readonly form: Locator;
  readonly download: Locator;
  readonly partnerInformation: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=report-form]');
    this.download = page.locator('[data-qa=download-pdf]');
    this.partnerInformation = page.locator('[data-qa=partner-information]');
  }

  async openNew(participantId: string): Promise<this> {
    await this.page.goto(`/participants/${participantId}/assessment-reports/new`);
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  async write(report: { recipientKind: string; recipient: string; purpose: string }): Promise<void> {
    await this.form.getByLabel(report.recipientKind, { exact: true }).check();
    await this.form.locator('[data-qa=recipient]').fill(report.recipient);
    await this.form.locator('[data-qa=purpose]').fill(report.purpose);
    await this.page.locator('[data-qa=save-report]').click();
    await this.download.waitFor();
    await this.page.waitForLoadState('load');
  }
}
