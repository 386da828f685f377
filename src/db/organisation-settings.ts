import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { compiledQuery, type Placeholders } from './compiled-query.js';
import type { Trx } from './database.js';
import { readOnce } from './unit-of-work.js';

/**
 * What an organisation has set, as its capabilities read it: its contact targets and rules, the
 * buffer kept between his and her appointments, the due times of duties to inform her, and the
 * post-programme follow-up. Each is null (or empty) where nothing is set, and each capability keeps
 * its own defaults.
 */
export type OrganisationSettings = {
  general: {
    appointmentBufferMinutes: number;
    partnerFirstContactDays: number;
    participantFirstContactDays: number;
    partnerFollowUpDays: number;
    partnerNotEngagedAttempts: number;
  } | null;
  /** Working days to inform her, by the type of event in his programme. */
  partnerDutyDueDays: ReadonlyMap<string, number>;
  partnerFollowUp: { followUpMonths: number; reviewMonths: number } | null;
};

const settingsQuery = compiledQuery((db, p: Placeholders<{ organisationId: string }>) =>
  db.selectNoFrom((eb) => [
    jsonObjectFrom(
      eb
        .selectFrom('organisation_settings')
        .select([
          'appointment_buffer_minutes as appointmentBufferMinutes',
          'partner_first_contact_days as partnerFirstContactDays',
          'participant_first_contact_days as participantFirstContactDays',
          'partner_follow_up_days as partnerFollowUpDays',
          'partner_not_engaged_attempts as partnerNotEngagedAttempts',
        ])
        .where('organisation_id', '=', p.organisationId),
    ).as('general'),
    jsonArrayFrom(
      eb
        .selectFrom('partner_duty_due_days')
        .select(['event_type as type', 'working_days as days'])
        .where('organisation_id', '=', p.organisationId),
    ).as('dueDays'),
    jsonObjectFrom(
      eb
        .selectFrom('partner_follow_up_settings')
        .select(['follow_up_months as followUpMonths', 'review_months as reviewMonths'])
        .where('organisation_id', '=', p.organisationId),
    ).as('partnerFollowUp'),
  ]),
);

/**
 * The organisation's settings in one statement, read once per page however many sections ask (a
 * case page asks three times). Row-level security applies as to any read: a table the caller may
 * not read comes back empty, as it would have on its own.
 */
export function organisationSettings(trx: Trx, organisationId: string): Promise<OrganisationSettings> {
  return readOnce(trx, `organisation-settings:${organisationId}`, async () => {
    const row = await settingsQuery.first(trx, { organisationId });
    return {
      general: row?.general ?? null,
      partnerDutyDueDays: new Map((row?.dueDays ?? []).map((d) => [d.type, d.days])),
      partnerFollowUp: row?.partnerFollowUp ?? null,
    };
  });
}
