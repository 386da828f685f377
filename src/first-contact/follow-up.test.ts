import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { actorOf } from '../../test/fixtures/cases.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import { attemptForm, lastDay, tableSection } from '../../test/fixtures/contact-attempts.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import { PartnerContactService } from './partner-contact-service.js';
import { addWorkingDays } from '../dates/working-days.js';

let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let partnerWorker: TestClient;
let facilitator: TestClient;
let manager: TestClient;
let service: PartnerContactService;

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker, manager } = await caseTeam('Mylor', 'F'));
  service = new PartnerContactService(t.database.db, t.config);
});
afterAll(async () => t?.close());

/** A Tuesday before today (London). */
const lastTuesday = () => lastDay(2);

const letter = (on: string) => attemptForm(on, '11:00', { method: 'letter' });

const section = tableSection;

describe('following up a partner not yet reached', () => {
  it('the next attempt is due the configured number of working days after an unsuccessful one', async () => {
    const on = lastTuesday();
    const logged = await manager.submit(
      `/partner-cases/${known.exCaseId}/contact-attempts`,
      letter(on),
      `/partner-cases/${known.exCaseId}/contact-attempts/new`,
    );
    expect(logged.statusCode).toBe(303);
    const management = actorOf(org, 'management');
    const due = (await service.followUps(management))?.items.find((f) => f.caseId === known.exCaseId);
    expect(due?.dueOn).toBe(addWorkingDays(on, 2, t.config.workingDaysRegion));
    expect(due?.attempts).toBe(1);

    const page = await manager.get('/dashboard');
    expect(section(page.body, 'partner-follow-ups')).toContain('MarisolF FerrantF');
    // Her case is allocated to another worker: not on this partner worker's list; never on his side's.
    expect(section((await partnerWorker.get('/dashboard')).body, 'partner-follow-ups')).not.toContain('MarisolF');
    expect((await facilitator.get('/dashboard')).body).not.toContain('MarisolF');

    const settings = await manager.submit(
      '/settings/first-contact',
      { partnerDays: '2', participantDays: '5', followUpDays: '5', notEngagedAttempts: '3' },
      '/settings/first-contact',
    );
    expect(settings.statusCode).toBe(303);
    const later = (await service.followUps(management))?.items.find((f) => f.caseId === known.exCaseId);
    expect(later?.dueOn).toBe(addWorkingDays(on, 5, t.config.workingDaysRegion));

    const bad = await manager.submit(
      '/settings/first-contact',
      { partnerDays: '2', participantDays: '5', followUpDays: '0', notEngagedAttempts: 'x' },
      '/settings/first-contact',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The follow-up interval must be at least 1');
  });

  it('closing as not engaged is refused before the configured number of attempts, then recorded with its reason', async () => {
    const url = `/partner-cases/${known.exCaseId}/not-engaged`;
    const refused = await manager.submit(url, { reason: 'No reply to letters.' }, url);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('only after 3 attempts without reaching the partner');
    const api = await manager.request('POST', `/api/v1/partner-cases/${known.exCaseId}/not-engaged`, {
      json: { reason: 'No reply to letters.' },
    });
    expect(api.statusCode).toBe(409);
    expect(api.json().error.code).toBe('conflict');
    const noReason = await manager.submit(url, { reason: ' ' }, url);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter why the case is closing as not engaged');
    const status = async () =>
      (
        await t.database.db
          .selectFrom('partner_cases')
          .select('status')
          .where('id', '=', known.exCaseId)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe('contacting');

    for (let i = 0; i < 2; i += 1) {
      await manager.submit(`/partner-cases/${known.exCaseId}/contact-attempts`, letter(lastTuesday()), url);
    }
    expect((await facilitator.submit(url, { reason: 'x' })).statusCode).toBe(404);
    const closed = await manager.submit(url, { reason: 'Three letters, no reply; safe number disconnected.' }, url);
    expect(closed.statusCode).toBe(303);
    expect(await status()).toBe('not_engaged');
    const page = await manager.get(`/partner-cases/${known.exCaseId}`);
    expect(page.body).toContain(
      'Closed as not engaged after 3 attempts without reaching the partner. Reason: Three letters, no reply',
    );
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('record_id', '=', known.exCaseId)
      .where('action', '=', 'partner_case.closed_not_engaged')
      .execute();
    expect(audit).toHaveLength(1);
    const due = (await service.followUps(actorOf(org, 'management')))?.items.find((f) => f.caseId === known.exCaseId);
    expect(due).toBeUndefined();
  });
});
