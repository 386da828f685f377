import { authorizePartnerSide, listScope, type Action, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { findParticipantCase, nextReference } from '../participants/repository.js';
import { allocationOptions, workersOnSides, type AllocationOption } from '../people/workers.js';
import type { CaseloadChoiceRows } from '../people/caseload-options.js';
import {
  presentPartnerCaseDetail,
  presentPartnerCaseListItem,
  presentPartnerNote,
  type PartnerCaseDetail,
  type PartnerCaseListItem,
  type PartnerNote,
} from './presenters.js';
import { insertPartnerWithCase, updatePartnerWithCase } from './case-writes-repository.js';
import { insertPartnerCaseNote, listPartnerCaseNotes } from './notes-repository.js';
import * as repo from './repository.js';
import { partnerCaseloadChoices, searchPartnerCaseload } from './caseload.js';
import type { CaseloadRequest } from '../people/caseload-search.js';
import type { Region } from '../dates/working-days.js';
import type { DashLevel, PartnerCaseStatus } from '../db/schema.js';
import { RELATIONSHIP_ENDED_BEFORE_STARTED, type TPartnerCaseInput, type TPartnerCaseUpdate } from './schemas.js';

type Origin = { ip: string | null };

/**
 * The partner case: her details, safe-contact preferences and her worker's notes. Every read is
 * audited. Anyone the policy does not allow gets "not found": not even the existence of her case
 * may reach the perpetrator side (seed 001: "No information is disclosed to the perpetrator with
 * regards to his (ex) partner's engagement").
 */
export class PartnerCaseService {
  /** `workingDaysRegion`: the configuration's, for the day a first contact becomes overdue (ENG by default, as there). */
  constructor(
    private readonly db: Db,
    private readonly workingDaysRegion: Region = 'ENG',
  ) {}

  /** Her caseload searched and filtered (src/partner-support/caseload.ts). */
  search(actor: Actor, request: CaseloadRequest<PartnerCaseStatus, DashLevel>, origin: Origin) {
    return searchPartnerCaseload(this.db, this.workingDaysRegion, actor, request, origin);
  }

  /** The workers and teams her caseload can be filtered by, and whether the viewer has cases of hers (src/partner-support/caseload.ts). */
  caseloadChoices(actor: Actor): Promise<CaseloadChoiceRows> {
    return partnerCaseloadChoices(this.db, actor);
  }

  /** The partner cases linked to one participant, for the partner side and management viewing his record. */
  async listForParticipant(actor: Actor, participantId: string, origin: Origin): Promise<PartnerCaseListItem[]> {
    const scope = listScope(actor, 'partnerCase.list');
    return withActor(this.db, actor, async (trx) => {
      const rows = await repo.listPartnerCasesOfParticipant(trx, scope, participantId);
      if (rows.length > 0) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'partner_case.listed',
          { type: 'participant', id: participantId },
          { partnerCaseIds: rows.map((r) => r.caseId) },
        );
      }
      return rows.map(presentPartnerCaseListItem);
    });
  }

  private async load(trx: Trx, actor: Actor, caseId: string, action: Action): Promise<repo.PartnerCaseRow> {
    // Checked before the query too: the perpetrator side learns nothing, not even from timing or errors.
    authorizePartnerSide(actor, action);
    const row = await repo.findPartnerCase(trx, caseId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, row);
    return row;
  }

  async view(actor: Actor, caseId: string, origin: Origin): Promise<{ partnerCase: PartnerCaseDetail; notes: PartnerNote[] }> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, caseId, 'partnerCase.view');
      const notes = await listPartnerCaseNotes(trx, caseId);
      await recordActorEvent(trx, actor, origin, 'partner_case.viewed', { type: 'partner_case', id: caseId });
      return { partnerCase: presentPartnerCaseDetail(row, actor), notes: notes.map(presentPartnerNote) };
    });
  }

  async forEdit(actor: Actor, caseId: string, origin: Origin): Promise<PartnerCaseDetail> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, caseId, 'partnerCase.update');
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.viewed',
        { type: 'partner_case', id: caseId },
        { purpose: 'edit' },
      );
      return presentPartnerCaseDetail(row, actor);
    });
  }

  /**
   * The workers her case may be given, with their open caseloads: partner-side workers and
   * managers, less anyone already supporting another partner of the same participant.
   */
  async allocationOptions(actor: Actor, forCase: { participantId: string; caseId: string | null }): Promise<AllocationOption[]> {
    authorizePartnerSide(actor, 'partnerCase.update');
    return withActor(this.db, actor, async (trx) => {
      const options = await allocationOptions(trx, actor.organisationId, 'partner');
      const siblings = await repo.listPartnerCasesOfParticipant(
        trx,
        { organisationId: actor.organisationId, action: 'partnerCase.list' },
        forCase.participantId,
      );
      const taken = new Set(siblings.filter((c) => c.caseId !== forCase.caseId).map((c) => c.allocatedWorkerId));
      return options.filter((option) => !taken.has(option.id));
    });
  }

  /** His name and reference, for the heading of the "add a partner" form. */
  async participantFor(actor: Actor, participantId: string): Promise<{ id: string; reference: string; name: string }> {
    authorizePartnerSide(actor, 'partnerCase.create');
    return withActor(this.db, actor, async (trx) => {
      const participant = await findParticipantCase(trx, participantId);
      if (!participant) {
        throw new NotFoundError();
      }
      authorizePartnerSide(actor, 'partnerCase.create', participant);
      return {
        id: participant.participantId,
        reference: participant.reference,
        name: `${participant.givenName} ${participant.familyName}`,
      };
    });
  }

  /**
   * Her worker must be on the partner side (or management), and where he has more than one
   * partner on the service each has a different worker (seed 001: "different workers are
   * allocated to each").
   */
  private async checkWorker(
    trx: Trx,
    actor: Actor,
    participantId: string,
    caseId: string | null,
    workerId: string | null | undefined,
  ): Promise<void> {
    if (!workerId) {
      return;
    }
    const eligible = await workersOnSides(trx, actor.organisationId, ['partner', 'management']);
    if (!eligible.some((worker) => worker.id === workerId)) {
      throw new InvalidInputError('Check the allocated worker', {
        allocatedWorkerId: 'Select a partner support worker or manager from the list',
      });
    }
    const siblings = await repo.listPartnerCasesOfParticipant(
      trx,
      { organisationId: actor.organisationId, action: 'partnerCase.list' },
      participantId,
    );
    if (siblings.some((sibling) => sibling.caseId !== caseId && sibling.allocatedWorkerId === workerId)) {
      throw new ConflictError('This worker already supports another partner of the same participant', {
        allocatedWorkerId: 'Choose a different worker: each partner of the same participant must have their own worker',
      });
    }
  }

  async create(actor: Actor, participantId: string, input: TPartnerCaseInput, origin: Origin): Promise<string> {
    authorizePartnerSide(actor, 'partnerCase.create');
    return withActor(this.db, actor, async (trx) => {
      const participant = await findParticipantCase(trx, participantId);
      if (!participant) {
        throw new InvalidInputError('Select the participant', { participantId: 'Select a participant from your organisation' });
      }
      authorizePartnerSide(actor, 'partnerCase.create', participant);
      await this.checkWorker(trx, actor, participantId, null, input.allocatedWorkerId);
      const { caseId, partnerId } = await insertPartnerWithCase(trx, {
        organisationId: actor.organisationId,
        participantId,
        reference: await nextReference(trx, 'PS'),
        createdBy: actor.userId,
        input,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.created',
        { type: 'partner_case', id: caseId },
        { partnerId, participantId, relationship: input.relationship },
      );
      return caseId;
    });
  }

  async update(actor: Actor, caseId: string, input: TPartnerCaseUpdate, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, caseId, 'partnerCase.update');
      checkStatusChange(row.status, input.status);
      checkRelationshipDates(row, input);
      await this.checkWorker(trx, actor, row.participantId, caseId, input.allocatedWorkerId);
      await updatePartnerWithCase(trx, row, input);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.updated',
        { type: 'partner_case', id: caseId },
        { fields: Object.keys(input).filter((k) => input[k as keyof TPartnerCaseUpdate] !== undefined) },
      );
    });
  }

  async addNote(actor: Actor, caseId: string, body: string, origin: Origin): Promise<PartnerNote> {
    return withActor(this.db, actor, async (trx) => {
      await this.load(trx, actor, caseId, 'partnerCase.addNote');
      const noteId = await insertPartnerCaseNote(trx, {
        organisationId: actor.organisationId,
        caseId,
        authorId: actor.userId,
        body,
      });
      await recordActorEvent(trx, actor, origin, 'partner_case.note_added', { type: 'partner_case', id: caseId }, { noteId });
      const note = (await listPartnerCaseNotes(trx, caseId)).find((n) => n.id === noteId);
      if (!note) {
        throw new NotFoundError();
      }
      return presentPartnerNote(note);
    });
  }

  async notes(actor: Actor, caseId: string, origin: Origin): Promise<PartnerNote[]> {
    return withActor(this.db, actor, async (trx) => {
      await this.load(trx, actor, caseId, 'partnerCase.view');
      await recordActorEvent(trx, actor, origin, 'partner_case.viewed', { type: 'partner_case', id: caseId }, { part: 'notes' });
      return (await listPartnerCaseNotes(trx, caseId)).map(presentPartnerNote);
    });
  }
}

