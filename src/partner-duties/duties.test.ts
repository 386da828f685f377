import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withActor } from '../db/database.js';
import { addWorkingDays } from '../dates/working-days.js';
import { todayInLondon } from '../dates/london.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { dutyDueOn } from './rules.js';
import type { Duty } from '../../test/fixtures/partner-duties.js';
import {
  DETAIL,
  TOLD_NOTE,
  t,
  org,
  facilitator,
  partnerWorker,
  manager,
  darren,
  group,
  journeyApi,
  usePartnerDuties,
} from '../../test/fixtures/partner-duties.js';

/*
 * Issue 5, duties to inform her: his suspension becomes, in the same request, a duty on each of his
 * partners' cases, due by the end of the next working day; recording how she was told closes it for
 * that case only; overdue duties reach the dashboards; his side never sees any of it; what a duty
 * says is the basic summary only.
 */
usePartnerDuties();

let suspensionId: string;

describe('the due date', () => {
  it('counts working days from the later of the day recorded and the day her case opened', () => {
    // Thursday 24 December 2026: Christmas Day is a Friday, Boxing Day's holiday is Monday 28th.
    expect(dutyDueOn('2026-12-24', '2026-01-01', 1, 'ENG')).toBe('2026-12-29');
    expect(dutyDueOn('2026-11-20', '2026-01-01', 0, 'ENG')).toBe('2026-11-20');
    expect(dutyDueOn('2026-11-20', '2026-01-01', 5, 'ENG')).toBe('2026-11-27');
    // A case opened after the event: the clock starts when her case opens.
    expect(dutyDueOn('2026-11-02', '2026-11-20', 1, 'ENG')).toBe('2026-11-23');
  });
});

describe('a suspension becomes a duty on each of his partners’ cases', () => {
  it('appears on both cases as soon as the facilitator’s request returns, due by the end of the next working day', async () => {
    const suspended = await facilitator.request('POST', journeyApi(group), {
      json: { to: 'suspended', reasonCode: 'repeated_absence' },
    });
    expect(suspended.statusCode, suspended.body).toBe(200);
    const event = await t.database.db
      .selectFrom('participant_events')
      .select(['id', 'basic_summary'])
      .where('participant_id', '=', darren.participantId)
      .where('type', '=', 'suspended')
      .executeTakeFirstOrThrow();
    suspensionId = event.id;
    const due = addWorkingDays(todayInLondon(), 1, 'ENG');
    for (const [client, caseId] of [
      [partnerWorker, darren.currentCaseId],
      [manager, darren.exCaseId],
    ] as const) {
      const response = await client.get(`/api/v1/partner-cases/${caseId}/duties`);
      expect(response.statusCode).toBe(200);
      const duty = response.json<Duty[]>().find((d) => d.eventId === suspensionId);
      expect(duty).toMatchObject({ whatToTell: event.basic_summary, dueOn: due, overdue: false, done: null });
      const page = await client.get(`/partner-cases/${caseId}/tab/support`);
      expect(page.body).toMatch(/data-qa="duties-outstanding"[\s\S]*Suspended from the programme on/);
    }
    expect(event.basic_summary).toMatch(/^Suspended from the programme on .* \(reason: repeated absences\)$/);
  });

  it('shows each worker her own cases’ duties on her dashboard, and a manager every case’s', async () => {
    const mine = (await partnerWorker.get('/api/v1/partner-duties')).json<{
      items: Array<Duty & { partnerCase: { id: string } }>;
    }>().items;
    expect(mine.filter((d) => d.eventId === suspensionId).map((d) => d.partnerCase.id)).toEqual([darren.currentCaseId]);
    const all = (await manager.get('/api/v1/partner-duties')).json<{ items: Array<Duty & { partnerCase: { id: string } }> }>()
      .items;
    expect(
      all
        .filter((d) => d.eventId === suspensionId)
        .map((d) => d.partnerCase.id)
        .sort(),
    ).toEqual([darren.currentCaseId, darren.exCaseId].sort());
    const dashboard = await partnerWorker.get('/dashboard');
    expect(dashboard.body).toMatch(/data-qa="dashboard-duties"[\s\S]*Suspended from the programme on/);
  });

  it('refuses a record with missing answers, saying what is missing, and writes nothing', async () => {
    const url = `/partner-cases/${darren.currentCaseId}/duties/${suspensionId}`;
    const form = await partnerWorker.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('data-qa="what-to-tell"');
    const told = await partnerWorker.submit(url, { outcome: 'told', note: TOLD_NOTE });
    expect(told.statusCode).toBe(400);
    expectFieldError(told.body, 'method', 'Select how the partner was told');
    expect(told.body).toContain(TOLD_NOTE);
    const none = await partnerWorker.submit(url, {});
    expectFieldError(none.body, 'outcome', 'Select whether the partner was told');
    const notTold = await partnerWorker.request('POST', `/api/v1/partner-cases/${darren.currentCaseId}/duties/${suspensionId}`, {
      json: { outcome: 'not_told' },
    });
    expect(notTold.statusCode).toBe(400);
    expect(expectErrorShape(notTold).error.fields.reason).toBe('Select why the partner could not be told');
    const rows = await t.database.db
      .selectFrom('partner_duty_records')
      .select('id')
      .where('event_id', '=', suspensionId)
      .execute();
    expect(rows).toEqual([]);
  });

  it('closes the duty for her case only when her worker records how she was told', async () => {
    const saved = await partnerWorker.submit(`/partner-cases/${darren.currentCaseId}/duties/${suspensionId}`, {
      outcome: 'told',
      method: 'phone',
      'toldOn-day': '23',
      'toldOn-month': '11',
      'toldOn-year': '2026',
      toldTime: '09:00',
      note: TOLD_NOTE,
    });
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    const hers = (await partnerWorker.get(`/api/v1/partner-cases/${darren.currentCaseId}/duties`)).json<Duty[]>();
    expect(hers.find((d) => d.eventId === suspensionId)?.done).toMatchObject({ told: true, method: 'Phone', note: TOLD_NOTE });
    const exes = (await manager.get(`/api/v1/partner-cases/${darren.exCaseId}/duties`)).json<Duty[]>();
    expect(exes.find((d) => d.eventId === suspensionId)?.done).toBeNull();
    const page = await partnerWorker.get(`/partner-cases/${darren.currentCaseId}/tab/support`);
    expect(page.body).toMatch(/data-qa="duties-done"[\s\S]*Suspended from the programme on[\s\S]*Phone/);
    const again = await partnerWorker.request('POST', `/api/v1/partner-cases/${darren.currentCaseId}/duties/${suspensionId}`, {
      json: { outcome: 'not_told', reason: 'unreachable' },
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', ['partner_duty.recorded', 'partner_duty.viewed'])
      .execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['partner_duty.recorded', 'partner_duty.viewed']));
  });

  it('marks a duty overdue after its due day, on her case and on both dashboards', async () => {
    // As if he had been suspended, and her case opened, three weeks ago.
    await sql`UPDATE participant_events SET created_at = now() - interval '21 days' WHERE id = ${suspensionId}`.execute(
      t.database.db,
    );
    await sql`UPDATE partner_cases SET opened_on = current_date - 30 WHERE id = ${darren.exCaseId}`.execute(t.database.db);
    const exes = (await manager.get(`/api/v1/partner-cases/${darren.exCaseId}/duties`)).json<Duty[]>();
    expect(exes.find((d) => d.eventId === suspensionId)).toMatchObject({ overdue: true, done: null });
    const dashboard = await manager.get('/dashboard');
    expect(dashboard.body).toMatch(/data-qa="dashboard-duties"[\s\S]*Suspended from the programme on[\s\S]*Overdue/);
    const page = await manager.get(`/partner-cases/${darren.exCaseId}/tab/support`);
    expect(page.body).toMatch(/data-qa="duties-outstanding"[\s\S]*Overdue/);
  });
});

