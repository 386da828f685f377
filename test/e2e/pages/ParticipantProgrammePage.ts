import type { Locator, Page } from 'playwright-core';

/** /participants/:id/programme: his enrolments and waiting lists, and his non-associations. */
export class ParticipantProgrammePage {
  readonly heading: Locator;
  readonly enrolments: Locator;
  readonly nonAssociations: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.locator('[data-qa=participant-programme-heading]');
    this.enrolments = page.locator('[data-qa=enrolments]');
    this.nonAssociations = page.locator('[data-qa=non-associations]');
  }

  async open(participantId: string): Promise<this> {
    await this.page.goto(`/participants/${participantId}/programme`);
    await this.heading.waitFor();
    return this;
  }

  /** From his case page, by its link to the programme section. */
  async openFromCasePage(): Promise<void> {
    await this.page.locator('[data-qa=programme-section]').click();
    await this.heading.waitFor();
  }

  /** Puts him on a programme's waiting list; `reason` is the radio's visible text. */
  async addToWaitingList(programme: string, readyOn: string, reason = 'Assessed as suitable for this programme'): Promise<void> {
    await this.openWaitingListForm();
    await this.completeWaitingListForm(programme, readyOn, reason);
  }

  /** From his programme section to the form that puts him on a waiting list. */
  async openWaitingListForm(): Promise<void> {
    await this.page.locator('[data-qa=add-to-waiting-list]').click();
    await this.page.locator('[data-qa=waiting-list-form]').waitFor();
  }

  async completeWaitingListForm(
    programme: string,
    readyOn: string,
    reason = 'Assessed as suitable for this programme',
  ): Promise<void> {
    const form = this.page.locator('[data-qa=waiting-list-form]');
    await form.getByLabel('Programme', { exact: true }).selectOption({ label: programme });
    await form.getByLabel('Date ready to start').fill(readyOn);
    await form.getByLabel(reason, { exact: true }).check();
    await form.locator('[data-qa=save-waiting-list]').click();
  }

  /** Records a non-association with the man of `otherReference`; `reason` is the radio's visible text. */
  async recordNonAssociation(otherReference: string, reason = 'Connected to the same family or partner'): Promise<void> {
    await this.openNonAssociationForm();
    await this.completeNonAssociationForm(otherReference, reason);
  }

  async openNonAssociationForm(): Promise<void> {
    await this.page.locator('[data-qa=record-non-association]').click();
    await this.page.locator('[data-qa=non-association-form]').waitFor();
  }

  async completeNonAssociationForm(otherReference: string, reason = 'Connected to the same family or partner'): Promise<void> {
    const form = this.page.locator('[data-qa=non-association-form]');
    await form.getByLabel('Reference of the other participant').fill(otherReference);
    await form.getByLabel(reason, { exact: true }).check();
    await form.locator('[data-qa=save-non-association]').click();
  }
}

/** /programmes/:id/waiting-list: men waiting, longest ready first, with interpreter needs. */
export class WaitingListPage {
  readonly heading: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.locator('[data-qa=waiting-list-heading]');
    this.rows = page.locator('[data-qa=waiting-list] tbody tr');
  }

  async open(programmeId: string): Promise<this> {
    await this.page.goto(`/programmes/${programmeId}/waiting-list`);
    await this.heading.waitFor();
    return this;
  }

  /** From the list to the form that adds a man by his reference. */
  async openAddForm(): Promise<void> {
    await this.page.locator('[data-qa=add-to-this-waiting-list]').click();
    await this.page.locator('[data-qa=waiting-list-add-form]').waitFor();
  }

  /** Adds the man of `reference`; back on the list when it is saved. */
  async completeAddForm(reference: string, readyOn: string, reason = 'Assessed as suitable for this programme'): Promise<void> {
    const form = this.page.locator('[data-qa=waiting-list-add-form]');
    await form.getByLabel('Participant’s reference').fill(reference);
    await form.getByLabel('Date ready to start').fill(readyOn);
    await form.getByLabel(reason, { exact: true }).check();
    await form.locator('[data-qa=save-waiting-list]').click();
  }

  /** The names in the list's order. */
  async names(): Promise<string[]> {
    return this.rows.locator('td:first-child').allInnerTexts();
  }
}