/** A change of one relationship date is checked against the other date as stored: it cannot end before it started. */
function checkRelationshipDates(
  row: { relationshipStartedOn: string | null; relationshipEndedOn: string | null },
  input: TPartnerCaseUpdate,
): void {
  const started = input.relationshipStartedOn !== undefined ? input.relationshipStartedOn : row.relationshipStartedOn;
  const ended = input.relationshipEndedOn !== undefined ? input.relationshipEndedOn : row.relationshipEndedOn;
  if (started && ended && ended < started) {
    const field = input.relationshipEndedOn !== undefined ? 'relationshipEndedOn' : 'relationshipStartedOn';
    const message =
      field === 'relationshipEndedOn'
        ? RELATIONSHIP_ENDED_BEFORE_STARTED
        : 'The date the relationship started must be the same as or before the date it ended';
    throw new InvalidInputError('Check the relationship dates', { [field]: message });
  }
}

/**
 * Closing her case, or recording that she did not engage, each has its own page: closing asks for
 * the closing summary (src/partner-duties), "not engaged" for the attempts made and a reason
 * (src/first-contact). The edit form may not skip either.
 */
function checkStatusChange(current: string, next: string | undefined): void {
  if (next === undefined || next === current) {
    return;
  }
  if (next === 'closed') {
    throw new InvalidInputError(
      'Close the case with “Close the case with a closing summary”, which records how the support ended',
      {
        status: 'Close the case with “Close the case with a closing summary”, which records how the support ended',
      },
    );
  }
  if (next === 'not_engaged') {
    throw new InvalidInputError(
      'Record that the partner has not engaged from “Close as not engaged”, after the attempts it asks for',
      {
        status: 'Record that the partner has not engaged from “Close as not engaged”, after the attempts it asks for',
      },
    );
  }
}
