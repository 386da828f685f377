import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import type { NonAssociationReason } from '../../db/schema.js';
import { latestEnrolmentStatus } from './repository.js';
import { CURRENT_ENROLMENT_STATUSES } from '../labels.js';

export type NonAssociationRow = {
  id: string;
  organisationId: string;
  participantAId: string;
  participantBId: string;
  reasonCode: NonAssociationReason;
  note: string | null;
  createdByName: string | null;
  createdAt: Date;
  endedAt: Date | null;
  endedByName: string | null;
};

/** One non-association as seen from one of the two men: the other man, and who recorded it when. */
export type NonAssociationWithOther = NonAssociationRow & { otherId: string; otherName: string; otherReference: string };

function nonAssociations(trx: Trx) {
  return trx
    .selectFrom('non_associations')
    .leftJoin('users as creator', 'creator.id', 'non_associations.created_by')
    .leftJoin('users as ender', 'ender.id', 'non_associations.ended_by')
    .select([
      'non_associations.id',
      'non_associations.organisation_id as organisationId',
      'non_associations.participant_a_id as participantAId',
      'non_associations.participant_b_id as participantBId',
      'non_associations.reason_code as reasonCode',
      'non_associations.note',
      'creator.display_name as createdByName',
      'non_associations.created_at as createdAt',
      'non_associations.ended_at as endedAt',
      'ender.display_name as endedByName',
    ]);
}

export async function findNonAssociation(trx: Trx, id: string): Promise<NonAssociationRow | undefined> {
  return nonAssociations(trx).where('non_associations.id', '=', id).executeTakeFirst();
}

export async function listForParticipant(trx: Trx, participantId: string): Promise<NonAssociationWithOther[]> {
  return nonAssociations(trx)
    .innerJoin('participants as other', (join) =>
      join.on(
        sql<boolean>`other.id = CASE WHEN non_associations.participant_a_id = ${participantId}
          THEN non_associations.participant_b_id ELSE non_associations.participant_a_id END`,
      ),
    )
    .where((eb) =>
      eb.or([
        eb('non_associations.participant_a_id', '=', participantId),
        eb('non_associations.participant_b_id', '=', participantId),
      ]),
    )
    .select([
      'other.id as otherId',
      sql<string>`other.given_name || ' ' || other.family_name`.as('otherName'),
      'other.reference as otherReference',
    ])
    .orderBy(sql`non_associations.ended_at IS NOT NULL`)
    .orderBy('non_associations.created_at', 'desc')
    .execute();
}

export async function findCurrentPair(trx: Trx, a: string, b: string): Promise<NonAssociationRow | undefined> {
  const [first, second] = a < b ? [a, b] : [b, a];
  return nonAssociations(trx)
    .where('non_associations.participant_a_id', '=', first)
    .where('non_associations.participant_b_id', '=', second)
    .where('non_associations.ended_at', 'is', null)
    .executeTakeFirst();
}

/** Current non-associations between him and any man holding a place in the group. */
export async function conflictsInGroup(trx: Trx, participantId: string, groupId: string): Promise<NonAssociationWithOther[]> {
  const members = trx
    .selectFrom('programme_enrolments')
    .select('programme_enrolments.participant_id')
    .where('programme_enrolments.group_id', '=', groupId)
    .where(latestEnrolmentStatus, 'in', CURRENT_ENROLMENT_STATUSES);
  const rows = await listForParticipant(trx, participantId);
  const memberIds = new Set((await members.execute()).map((m) => m.participant_id));
  return rows.filter((row) => row.endedAt === null && memberIds.has(row.otherId));
}

export async function insertNonAssociation(
  trx: Trx,
  values: { organisationId: string; a: string; b: string; reasonCode: NonAssociationReason; note: string | null; userId: string },
): Promise<string> {
  const [first, second] = values.a < values.b ? [values.a, values.b] : [values.b, values.a];
  const row = await trx
    .insertInto('non_associations')
    .values({
      organisation_id: values.organisationId,
      participant_a_id: first,
      participant_b_id: second,
      reason_code: values.reasonCode,
      note: values.note,
      created_by: values.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function endNonAssociation(trx: Trx, id: string, userId: string): Promise<void> {
  await trx
    .updateTable('non_associations')
    .set({ ended_at: new Date(), ended_by: userId })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}
