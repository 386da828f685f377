import { authorize, can, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { allocationOptions, workersOnSides, type AllocationOption } from '../people/workers.js';
import type { CaseloadChoiceRows } from '../people/caseload-options.js';
import {
  presentNote,
  presentParticipantCase,
  presentParticipantSummary,
  type CaseNote,
  type ParticipantCase,
  type ParticipantSummary,
} from './presenters.js';
import { insertParticipantWithCase, updateParticipant, updatePerpetratorCase } from './case-writes-repository.js';
import { insertPerpetratorCaseNote, listPerpetratorCaseNotes } from './notes-repository.js';
import * as repo from './repository.js';
import type { KeysetPage } from '../web/pagination.js';
import type { TParticipantInput, TParticipantUpdate } from './schemas.js';
import type { CaseloadPage, CaseloadRequest } from '../people/caseload-search.js';
import type { Region } from '../dates/working-days.js';
import type { PerpetratorCaseStatus, RiskLevel } from '../db/schema.js';
import { participantCaseloadChoices, searchParticipantCaseload } from './caseload.js';

export const PAGE_SIZE = 25;
/** A caseload cursor names his record and his case (src/web/pagination.ts). */
export const PARTICIPANT_CURSOR_IDS = 2;

/** A page of a list: its items, the next and previous cursors and a total counted up to a cap. */
export type Page<T> = KeysetPage<T>;

/** His case as the viewer may see it: the full case for his side and management, a summary for the partner side. */
export type ParticipantView =
  { kind: 'case'; participant: ParticipantCase; notes: CaseNote[] } | { kind: 'summary'; participant: ParticipantSummary };

/** His risk levels as the caseload filters them (src/participants/caseload.ts). */
export { HIS_RISK_LEVELS } from './caseload.js';

export class ParticipantService {
  /** `workingDaysRegion`: the configuration's, for the day a first contact becomes overdue (ENG by default, as there). */
  constructor(
    private readonly db: Db,
    private readonly workingDaysRegion: Region = 'ENG',
  ) {}

  /** His caseload searched, filtered and sorted (src/participants/caseload.ts). */
  search(actor: Actor, request: CaseloadRequest<PerpetratorCaseStatus, RiskLevel>): Promise<CaseloadPage<ParticipantSummary>> {
    return searchParticipantCaseload(this.db, this.workingDaysRegion, actor, request);
  }

  /** The workers, teams and groups his caseload can be filtered by, and whether the viewer has cases of his side (src/participants/caseload.ts). */
  caseloadChoices(actor: Actor): Promise<CaseloadChoiceRows> {
    return participantCaseloadChoices(this.db, actor);
  }

  /** Loads his case and checks the viewer may act on it; not found for another organisation. */
  private async load(
    trx: Trx,
    actor: Actor,
    participantId: string,
    action: Parameters<typeof authorize>[1],
  ): Promise<repo.ParticipantCaseRow> {
    const row = await repo.findParticipantCase(trx, participantId);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return row;
  }

  async view(actor: Actor, participantId: string, origin: { ip: string | null }): Promise<ParticipantView> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, participantId, 'participant.view');
      await recordActorEvent(trx, actor, origin, 'participant.viewed', { type: 'participant', id: participantId });
      if (!can(actor, 'participant.viewNotes', row)) {
        return { kind: 'summary', participant: presentParticipantSummary(row) };
      }
      const notes = await listPerpetratorCaseNotes(trx, row.participantId);
      return { kind: 'case', participant: presentParticipantCase(row), notes: notes.map(presentNote) };
    });
  }

  /** His case for an edit form: only those who may change it. */
  async forEdit(actor: Actor, participantId: string): Promise<ParticipantCase> {
    return withActor(this.db, actor, async (trx) =>
      presentParticipantCase(await this.load(trx, actor, participantId, 'participant.update')),
    );
  }

  /** Perpetrator-side workers and managers with their open caseloads, for allocating his case. */
  async allocationOptions(actor: Actor): Promise<AllocationOption[]> {
    authorize(actor, 'participant.update');
    return withActor(this.db, actor, (trx) => allocationOptions(trx, actor.organisationId, 'perpetrator'));
  }

  private async checkWorker(trx: Trx, actor: Actor, workerId: string | null | undefined): Promise<void> {
    if (!workerId) {
      return;
    }
    const eligible = await workersOnSides(trx, actor.organisationId, ['perpetrator', 'management']);
    if (!eligible.some((worker) => worker.id === workerId)) {
      throw new InvalidInputError('Check the allocated worker', {
        allocatedWorkerId: 'Select a perpetrator programme worker or manager from the list',
      });
    }
  }

  async create(actor: Actor, input: TParticipantInput, origin: { ip: string | null }): Promise<string> {
    authorize(actor, 'participant.create');
    return withActor(this.db, actor, async (trx) => {
      await this.checkWorker(trx, actor, input.allocatedWorkerId);
      const { participantId, caseId } = await insertParticipantWithCase(trx, {
        organisationId: actor.organisationId,
        reference: await repo.nextReference(trx, 'PA'),
        givenName: input.givenName,
        familyName: input.familyName,
        knownAs: input.knownAs,
        dateOfBirth: input.dateOfBirth,
        gender: input.gender,
        phone: input.phone,
        email: input.email,
        addressLine1: input.addressLine1,
        addressLine2: input.addressLine2,
        town: input.town,
        postcode: input.postcode,
        interpreterLanguage: input.interpreterLanguage,
        status: input.status,
        allocatedWorkerId: input.allocatedWorkerId,
        createdBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'participant.created',
        { type: 'participant', id: participantId },
        { perpetratorCaseId: caseId, status: input.status },
      );
      return participantId;
    });
  }

  async update(actor: Actor, participantId: string, input: TParticipantUpdate, origin: { ip: string | null }): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, participantId, 'participant.update');
      await this.checkWorker(trx, actor, input.allocatedWorkerId);
      await updateParticipant(trx, participantId, input);
      await updatePerpetratorCase(trx, row.caseId, { status: input.status, allocatedWorkerId: input.allocatedWorkerId });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'participant.updated',
        { type: 'participant', id: participantId },
        {
          fields: Object.keys(input).filter((k) => input[k as keyof TParticipantUpdate] !== undefined),
          status: input.status ?? null,
        },
      );
    });
  }

  async addNote(actor: Actor, participantId: string, body: string, origin: { ip: string | null }): Promise<CaseNote> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, participantId, 'participant.addNote');
      const noteId = await insertPerpetratorCaseNote(trx, {
        organisationId: actor.organisationId,
        caseId: row.caseId,
        authorId: actor.userId,
        body,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'participant.note_added',
        { type: 'participant', id: participantId },
        { noteId },
      );
      const notes = await listPerpetratorCaseNotes(trx, row.participantId);
      const note = notes.find((n) => n.id === noteId);
      if (!note) {
        throw new NotFoundError();
      }
      return presentNote(note);
    });
  }

  async notes(actor: Actor, participantId: string): Promise<CaseNote[]> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, participantId, 'participant.viewNotes');
      return (await listPerpetratorCaseNotes(trx, row.participantId)).map(presentNote);
    });
  }
}
