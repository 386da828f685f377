import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import { createTestProgramme } from '../../../test/fixtures/programme.js';
import { auditCount, createdId, setUpDeliveryTest, type DeliveryTest } from '../delivery-test-setup.js';

let d: DeliveryTest;
beforeAll(async () => {
  d = await setUpDeliveryTest('Catalogue');
});
afterAll(async () => d?.t.close());

const programmeForm = (overrides: Record<string, string> = {}) => ({
  kind: 'group_dapp',
  name: 'Men and Masculinities',
  description: 'Weekly group for men in substance-misuse treatment.',
  completionMinSessions: '',
  completionMinHours: '30',
  absenceReviewAfter: '2',
  ...overrides,
});

describe('the programme catalogue', () => {
  it('management adds a programme with its completion and absence rules, modules and session templates', async () => {
    const id = createdId(await d.manager.submit('/programmes/new', programmeForm()), '/programmes');
    const page = await d.manager.get(`/programmes/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Completed with at least 30 hours');
    expect(page.body).toContain('2 consecutive unexplained absences trigger a review');
    expect(await auditCount(d.t, 'programme.created', id)).toBe(1);

    expect((await d.manager.submit(`/programmes/${id}/modules`, { title: 'Sexual respect', required: 'yes' })).statusCode).toBe(
      303,
    );
    const moduleRow = await d.t.database.db
      .selectFrom('programme_modules')
      .select('id')
      .where('programme_id', '=', id)
      .executeTakeFirstOrThrow();
    const template = await d.manager.submit(`/programmes/${id}/templates`, {
      title: 'Naming the abuse',
      moduleId: moduleRow.id,
      durationMinutes: '150',
      delivery: 'group',
      contentNotes: 'Exercise: the impact on children.',
    });
    expect(template.statusCode).toBe(303);
    const after = await d.manager.get(`/programmes/${id}`);
    expect(after.body).toContain('Naming the abuse');
    expect(after.body).toContain('every required module (Sexual respect)');

    const edit = await d.manager.submit(`/programmes/${id}/edit`, {
      ...programmeForm({ absenceReviewAfter: '3' }),
      active: 'yes',
    });
    expect(edit.statusCode).toBe(303);
    expect((await d.manager.get(`/programmes/${id}`)).body).toContain('3 consecutive unexplained absences');
  });

  it('refuses bad input with field errors, keeps what was typed, and writes nothing', async () => {
    const before = await d.t.database.db.selectFrom('programmes').select('id').execute();
    const response = await d.manager.submit(
      '/programmes/new',
      programmeForm({ name: '', kind: '', absenceReviewAfter: 'two', completionMinHours: '0', description: 'kept text' }),
    );
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'name', 'Enter the name of the programme');
    expectFieldError(response.body, 'kind', 'Select the kind of programme');
    expectFieldError(response.body, 'absenceReviewAfter', 'The number of absences must be a whole number from 1 to 20');
    expectFieldError(response.body, 'completionMinHours', 'The minimum number of hours must be a whole number from 1 to 1000');
    expect(response.body).toContain('kept text');
    expect(await d.t.database.db.selectFrom('programmes').select('id').execute()).toHaveLength(before.length);

    const api = await d.manager.request('POST', '/api/v1/programmes', { json: { kind: 'group_dapp' } });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields).toHaveProperty('name');
  });

  it('a duplicate name is a conflict beside the field', async () => {
    await d.manager.submit('/programmes/new', programmeForm({ name: 'Make a Change', kind: 'early_response' }));
    const again = await d.manager.submit('/programmes/new', programmeForm({ name: 'make a change' }));
    expect(again.statusCode).toBe(409);
    expectFieldError(again.body, 'name', 'A programme with this name already exists');
  });

  it('facilitators and partner workers read the catalogue but cannot change it; administrators hold no case data', async () => {
    expect((await d.facilitator.get('/programmes')).statusCode).toBe(200);
    expect((await d.partnerWorker.get('/programmes')).statusCode).toBe(200);
    expect((await d.facilitator.get('/programmes/new')).statusCode).toBe(404);
    expect((await d.facilitator.submit('/programmes/new', programmeForm({ name: 'Not allowed' }))).statusCode).toBe(403);
    expect(
      (await d.facilitator.request('POST', '/api/v1/programmes', { json: programmeForm({ name: 'Nope' }) })).statusCode,
    ).toBe(403);
    expect((await d.admin.get('/programmes')).statusCode).toBe(403);
  });

  it('a partner support group’s programme is not found by his side, and is listed for hers', async () => {
    const partnerProgramme = await createTestProgramme(d.t.database.db, d.org, { side: 'partner', label: 'Cat' });
    for (const url of [`/programmes/${partnerProgramme.programmeId}`, `/api/v1/programmes/${partnerProgramme.programmeId}`]) {
      expect((await d.facilitator.get(url)).statusCode, url).toBe(404);
    }
    expect((await d.facilitator.get('/programmes')).body).not.toContain(partnerProgramme.programmeId);
    expect((await d.partnerWorker.get('/programmes')).body).toContain(`/programmes/${partnerProgramme.programmeId}`);
    expect((await d.partnerWorker.get(`/programmes/${partnerProgramme.programmeId}`)).statusCode).toBe(200);
    expect((await d.manager.get(`/api/v1/programmes/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('a template in use by sessions is kept; an unused one is removed', async () => {
    const programme = await createTestProgramme(d.t.database.db, d.org, { label: 'Tpl', sessionCount: 2 });
    const used = await d.manager.submit(`/programmes/${programme.programmeId}/templates/remove`, {
      templateId: programme.templateIds[0] ?? '',
    });
    expect(used.statusCode).toBe(409);
    expect(used.body).toContain('Sessions have been planned from this template');
  });

  it('management changes a session template and a module; bad input keeps what was typed; others may not', async () => {
    const programme = await createTestProgramme(d.t.database.db, d.org, { label: 'Edit', sessionCount: 2 });
    const templateId = programme.templateIds[1] ?? '';
    const form = await d.manager.get(`/session-templates/${templateId}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Session 2"');
    const bad = await d.manager.submit(`/session-templates/${templateId}/edit`, {
      title: 'Letting go',
      moduleId: '',
      durationMinutes: '5',
      delivery: 'group',
      contentNotes: '',
    });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'durationMinutes', 'The duration in minutes must be a whole number from 15 to 600');
    expect(bad.body).toContain('value="Letting go"');
    const saved = await d.manager.submit(`/session-templates/${templateId}/edit`, {
      title: 'Letting go',
      moduleId: programme.moduleIds[1] ?? '',
      durationMinutes: '120',
      delivery: 'one_to_one',
      contentNotes: 'Separation as a time of risk.',
    });
    expect(saved.statusCode).toBe(303);
    const row = await d.t.database.db
      .selectFrom('session_templates')
      .selectAll()
      .where('id', '=', templateId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      title: 'Letting go',
      duration_minutes: 120,
      delivery: 'one_to_one',
      module_id: programme.moduleIds[1],
    });
    // Sessions already planned keep their title.
    expect(programme.sessions[1]?.title).toBe('Session 2');
    const stored = await d.t.database.db
      .selectFrom('programme_sessions')
      .select('title')
      .where('id', '=', programme.sessions[1]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(stored.title).toBe('Session 2');

    const moduleId = programme.moduleIds[0] ?? '';
    const api = await d.manager.request('PATCH', `/api/v1/programme-modules/${moduleId}`, {
      json: { title: 'Physical and sexual violence', required: false },
    });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ title: 'Physical and sexual violence', required: false });
    expect(await auditCount(d.t, 'programme.module_changed', programme.programmeId)).toBe(1);

    expect((await d.facilitator.get(`/session-templates/${templateId}/edit`)).statusCode).toBe(404);
    expect((await d.facilitator.submit(`/programme-modules/${moduleId}/edit`, { title: 'Mine now' })).statusCode).toBe(403);
    const partnerProgramme = await createTestProgramme(d.t.database.db, d.org, { side: 'partner', label: 'Edit' });
    expect((await d.facilitator.get(`/session-templates/${partnerProgramme.templateIds[0]}/edit`)).statusCode).toBe(404);
    expect(
      (
        await d.facilitator.request('PATCH', `/api/v1/programme-modules/${partnerProgramme.moduleIds[0]}`, {
          json: { title: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });
});
