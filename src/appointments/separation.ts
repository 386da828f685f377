import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { organisationSettings } from '../db/organisation-settings.js';
import { ConflictError } from '../errors.js';
import { londonParts } from '../dates/london.js';

/*
 * The separation rules of seed 001 and product rule 5: two partners of the same man are never
 * booked at overlapping times at the same venue, and a partner is never booked at a venue within
 * the organisation's buffer (default 60 minutes) of one of his sessions there (his group's or his
 * one-to-one sessions, not cancelled).
 *
 * One function for everything booked on her side (her appointments; her support groups use it too).
 * It reads his sessions from her side; his side never reads her appointments. His schedule takes
 * priority: when his group is moved onto a time she is booked, his side is not told (that would
 * reveal she has an appointment); her worker sees it on her appointments list instead.
 *
 * The reason may name him and his session times (her worker may know his attendance), never
 * another partner: "another partner of the same participant".
 */

export const DEFAULT_BUFFER_MINUTES = 60;

export type Slot = { venueId: string; startsAt: Date; durationMinutes: number };

export type SeparationCheck = Slot & {
  /** The men whose partner is being booked (one for an appointment; each linked man for a group). */
  participantIds: string[];
  /** Her case: her own appointments never clash with themselves. */
  partnerCaseId: string;
  /** When rescheduling, the appointment being moved. */
  excludeAppointmentId?: string;
};

export async function bufferMinutes(trx: Trx, organisationId: string): Promise<number> {
  const { general } = await organisationSettings(trx, organisationId);
  return general?.appointmentBufferMinutes ?? DEFAULT_BUFFER_MINUTES;
}

/**
 * Serialises bookings that concern the same man until the transaction ends, so that two workers
 * booking his two partners at once cannot both pass the check (an advisory lock: it locks no row
 * his side could notice).
 */
