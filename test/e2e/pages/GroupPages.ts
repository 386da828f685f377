import type { Locator, Page } from 'playwright-core';

/** /groups/new: a group of a programme, rolling or closed, where and when it meets. */
export class GroupFormPage {
  readonly form: Locator;
  readonly save: Locator;

  constructor(private readonly page: Page) {
    this.form = page.locator('[data-qa=group-form]');
    this.save = page.locator('[data-qa=save-group]');
  }

  async open(programmeId?: string): Promise<this> {
    await this.page.goto(programmeId ? `/groups/new?programmeId=${programmeId}` : '/groups/new');
    await this.form.waitFor();
    return this;
  }

  /** Fills the form; `programme` and `venue` and `day` are the options' visible text. */
  async fill(group: {
    programme?: string;
    name: string;
    intake: 'Rolling' | 'Closed';
    venue?: string;
    day: string;
    startTime: string;
    durationMinutes: string;
    capacity: string;
    startDate: string;
    interpreterLanguage?: string;
  }): Promise<void> {
    if (group.programme) {
      await this.form.getByLabel('Programme', { exact: true }).selectOption({ label: group.programme });
    }
    await this.form.getByLabel('Name of the group').fill(group.name);
    await this.form.getByRole('radio', { name: new RegExp(`^${group.intake}:`) }).check();
    if (group.venue) {
      await this.form.getByLabel('Venue', { exact: true }).selectOption({ label: group.venue });
    }
    await this.form.getByLabel('Day of the week').selectOption({ label: group.day });
    await this.form.getByLabel('Start time').fill(group.startTime);
    await this.form.getByLabel('Length of a session').fill(group.durationMinutes);
    await this.form.getByLabel('Capacity').fill(group.capacity);
    await this.form.getByLabel('Start date').fill(group.startDate);
    await this.form.getByLabel('Interpreter language (optional)').fill(group.interpreterLanguage ?? '');
  }

  async submit(): Promise<void> {
    await this.save.click();
  }
}

/** /groups/:id: schedule, facilitators (with the co-facilitation warning), members, waiting-list placement, sessions. */
export class GroupPage {
  readonly heading: Locator;
  readonly facilitatorWarning: Locator;
  readonly sessionsCoverWarning: Locator;
  readonly facilitators: Locator;
  readonly members: Locator;
  readonly sessions: Locator;
  /** The attendance grid: participants by sessions, with sessions and hours against the completion rule. */
  readonly attendanceGrid: Locator;
  readonly placementForm: Locator;
  /** The error beside the waiting-list choice when a placement is refused (full, non-association). */
  readonly placementError: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.locator('[data-qa=group-heading]');
    this.facilitatorWarning = page.locator('[data-qa=facilitator-warning]');
    this.sessionsCoverWarning = page.locator('[data-qa=sessions-cover-warning]');
    this.facilitators = page.locator('[data-qa=group-facilitators]');
    this.members = page.locator('[data-qa=group-members]');
    this.sessions = page.locator('[data-qa=group-sessions]');
    this.attendanceGrid = page.locator('[data-qa=attendance-grid]');
    this.placementForm = page.locator('[data-qa=placement-form]');
    this.placementError = page.locator('#enrolmentId-error');
  }

  async open(groupId: string): Promise<this> {
    await this.page.goto(`/groups/${groupId}`);
    await this.heading.waitFor();
    return this;
  }

  async addFacilitator(name: string, role: 'Regular' | 'Cover' = 'Regular'): Promise<void> {
    const form = this.page.locator('[data-qa=facilitator-form]');
    await form.getByLabel('Add a facilitator').selectOption({ label: name });
    await form.getByLabel(role, { exact: true }).check();
    await form.locator('[data-qa=add-facilitator]').click();
  }

  /** Places the man whose waiting-list entry starts with `name` (the option reads "Name (reference), ready since ..."). */
  async placeFromWaitingList(name: string): Promise<void> {
    const select = this.placementForm.getByLabel('Add a participant from the waiting list');
    const option = select.locator('option', { hasText: name });
    await select.selectOption((await option.first().getAttribute('value')) ?? '');
    await this.placementForm.locator('[data-qa=place-in-group]').click();
  }

  async planSessions(count: number, skipBankHolidays = true): Promise<void> {
    const form = this.page.locator('[data-qa=generate-form]');
    await form.getByLabel('Number of sessions').fill(String(count));
    await form.getByLabel(skipBankHolidays ? 'Yes' : 'No', { exact: true }).check();
    await form.locator('[data-qa=generate-sessions]').click();
  }

  /** One participant's row of the attendance grid. */
  attendanceRow(name: string): Locator {
    return this.attendanceGrid.locator('[data-qa=attendance-grid-row]', { hasText: name });
  }

  member(name: string): Locator {
    return this.members.locator('tr', { hasText: name });
  }
}
