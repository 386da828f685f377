import type { QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../../db/compiled-query.js';
import type { Trx } from '../../db/database.js';
import type { Database, DisclosureSeverity, DisclosureType } from '../../db/schema.js';

export async function insertDisclosure(
  trx: Trx,
  values: {
    organisationId: string;
    participantId: string;
    perpetratorCaseId: string;
    sessionId: string | null;
    disclosedOn: string;
    type: DisclosureType;
    severity: DisclosureSeverity;
    detail: string;
    recordedBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('disclosures')
    .values({
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      perpetrator_case_id: values.perpetratorCaseId,
      session_id: values.sessionId,
      disclosed_on: values.disclosedOn,
      type: values.type,
      severity: values.severity,
      detail: values.detail,
      recorded_by: values.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type DisclosureRow = {
  id: string;
  disclosedOn: string;
  type: DisclosureType;
  severity: DisclosureSeverity;
  detail: string;
  sessionId: string | null;
  sessionTitle: string | null;
  recordedByName: string | null;
  recordedAt: Date;
};

/** His disclosures, newest first, as a query to read alone or within another. */
export function disclosuresOf(db: QueryCreator<Database>, participantId: string) {
  return db
    .selectFrom('disclosures as d')
    .leftJoin('programme_sessions as s', 's.id', 'd.session_id')
    .leftJoin('users', 'users.id', 'd.recorded_by')
    .select([
      'd.id',
      'd.disclosed_on as disclosedOn',
      'd.type',
      'd.severity',
      'd.detail',
      'd.session_id as sessionId',
      's.title as sessionTitle',
      'users.display_name as recordedByName',
      'd.recorded_at as recordedAt',
    ])
    .where('d.participant_id', '=', participantId)
    .orderBy('d.disclosed_on', 'desc')
    .orderBy('d.recorded_at', 'desc');
}

const disclosuresQuery = compiledQuery((db, p: Placeholders<{ participantId: string }>) => disclosuresOf(db, p.participantId));

/** His disclosures, newest first. His side only (row-level security hides the table from the partner side). */
export async function listDisclosures(trx: Trx, participantId: string): Promise<DisclosureRow[]> {
  return disclosuresQuery.all(trx, { participantId });
}

export type DisclosureSessionRow = { id: string; organisationId: string; title: string; startsAt: Date; heWasOnIt: boolean };

const disclosureSessionQuery = compiledQuery((db, p: Placeholders<{ sessionId: string; participantId: string }>) =>
  db
    .selectFrom('programme_sessions as s')
    .select((eb) => [
      's.id',
      's.organisation_id as organisationId',
      's.title',
      's.starts_at as startsAt',
      eb
        .exists(
          eb
            .selectFrom('programme_enrolments as e')
            .select('e.id')
            .where('e.participant_id', '=', p.participantId)
            .where((inner) =>
              inner.or([inner('e.id', '=', inner.ref('s.enrolment_id')), inner('e.group_id', '=', inner.ref('s.group_id'))]),
            ),
        )
        .$castTo<boolean>()
        .as('heWasOnIt'),
    ])
    .where('s.id', '=', p.sessionId)
    .where('s.side', '=', 'perpetrator'),
);

/** A session a disclosure may be recorded against: his side's, with him on it (recorded, or placed in its group or its one man). */
export async function findDisclosureSession(
  trx: Trx,
  sessionId: string,
  participantId: string,
): Promise<DisclosureSessionRow | undefined> {
  return disclosureSessionQuery.first(trx, { sessionId, participantId });
}

/** How many disclosures of each kind his case holds between two dates (inclusive), for the end-of-programme summary. */
export async function countDisclosuresByType(
  trx: Trx,
  perpetratorCaseId: string,
  from: string,
  to: string | null,
): Promise<Array<{ type: DisclosureType; count: number }>> {
  let query = trx
    .selectFrom('disclosures')
    .select((eb) => ['type', eb.fn.countAll<string>().as('n')])
    .where('perpetrator_case_id', '=', perpetratorCaseId)
    .where('disclosed_on', '>=', from);
  if (to) {
    query = query.where('disclosed_on', '<=', to);
  }
  const rows = await query.groupBy('type').execute();
  return rows.map((r) => ({ type: r.type, count: Number(r.n) }));
}