describe('what a duty says', () => {
  it('is the basic summary of a disclosure, never its detail', async () => {
    const recorded = await facilitator.submit(`/participants/${darren.participantId}/disclosures`, {
      type: 'physical',
      severity: 'high',
      'disclosedOn-day': '20',
      'disclosedOn-month': '11',
      'disclosedOn-year': '2026',
      detail: DETAIL,
    });
    expect(recorded.statusCode, recorded.body.slice(0, 300)).toBe(303);
    for (const [client, url] of [
      [partnerWorker, `/api/v1/partner-cases/${darren.currentCaseId}/duties`],
      [partnerWorker, `/partner-cases/${darren.currentCaseId}`],
      [partnerWorker, '/dashboard'],
      [partnerWorker, '/api/v1/partner-duties'],
      [manager, `/partner-cases/${darren.exCaseId}`],
    ] as const) {
      const response = await client.get(url);
      expect(response.body, url).toContain('Disclosed physical violence on 20 November 2026');
      expect(response.body, url).not.toContain(DETAIL);
      expect(response.body, url).not.toContain('Quarry Lane');
    }
  });
});

describe('his side never sees a duty or what she was told', () => {
  it('answers not found to every duty page and endpoint, and shows nothing of them on his pages', async () => {
    for (const [method, url] of [
      ['GET', `/partner-cases/${darren.currentCaseId}/duties/${suspensionId}`],
      ['POST', `/partner-cases/${darren.exCaseId}/duties/${suspensionId}`],
      ['GET', `/api/v1/partner-cases/${darren.currentCaseId}/duties`],
      ['POST', `/api/v1/partner-cases/${darren.exCaseId}/duties/${suspensionId}`],
      ['GET', '/api/v1/partner-duties'],
      ['GET', `/partner-cases/${darren.currentCaseId}/close`],
      ['GET', `/api/v1/partner-cases/${darren.currentCaseId}/follow-up`],
      ['POST', `/api/v1/partner-cases/${darren.currentCaseId}/closure`],
    ] as const) {
      const response =
        method === 'GET'
          ? await facilitator.get(url)
          : url.startsWith('/api/')
            ? await facilitator.request('POST', url, { json: { outcome: 'told', method: 'phone' } })
            : await facilitator.submit(url, { outcome: 'not_told', reason: 'unreachable' });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain(TOLD_NOTE);
    }
    for (const url of ['/dashboard', `/participants/${darren.participantId}`]) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toMatch(/Duties to inform the partner|dashboard-duties|duties-outstanding/);
      expect(response.body, url).not.toContain(TOLD_NOTE);
    }
    const rows = await t.database.db.selectFrom('partner_duty_records').select('id').execute();
    expect(rows.length).toBeGreaterThan(0);
  });

  it('cannot read or write what she was told in the database either', async () => {
    const asFacilitator = { userId: org.users.perpetrator.id, organisationId: org.id };
    const count = await withActor(t.database.db, asFacilitator, async (trx) => {
      const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM partner_duty_records`.execute(trx);
      return Number(rows[0]?.n);
    });
    expect(count).toBe(0);
    const write = withActor(t.database.db, asFacilitator, (trx) =>
      trx
        .insertInto('partner_duty_records')
        .values({
          organisation_id: org.id,
          partner_case_id: darren.exCaseId,
          event_id: suspensionId,
          outcome: 'not_told',
          reason: 'unreachable',
          recorded_by: org.users.perpetrator.id,
        })
        .execute(),
    );
    await expect(write).rejects.toThrow(/row-level security/);
    for (const table of ['partner_case_closures', 'partner_duty_due_days', 'partner_follow_up_settings'] as const) {
      const seen = await withActor(t.database.db, asFacilitator, (trx) =>
        trx.selectFrom(table).select('organisation_id').execute(),
      );
      expect(seen, table).toEqual([]);
    }
  });
});

describe('the API document', () => {
  it('lists the duty, follow-up and settings endpoints', async () => {
    const doc = (await manager.get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/api/v1/partner-duties'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/partner-cases/{id}/duties'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/partner-cases/{id}/duties/{eventId}'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/partner-cases/{id}/follow-up'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/partner-cases/{id}/closure'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/settings/partner-duties'] ?? {}).sort()).toEqual(['get', 'put']);
  });
});

describe('due times are the organisation’s to set', () => {
  it('lets management change them, refuses bad input with a clear error, and applies them to new duties', async () => {
    expect((await partnerWorker.get('/settings/partner-duties')).statusCode).toBe(403);
    const page = await manager.get('/settings/partner-duties');
    expect(page.statusCode).toBe(200);
    const bad = await manager.request('PUT', '/api/v1/settings/partner-duties', {
      json: { dueDays: { suspended: 2 }, followUpMonths: 6, reviewMonths: 9 },
    });
    expect(bad.statusCode).toBe(400);
    const fields = expectErrorShape(bad).error.fields;
    expect(fields.reviewMonths ?? fields['dueDays-started']).toBeDefined();
    const form = await manager.submit('/settings/partner-duties', {
      'dueDays-suspended': 'soon',
      followUpMonths: '6',
      reviewMonths: '3',
    });
    expect(form.statusCode).toBe(400);
    expectFieldError(form.body, 'dueDays-suspended', 'Enter the working days for “Suspended” as a whole number');
    expect(await t.database.db.selectFrom('partner_duty_due_days').select('event_type').execute()).toEqual([]);
    const dueDays = { assessment_outcome: 5, started: 5, missed_session: 3, suspended: 0, dropped_out: 1 };
    const saved = await manager.request('PUT', '/api/v1/settings/partner-duties', {
      json: {
        dueDays: { ...dueDays, excluded: 1, completed: 5, breached: 1, disclosure: 1, attendance_corrected: 5 },
        followUpMonths: 6,
        reviewMonths: 3,
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const disclosure = (await partnerWorker.get(`/api/v1/partner-cases/${darren.currentCaseId}/duties`))
      .json<Duty[]>()
      .find((d) => d.whatToTell.startsWith('Disclosed'));
    expect(disclosure?.dueOn).toBe(addWorkingDays(todayInLondon(), 1, 'ENG'));
    const suspension = (await manager.get(`/api/v1/partner-cases/${darren.exCaseId}/duties`))
      .json<Duty[]>()
      .find((d) => d.eventId === suspensionId);
    // Recorded three weeks ago (above), now due the same day.
    expect(suspension?.dueOn).toBe(todayInLondon(new Date(Date.now() - 21 * 86_400_000)));
  });
});
