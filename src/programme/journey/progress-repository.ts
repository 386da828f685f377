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

export type AttendanceFactRow = {
  outcome: AttendanceOutcome;
  minutesLate: number | null;
  durationMinutes: number;
  moduleId: string | null;
  sessionCancelled: boolean;
  startsAt: Date;
};

/** His register entries on one enrolment, in session order, with what hours and modules need. */
export async function listAttendanceFacts(trx: Trx, enrolmentId: string): Promise<AttendanceFactRow[]> {
  const rows = await trx
    .selectFrom('attendance_records as ar')
    .innerJoin('programme_sessions as s', 's.id', 'ar.session_id')
    .leftJoin('session_templates as t', 't.id', 's.session_template_id')
    .select([
      'ar.outcome',
      'ar.minutes_late as minutesLate',
      's.duration_minutes as durationMinutes',
      't.module_id as moduleId',
      's.status',
      's.starts_at as startsAt',
    ])
    .where('ar.enrolment_id', '=', enrolmentId)
    .orderBy('s.starts_at')
    .execute();
  return rows.map(({ status, ...row }) => ({ ...row, sessionCancelled: status === 'cancelled' }));
}
