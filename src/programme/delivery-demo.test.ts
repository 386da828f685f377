import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import type { DatabaseHandle } from '../db/database.js';
import { loadDemoData } from '../demo/demo.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await loadDemoData(database.db);
});
afterAll(async () => database?.close());

it('the demo has a rolling group with two men placed, one kept apart on the waiting list, and sessions with a change', async () => {
  const db = database.db;
  const group = await db
    .selectFrom('programme_groups')
    .select('id')
    .where('name', '=', 'Monday evening group')
    .executeTakeFirstOrThrow();
  const placed = await db
    .selectFrom('programme_enrolments')
    .innerJoin('participants', 'participants.id', 'programme_enrolments.participant_id')
    .select(['participants.given_name', 'programme_enrolments.group_id'])
    .orderBy('participants.given_name')
    .execute();
  expect(placed).toEqual([
    { given_name: 'Daniel', group_id: group.id },
    { given_name: 'Kevin', group_id: null },
    { given_name: 'Marcus', group_id: group.id },
  ]);
  expect(await db.selectFrom('non_associations').select('reason_code').execute()).toEqual([{ reason_code: 'conflict' }]);
  const sessions = await db.selectFrom('programme_sessions').select('id').where('group_id', '=', group.id).execute();
  expect(sessions).toHaveLength(12);
  expect(await db.selectFrom('session_changes').select('change').execute()).toEqual([{ change: 'rescheduled' }]);
  const partnerGroups = await db.selectFrom('programme_groups').select('side').where('side', '=', 'partner').execute();
  expect(partnerGroups).toHaveLength(1);
});