export async function lockParticipants(trx: Trx, participantIds: string[]): Promise<void> {
  for (const id of [...new Set(participantIds)].sort()) {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`partner-separation:${id}`}, 0))`.execute(trx);
  }
}

const time = (instant: Date): string => londonParts(instant).time;
const minutes = (n: number): string => (n === 1 ? '1 minute' : `${n} minutes`);

/**
 * The reasons this slot breaks the separation rules (empty when it may be booked). Call inside the
 * transaction that writes the booking, after lockParticipants.
 */
export async function separationConflicts(trx: Trx, check: SeparationCheck): Promise<string[]> {
  if (check.participantIds.length === 0) {
    return [];
  }
  const organisationId = await trx
    .selectFrom('venues')
    .select('organisation_id')
    .where('id', '=', check.venueId)
    .executeTakeFirst();
  if (!organisationId) {
    return [];
  }
  const buffer = await bufferMinutes(trx, organisationId.organisation_id);
  const start = check.startsAt;
  const end = new Date(start.getTime() + check.durationMinutes * 60_000);
  const bufferedStart = new Date(start.getTime() - buffer * 60_000);
  const bufferedEnd = new Date(end.getTime() + buffer * 60_000);
  const reasons: string[] = [];

  // His sessions at this venue, not cancelled, within the buffer: his group's and his one-to-ones.
  const sessions = await trx
    .selectFrom('programme_sessions as s')
    .innerJoin('programme_enrolments as e', (join) =>
      join.on((eb) => eb.or([eb('e.group_id', '=', eb.ref('s.group_id')), eb('e.id', '=', eb.ref('s.enrolment_id'))])),
    )
    .innerJoin('participants as p', 'p.id', 'e.participant_id')
    .leftJoin('programme_groups as g', 'g.id', 's.group_id')
    .leftJoin('venues as v', (join) => join.on((eb) => eb('v.id', '=', eb.fn.coalesce('s.venue_id', 'g.venue_id'))))
    .select(['s.id', 's.starts_at', 's.duration_minutes', 's.kind', 'g.name as groupName', 'v.name as venueName'])
    .select(['p.given_name', 'p.family_name'])
    .where('s.side', '=', 'perpetrator')
    .where('s.status', '<>', 'cancelled')
    .where('e.participant_id', 'in', check.participantIds)
    .where((eb) => eb(eb.fn.coalesce('s.venue_id', 'g.venue_id'), '=', check.venueId))
    .where('s.starts_at', '<', bufferedEnd)
    .where(sql<boolean>`s.starts_at + make_interval(mins => s.duration_minutes) > ${bufferedStart}`)
    .where((eb) =>
      eb.or([
        eb('e.ended_on', 'is', null),
        eb('e.ended_on', '>=', sql<string>`(s.starts_at AT TIME ZONE 'Europe/London')::date`),
      ]),
    )
    .orderBy('s.starts_at')
    .execute();
  const seen = new Set<string>();
  for (const s of sessions) {
    if (seen.has(s.id)) {
      continue;
    }
    seen.add(s.id);
    const sessionEnd = new Date(s.starts_at.getTime() + s.duration_minutes * 60_000);
    const what = s.groupName && s.kind !== 'one_to_one' ? `’s group (${s.groupName}) meets` : ' has a one-to-one session';
    reasons.push(
      `${s.given_name} ${s.family_name}${what} at ${s.venueName ?? 'this venue'} ${time(s.starts_at)}–${time(sessionEnd)} that day: ` +
        `book at least ${minutes(buffer)} apart or at another venue`,
    );
  }

  // Another partner of the same man, at this venue, at an overlapping time (never named).
  let others = trx
    .selectFrom('partner_appointments as a')
    .innerJoin('partner_cases as c', 'c.id', 'a.partner_case_id')
    .innerJoin('partners as pa', 'pa.id', 'c.partner_id')
    .innerJoin('venues as v', 'v.id', 'a.venue_id')
    .select(['a.starts_at', 'a.duration_minutes', 'v.name as venueName'])
    .where('pa.participant_id', 'in', check.participantIds)
    .where('a.partner_case_id', '<>', check.partnerCaseId)
    .where('a.venue_id', '=', check.venueId)
    .where('a.status', '<>', 'cancelled')
    .where('a.starts_at', '<', end)
    .where(sql<boolean>`a.starts_at + make_interval(mins => a.duration_minutes) > ${start}`)
    .orderBy('a.starts_at');
  if (check.excludeAppointmentId) {
    others = others.where('a.id', '<>', check.excludeAppointmentId);
  }
  for (const a of await others.execute()) {
    const otherEnd = new Date(a.starts_at.getTime() + a.duration_minutes * 60_000);
    reasons.push(
      `Another partner of the same participant has an appointment at ${a.venueName} ${time(a.starts_at)}–${time(otherEnd)} that day: ` +
        'book another time or another venue',
    );
  }
  return reasons;
}

/**
 * Her support groups: the reasons the sessions of a partner-side group (all of them, or only
 * `sessionIds`) break the separation rules for its members (or only for `extraMember`, a partner
 * being added). Only sessions not cancelled and at a venue are checked. Call inside the transaction that
 * writes the change; it locks each member's man first.
 */
export async function partnerGroupConflicts(
  trx: Trx,
  check: { groupId: string; sessionIds?: string[]; extraMember?: { partnerCaseId: string; participantId: string } },
): Promise<string[]> {
  const members = await trx
    .selectFrom('partner_group_members as m')
    .innerJoin('partner_cases as c', 'c.id', 'm.partner_case_id')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .select(['m.partner_case_id as partnerCaseId', 'p.participant_id as participantId'])
    .where('m.group_id', '=', check.groupId)
    .execute();
  // Adding a partner: only she needs checking (the members already in the group passed).
  if (check.extraMember) {
    members.splice(0, members.length, check.extraMember);
  }
  if (members.length === 0) {
    return [];
  }
  await lockParticipants(
    trx,
    members.map((m) => m.participantId),
  );
  let sessions = trx
    .selectFrom('programme_sessions as s')
    .leftJoin('programme_groups as g', 'g.id', 's.group_id')
    .select((eb) => ['s.starts_at', 's.duration_minutes', eb.fn.coalesce('s.venue_id', 'g.venue_id').as('venueId')])
    .where('s.group_id', '=', check.groupId)
    .where('s.side', '=', 'partner')
    .where('s.status', '<>', 'cancelled')
    .orderBy('s.starts_at');
  if (check.sessionIds) {
    if (check.sessionIds.length === 0) {
      return [];
    }
    sessions = sessions.where('s.id', 'in', check.sessionIds);
  }
  const reasons = new Set<string>();
  for (const session of await sessions.execute()) {
    if (!session.venueId) {
      continue;
    }
    for (const member of members) {
      for (const reason of await separationConflicts(trx, {
        venueId: session.venueId,
        startsAt: session.starts_at,
        durationMinutes: session.duration_minutes,
        participantIds: [member.participantId],
        partnerCaseId: member.partnerCaseId,
      })) {
        reasons.add(`${londonDayOf(session.starts_at)}: ${reason}`);
      }
    }
  }
  return [...reasons];
}

const londonDayOf = (instant: Date): string => londonParts(instant).date;

/**
 * Used by programme delivery when a session of one of her support groups is planned or moved: a
 * 409 with the reasons, so the whole change is rolled back. His side's sessions are never checked
 * against hers (his schedule takes priority, and checking would tell his side she is booked).
 */
export async function refusePartnerGroupClash(trx: Trx, groupId: string, sessionIds: string[], field: string): Promise<void> {
  const reasons = await partnerGroupConflicts(trx, { groupId, sessionIds });
  if (reasons.length > 0) {
    const text = reasons.join('. ');
    throw new ConflictError(`A partner in this group would be brought near a participant. ${text}.`, { [field]: text });
  }
}
