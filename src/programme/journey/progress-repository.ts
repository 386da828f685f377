import type { Trx } from '../../db/database.js';
import type { AttendanceOutcome } from '../../db/schema.js';

export type ModuleRow = { id: string; title: string; required: boolean };

export async function listModules(trx: Trx, programmeId: string): Promise<ModuleRow[]> {
  return trx
    .selectFrom('programme_modules')
    .select(['id', 'title', 'required'])
    .where('programme_id', '=', programmeId)
    .orderBy('position')
    .execute();
}

/** The modules of each programme given, each with its programme, in each programme's order. */
export async function listModulesOf(
  trx: Trx,
  programmeIds: readonly string[],
): Promise<Array<ModuleRow & { programmeId: string }>> {
  if (programmeIds.length === 0) {
    return [];
  }
  return trx
    .selectFrom('programme_modules')
    .select(['programme_id as programmeId', 'id', 'title', 'required'])
    .where('programme_id', 'in', programmeIds)
    .orderBy('programme_id')
    .orderBy('position')
    .execute();
}

export type AttendanceFactRow = {
  outcome: AttendanceOutcome;
  minutesLate: number | null;
  durationMinutes: number;
  moduleId: string | null;
  sessionCancelled: boolean;
  startsAt: Date;
};

/** His register entries on the enrolments given, each with its enrolment, in session order, with what hours and modules need. */
export async function listAttendanceFactsOf(
  trx: Trx,
  enrolmentIds: readonly string[],
): Promise<Array<AttendanceFactRow & { enrolmentId: string }>> {
  if (enrolmentIds.length === 0) {
    return [];
  }
  const rows = await trx
    .selectFrom('attendance_records as ar')
    .innerJoin('programme_sessions as s', 's.id', 'ar.session_id')
    .leftJoin('session_templates as t', 't.id', 's.session_template_id')
    .select([
      'ar.enrolment_id as enrolmentId',
      'ar.outcome',
      'ar.minutes_late as minutesLate',
      's.duration_minutes as durationMinutes',
      't.module_id as moduleId',
      's.status',
      's.starts_at as startsAt',
    ])
    .where('ar.enrolment_id', 'in', enrolmentIds)
    .orderBy('s.starts_at')
    .execute();
  return rows.map(({ status, ...row }) => ({ ...row, sessionCancelled: status === 'cancelled' }));
}
