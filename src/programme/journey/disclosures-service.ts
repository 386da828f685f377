import { authorize, type Action, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import type { DisclosureType } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { todayInLondon } from '../../dates/london.js';
import { findParticipantCase, type ParticipantCaseRow } from '../../participants/repository.js';
import { presentDisclosure, type DisclosureView } from './disclosures-presenters.js';
import * as repo from './disclosures-repository.js';
import type { TDisclosureInput } from './disclosures-schemas.js';
import { recordParticipantEvent } from './events.js';

type Origin = { ip: string | null };

export type DisclosureForm = {
  participant: { id: string; name: string; reference: string };
  /** The session it is recorded from (the register's link), if any. */
  session: { id: string; title: string; date: string } | null;
};

/** A disclosure just saved, as what follows it in the same transaction sees it. */
export type RecordedDisclosure = {
  organisationId: string;
  participantId: string;
  disclosureId: string;
  disclosureType: DisclosureType;
  /** ISO date. */
  disclosedOn: string;
  createdBy: string | null;
};

/**
 * What follows a saved disclosure in the same transaction: src/risk's escalation alerts
 * (raiseForRecordedDisclosure), passed in where the service is built (src/app), so programme
 * imports no src/risk.
 */
export type AfterDisclosureRecorded = (trx: Trx, recorded: RecordedDisclosure) => Promise<unknown>;

/**
 * Disclosures of violence or abuse, each its own record on his side. Recording one writes the basic
 * event the partner service reads ("Disclosed physical violence on <date>": type and date only):
 * "Where the VPP is first to hear of an incident via his disclosure, very basic information ('he
 * was violent/abusive') is shared with the WSS" (seed 001). The detail never leaves his side.
 */
export class DisclosureService {
  constructor(
    private readonly db: Db,
    private readonly afterDisclosureRecorded: AfterDisclosureRecorded,
  ) {}

  private async participant(trx: Trx, actor: Actor, participantId: string, action: Action): Promise<ParticipantCaseRow> {
    const row = await findParticipantCase(trx, participantId);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return row;
  }

  async list(actor: Actor, participantId: string): Promise<DisclosureView[]> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'disclosure.view');
      return (await repo.listDisclosures(trx, row.participantId)).map(presentDisclosure);
    });
  }

  async form(actor: Actor, participantId: string, sessionId: string | null): Promise<DisclosureForm> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'disclosure.record');
      const session = sessionId ? await repo.findDisclosureSession(trx, sessionId, participantId) : undefined;
      return {
        participant: { id: row.participantId, name: `${row.givenName} ${row.familyName}`, reference: row.reference },
        session:
          session && session.organisationId === actor.organisationId && session.heWasOnIt
            ? { id: session.id, title: session.title, date: todayInLondon(session.startsAt) }
            : null,
      };
    });
  }

  async record(actor: Actor, participantId: string, input: TDisclosureInput, origin: Origin): Promise<DisclosureView> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'disclosure.record');
      if (input.sessionId) {
        const session = await repo.findDisclosureSession(trx, input.sessionId, participantId);
        if (!session || session.organisationId !== actor.organisationId || !session.heWasOnIt) {
          throw new InvalidInputError('Check the session', { sessionId: 'Select a session this participant was part of' });
        }
      }
      const disclosureId = await repo.insertDisclosure(trx, {
        organisationId: row.organisationId,
        participantId: row.participantId,
        perpetratorCaseId: row.caseId,
        sessionId: input.sessionId,
        disclosedOn: input.disclosedOn,
        type: input.type,
        severity: input.severity,
        detail: input.detail,
        recordedBy: actor.userId,
      });
      const eventId = await recordParticipantEvent(trx, {
        organisationId: row.organisationId,
        participantId: row.participantId,
        perpetratorCaseId: row.caseId,
        enrolmentId: null,
        sessionId: input.sessionId,
        disclosureId,
        createdBy: actor.userId,
        fact: { type: 'disclosure', on: input.disclosedOn, disclosureType: input.type },
      });
      // Escalation alerts (src/risk/escalation.ts): when his risk assessment rated this kind of abuse
      // below high, or he has none, his workers and each partner's worker are told, in this transaction.
      await this.afterDisclosureRecorded(trx, {
        organisationId: row.organisationId,
        participantId: row.participantId,
        disclosureId,
        disclosureType: input.type,
        disclosedOn: input.disclosedOn,
        createdBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'disclosure.recorded',
        { type: 'disclosure', id: disclosureId },
        {
          participantId: row.participantId,
          type: input.type,
          severity: input.severity,
          sessionId: input.sessionId,
          eventId,
        },
      );
      const saved = (await repo.listDisclosures(trx, row.participantId)).find((d) => d.id === disclosureId);
      if (!saved) {
        throw new NotFoundError();
      }
      return presentDisclosure(saved);
    });
  }
}
