import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChildView } from './presenters.js';
import {
  t,
  org,
  other,
  facilitator,
  partnerWorker,
  participantId,
  otherParticipantId,
  signedIn,
  childCount,
  childForm,
  useChildren,
} from '../../test/fixtures/children.js';

/*
 * The children a referral names (issue 3, point 3): seen by both case files, changed by his side and
 * management only, and by no one else.
 */
useChildren();

describe('who may see and change his children', () => {
  let childId: string;

  beforeAll(async () => {
    const created = await facilitator.request('POST', `/api/v1/participants/${otherParticipantId}/children`, {
      json: { givenName: 'Tamsin', ageYears: 11, livesWith: 'participant' },
    });
    childId = created.json<ChildView>().id;
  });

  it('the partner side sees his children on his record and the list, but may not add or change them', async () => {
    const page = await partnerWorker.get(`/participants/${otherParticipantId}/tab/children`);
    expect(page.body).toContain('Tamsin');
    expect(page.body).not.toContain('/children/new');
    expect(page.body).not.toContain(`/children/${childId}/edit`);
    const list = await partnerWorker.get(`/participants/${otherParticipantId}/children`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Tamsin');
    expect(list.body).not.toContain('Add a child');
    const api = await partnerWorker.get(`/api/v1/participants/${otherParticipantId}/children`);
    expect(api.json<ChildView[]>().map((c) => c.name)).toEqual(['Tamsin']);

    const before = await childCount();
    expect((await partnerWorker.get(`/participants/${otherParticipantId}/children/new`)).statusCode).toBe(403);
    expect((await partnerWorker.submit(`/participants/${otherParticipantId}/children/new`, childForm())).statusCode).toBe(403);
    expect((await partnerWorker.get(`/participants/${otherParticipantId}/children/${childId}/edit`)).statusCode).toBe(403);
    const posted = await partnerWorker.request('POST', `/api/v1/participants/${otherParticipantId}/children`, {
      json: { ageYears: 4 },
    });
    expect(posted.statusCode).toBe(403);
    const patched = await partnerWorker.request('PATCH', `/api/v1/participants/${otherParticipantId}/children/${childId}`, {
      json: { livesWith: 'other_parent' },
    });
    expect(patched.statusCode).toBe(403);
    expect(await childCount()).toBe(before);
  });

  it('the administrator, the DPO and a user in no team see none of them', async () => {
    for (const user of [org.users.admin, org.users.dpo, org.users.noTeam]) {
      const client = await signedIn(user);
      expect((await client.get(`/participants/${otherParticipantId}/children`)).statusCode).toBe(403);
      expect((await client.get(`/api/v1/participants/${otherParticipantId}/children`)).statusCode).toBe(403);
    }
  });

  it('another organisation is told they do not exist', async () => {
    const outsider = await signedIn(other.users.management);
    for (const url of [
      `/participants/${otherParticipantId}/children`,
      `/participants/${otherParticipantId}/children/new`,
      `/participants/${otherParticipantId}/children/${childId}/edit`,
      `/api/v1/participants/${otherParticipantId}/children`,
    ]) {
      const response = await outsider.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Tamsin');
    }
    const patched = await outsider.request('PATCH', `/api/v1/participants/${otherParticipantId}/children/${childId}`, {
      json: { givenName: 'Changed' },
    });
    expect(patched.statusCode).toBe(404);
  });

  it('a child is found only under the participant it belongs to', async () => {
    expect((await facilitator.get(`/participants/${participantId}/children/${childId}/edit`)).statusCode).toBe(404);
    expect((await facilitator.get(`/participants/${otherParticipantId}/children/${randomUUID()}/edit`)).statusCode).toBe(404);
    const wrong = await facilitator.request('PATCH', `/api/v1/participants/${participantId}/children/${childId}`, {
      json: { givenName: 'Moved' },
    });
    expect(wrong.statusCode).toBe(404);
    const row = await t.database.db
      .selectFrom('children')
      .select('given_name')
      .where('id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(row.given_name).toBe('Tamsin');
  });
});
