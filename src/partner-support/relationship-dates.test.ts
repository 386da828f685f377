import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { team } from '../../test/fixtures/case-team.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import type { TestClient } from '../../test/fixtures/http.js';

/*
 * When each relationship started and, for an ex-partner, ended (issue 3, point 3): on her add and
 * edit forms, her case page and the API. The end is never before the start, and neither is in the
 * future.
 */
let t: TestApp;
let partnerWorker: TestClient;
let facilitator: TestClient;
let participantId: string;

beforeAll(async () => {
  ({ t, facilitator, partnerWorker } = await team('Ashcombe'));
  const created = await facilitator.request('POST', '/api/v1/participants', {
    json: { givenName: 'Peregrine', familyName: 'Vosper', status: 'assessment' },
  });
  participantId = created.json<{ participant: { id: string } }>().participant.id;
});
afterAll(async () => t?.close());

async function partnerCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('partners')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function storedDates(caseId: string) {
  return t.database.db
    .selectFrom('partners')
    .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
    .select(['partners.relationship_started_on as started', 'partners.relationship_ended_on as ended'])
    .where('partner_cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
}

const dates = (name: string, day: string, month: string, year: string) => ({
  [`${name}-day`]: day,
  [`${name}-month`]: month,
  [`${name}-year`]: year,
});

const herForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  givenName: 'Lavinia',
  familyName: 'Quarrington',
  relationship: 'ex',
  messageMayBeLeft: 'no',
  status: 'open',
  allocatedWorkerId: '',
  ...dates('relationshipStartedOn', '1', '6', '2015'),
  ...dates('relationshipEndedOn', '14', '9', '2023'),
  ...overrides,
});

const nextYear = String(new Date().getUTCFullYear() + 1);
const ENDED_BEFORE = 'The date the relationship ended must be the same as or after the date it started';

describe('relationship dates on her forms and case page', () => {
  let caseId: string;

  it('her worker records when the relationship started and ended; her case page shows them', async () => {
    const response = await partnerWorker.submit(`/participants/${participantId}/partners/new`, herForm());
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    caseId = /\/partner-cases\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '')?.[1] ?? '';
    expect(await storedDates(caseId)).toEqual({ started: '2015-06-01', ended: '2023-09-14' });
    const page = await partnerWorker.get(`/partner-cases/${caseId}/contact`);
    expect(page.body).toMatch(/Relationship started\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1 June 2015/);
    expect(page.body).toMatch(/Relationship ended\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*14 September 2023/);
  });

  it('the edit form shows the dates again and saves a change', async () => {
    const edit = await partnerWorker.get(`/partner-cases/${caseId}/edit`);
    expect(edit.body).toMatch(/name="relationshipStartedOn-year"[^>]*value="2015"/);
    expect(edit.body).toMatch(/name="relationshipEndedOn-month"[^>]*value="9"/);
    const saved = await partnerWorker.submit(
      `/partner-cases/${caseId}/edit`,
      herForm({ ...dates('relationshipStartedOn', '1', '3', '2014'), ...dates('relationshipEndedOn', '', '', '') }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await storedDates(caseId)).toEqual({ started: '2014-03-01', ended: null });
  });

  it.each([
    [
      'an end before the start',
      { ...dates('relationshipStartedOn', '1', '6', '2015'), ...dates('relationshipEndedOn', '31', '5', '2015') },
      'relationshipEndedOn',
      ENDED_BEFORE,
    ],
    [
      'a start in the future',
      dates('relationshipStartedOn', '1', '1', nextYear),
      'relationshipStartedOn',
      'The date the relationship started must be today or in the past',
    ],
    [
      'an end in the future',
      dates('relationshipEndedOn', '1', '1', nextYear),
      'relationshipEndedOn',
      'The date the relationship ended must be today or in the past',
    ],
    [
      'a date that does not exist',
      dates('relationshipStartedOn', '30', '2', '2016'),
      'relationshipStartedOn',
      'The date the relationship started must be a real date',
    ],
    [
      'half a date',
      dates('relationshipEndedOn', '', '9', '2023'),
      'relationshipEndedOn',
      'The date the relationship ended must be a real date',
    ],
  ])('refuses %s beside the field, keeps what was typed, and writes nothing', async (_what, overrides, field, message) => {
    const before = await partnerCount();
    const response = await partnerWorker.submit(`/participants/${participantId}/partners/new`, herForm(overrides));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    expect(response.body).toContain('value="Quarrington"');
    const year = overrides[`${field}-year`];
    expect(response.body).toMatch(new RegExp(`name="${field}-year"[^>]*value="${year}"`));
    expect(await partnerCount()).toBe(before);

    const edit = await partnerWorker.submit(`/partner-cases/${caseId}/edit`, herForm(overrides));
    expect(edit.statusCode).toBe(400);
    expectFieldError(edit.body, field, message);
    expect(await storedDates(caseId)).toEqual({ started: '2014-03-01', ended: null });
  });
});

