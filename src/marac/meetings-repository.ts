import type { Trx } from '../db/database.js';

/* SQL for MARAC meetings by area and date, and the local escalation setting (partner side and management). */

export async function findCalloutThreshold(trx: Trx, organisationId: string): Promise<number | undefined> {
  const row = await trx
    .selectFrom('risk_settings')
    .select('marac_callout_threshold as threshold')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.threshold;
}

export async function saveCalloutThreshold(trx: Trx, organisationId: string, threshold: number, userId: string): Promise<void> {
  await trx
    .insertInto('risk_settings')
    .values({ organisation_id: organisationId, marac_callout_threshold: threshold, updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('organisation_id')
        .doUpdateSet({ marac_callout_threshold: threshold, updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

export type MeetingRow = { id: string; organisationId: string; area: string; meetsOn: string; referralCount: number };

const meetings = (trx: Trx) =>
  trx
    .selectFrom('marac_meetings as m')
    .select((eb) => [
      'm.id',
      'm.organisation_id as organisationId',
      'm.area',
      'm.meets_on as meetsOn',
      eb
        .selectFrom('marac_referrals as r')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('r.marac_meeting_id', '=', 'm.id')
        .as('referralCount'),
    ]);

const toMeeting = (row: { id: string; organisationId: string; area: string; meetsOn: string; referralCount: string | null }) => ({
  ...row,
  referralCount: Number(row.referralCount ?? 0),
});

/** The organisation's meetings by area and date, optionally for one area (matched whatever the case). */
export async function listMeetings(
  trx: Trx,
  organisationId: string,
  filter: { area?: string | null; from?: string | null },
): Promise<MeetingRow[]> {
  let query = meetings(trx).where('m.organisation_id', '=', organisationId);
  if (filter.area) {
    query = query.where((eb) => eb(eb.fn('lower', ['m.area']), '=', filter.area?.toLowerCase() ?? ''));
  }
  if (filter.from) {
    query = query.where('m.meets_on', '>=', filter.from);
  }
  const rows = await query.orderBy('m.area').orderBy('m.meets_on').execute();
  return rows.map(toMeeting);
}

export async function findMeeting(trx: Trx, meetingId: string): Promise<MeetingRow | undefined> {
  const row = await meetings(trx).where('m.id', '=', meetingId).executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

export async function listAreas(trx: Trx, organisationId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('marac_meetings')
    .select('area')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .orderBy('area')
    .execute();
  return rows.map((r) => r.area);
}

export async function findMeetingOn(trx: Trx, organisationId: string, area: string, meetsOn: string) {
  return trx
    .selectFrom('marac_meetings')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('area', '=', area)
    .where('meets_on', '=', meetsOn)
    .executeTakeFirst();
}

export async function insertMeeting(
  trx: Trx,
  values: { organisationId: string; area: string; meetsOn: string; createdBy: string },
): Promise<string> {
  const row = await trx
    .insertInto('marac_meetings')
    .values({ organisation_id: values.organisationId, area: values.area, meets_on: values.meetsOn, created_by: values.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
