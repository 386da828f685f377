import type { Locator, Page } from 'playwright-core';

/** The DASH pages of her case (/partner-cases/:id/dash/...): safety questions, the 24 questions, score, the DASH. */
export class DashPages {
  readonly newLink: Locator;
  readonly none: Locator;
  readonly safetyForm: Locator;
  readonly stop: Locator;
  readonly questionsForm: Locator;
  readonly score: Locator;
  readonly noJudgementNeeded: Locator;
  readonly judgementLevels: Locator;
  readonly level: Locator;
  readonly referToMarac: Locator;

  constructor(private readonly page: Page) {
    this.newLink = page.locator('[data-qa=dash-new-link]');
    this.none = page.locator('[data-qa=no-dash]');
    this.safetyForm = page.locator('[data-qa=dash-safety-form]');
    this.stop = page.locator('[data-qa=dash-stop]');
    this.questionsForm = page.locator('[data-qa=dash-questions-form]');
    this.score = page.locator('[data-qa=dash-score]');
    this.noJudgementNeeded = page.locator('[data-qa=judgement-not-needed]');
    this.judgementLevels = page.locator('[data-qa=judgementLevel]');
    this.level = page.locator('[data-qa=dash-level]');
    this.referToMarac = page.locator('[data-qa=refer-to-marac]');
  }

  /** DASHes over time. */
  async openList(caseId: string): Promise<this> {
    await this.page.goto(`/partner-cases/${caseId}/dash`);
    await this.page.locator('[data-qa=new-dash]').waitFor();
    return this;
  }

  /** The safety questions, asked first: whether it is safe to talk now, and whether the contact is safe. */
  async answerSafety(safeToTalk: 'Yes' | 'No', safeContactChecked: 'Yes' | 'No' = 'Yes'): Promise<void> {
    await this.safetyForm.locator('[data-qa=safeToTalk]').getByLabel(safeToTalk, { exact: true }).check();
    await this.safetyForm.locator('[data-qa=safeContactChecked]').getByLabel(safeContactChecked, { exact: true }).check();
    await this.page.locator('[data-qa=dash-safety-continue]').click();
  }

  question(number: number): Locator {
    return this.questionsForm.locator(`[data-qa=dash-question-${number}]`);
  }

  /** Answers every question: "Yes" to those listed, "No" to the rest; comments by question number. */
  async answerQuestions(yes: readonly number[], comments: Record<number, string> = {}): Promise<void> {
    for (let n = 1; n <= 24; n += 1) {
      await this.question(n)
        .getByLabel(yes.includes(n) ? 'Yes' : 'No', { exact: true })
        .check();
      const comment = comments[n];
      if (comment) {
        await this.question(n).locator(`#q${n}-comment`).fill(comment);
      }
    }
  }

  async continueToScore(): Promise<void> {
    await this.page.locator('[data-qa=dash-answers-continue]').click();
  }

  async save(): Promise<void> {
    await this.page.locator('[data-qa=save-dash]').click();
    await this.level.waitFor();
  }
}

/** The MARAC referral form pre-filled from her DASH, and the referral's page. */
export class MaracPages {
  readonly form: Locator;
  readonly dashAnswers: Locator;
  readonly visibleHighRisk: Locator;
  readonly details: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=marac-referral-form]');
    this.dashAnswers = page.locator('[data-qa=dash-answers]');
    this.visibleHighRisk = page.locator('[data-qa=criterion-visible_high_risk]');
    this.details = page.locator('[data-qa=referral-details]');
  }

  async waitForForm(): Promise<this> {
    await this.form.waitFor();
    await this.page.waitForLoadState('load');
    return this;
  }

  /** The row of the DASH answers table for one question. */
  answerRow(number: number): Locator {
    return this.dashAnswers.locator('tbody tr').filter({ has: this.page.locator(`[data-qa=dash-answer-${number}]`) });
  }

  async fill(answers: { area: string; afraidOf: string; knows: 'Yes' | 'No'; consents: 'Yes' | 'No' }): Promise<void> {
    await this.form.locator('[data-qa=area]').fill(answers.area);
    await this.form.locator('[data-qa=afraidOf]').fill(answers.afraidOf);
    await this.form.locator('[data-qa=sheKnows]').getByLabel(answers.knows, { exact: true }).check();
    await this.form.locator('[data-qa=sheConsents]').getByLabel(answers.consents, { exact: true }).check();
  }

  async save(): Promise<void> {
    await this.page.locator('[data-qa=make-referral]').click();
    await this.details.waitFor();
  }
}