describe('relationship dates through the API', () => {
  let caseId: string;

  it('POST takes both dates and answers with them', async () => {
    const response = await partnerWorker.request('POST', `/api/v1/participants/${participantId}/partner-cases`, {
      json: {
        givenName: 'Ottilie',
        familyName: 'Brankstone',
        relationship: 'ex',
        relationshipStartedOn: '2010-04-01',
        relationshipEndedOn: '2019-12-31',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ relationshipStartedOn: '2010-04-01', relationshipEndedOn: '2019-12-31' });
    caseId = response.json<{ id: string }>().id;
  });

  it('refuses an end before the start, in one body or against the date already recorded, and writes nothing', async () => {
    const before = await partnerCount();
    const both = await partnerWorker.request('POST', `/api/v1/participants/${participantId}/partner-cases`, {
      json: {
        givenName: 'Ottilie',
        familyName: 'Brankstone',
        relationship: 'ex',
        relationshipStartedOn: '2019-01-01',
        relationshipEndedOn: '2018-01-01',
      },
    });
    expect(both.statusCode).toBe(400);
    expect(expectErrorShape(both).error.fields).toEqual({ relationshipEndedOn: ENDED_BEFORE });
    expect(await partnerCount()).toBe(before);

    const endOnly = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${caseId}`, {
      json: { relationshipEndedOn: '2009-01-01' },
    });
    expect(endOnly.statusCode).toBe(400);
    expect(expectErrorShape(endOnly).error.fields).toEqual({ relationshipEndedOn: ENDED_BEFORE });
    const startOnly = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${caseId}`, {
      json: { relationshipStartedOn: '2020-01-01' },
    });
    expect(startOnly.statusCode).toBe(400);
    expect(expectErrorShape(startOnly).error.fields).toEqual({
      relationshipStartedOn: 'The date the relationship started must be the same as or before the date it ended',
    });
    const future = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${caseId}`, {
      json: { relationshipEndedOn: `${nextYear}-01-01` },
    });
    expect(expectErrorShape(future).error.fields).toEqual({
      relationshipEndedOn: 'The date the relationship ended must be today or in the past',
    });
    expect(await storedDates(caseId)).toEqual({ started: '2010-04-01', ended: '2019-12-31' });
  });

  it('a PATCH of one date keeps the other, and clearing the end is allowed', async () => {
    const moved = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${caseId}`, {
      json: { relationshipStartedOn: '2011-04-01' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ relationshipStartedOn: '2011-04-01', relationshipEndedOn: '2019-12-31' });
    const cleared = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${caseId}`, {
      json: { relationshipEndedOn: null },
    });
    expect(cleared.json()).toMatchObject({ relationshipStartedOn: '2011-04-01', relationshipEndedOn: null });
  });

  it('her relationship dates are hers: the facilitator is told her case does not exist', async () => {
    const response = await facilitator.request('PATCH', `/api/v1/partner-cases/${caseId}`, {
      json: { relationshipEndedOn: '2020-01-01' },
    });
    expect(response.statusCode).toBe(404);
    expect(await storedDates(caseId)).toEqual({ started: '2011-04-01', ended: null });
  });
});
