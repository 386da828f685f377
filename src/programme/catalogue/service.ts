import { authorize, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import {
  presentModule,
  presentProgramme,
  presentTemplate,
  type ModuleView,
  type ProgrammeView,
  type TemplateView,
} from './presenters.js';
import * as repo from './repository.js';
import type { TProgrammeInput, TProgrammeUpdate } from './schemas.js';
import { authorizeSideView, visibleSides } from '../sides.js';

type Origin = { ip: string | null };

export type ProgrammeDetail = { programme: ProgrammeView; modules: ModuleView[]; templates: TemplateView[] };

/**
 * The catalogue: programmes with their modules, session templates, completion and absence rules,
 * configured per organisation by management (modules and templates: items-service.ts). A partner support group's programme is the partner
 * side's, and answers "not found" to his side.
 */
export class CatalogueService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, options: { activeOnly?: boolean } = {}): Promise<ProgrammeView[]> {
    authorize(actor, 'programme.view');
    return withActor(this.db, actor, async (trx) => {
      const rows = await repo.listProgrammes(trx, actor.organisationId, visibleSides(actor), options);
      return rows.map((row) => presentProgramme(row));
    });
  }

  /** Loads a programme the actor may see: another organisation's, or the partner side's for his side, is not found. */
  async load(trx: Trx, actor: Actor, programmeId: string): Promise<repo.ProgrammeRow> {
    const row = await repo.findProgramme(trx, programmeId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizeSideView(actor, row);
    return row;
  }

  async view(actor: Actor, programmeId: string): Promise<ProgrammeDetail> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, programmeId);
      const modules = await repo.listModules(trx, programmeId);
      const templates = await repo.listTemplates(trx, programmeId);
      return {
        programme: presentProgramme(
          row,
          modules.filter((m) => m.required).map((m) => m.title),
        ),
        modules: modules.map(presentModule),
        templates: templates.map(presentTemplate),
      };
    });
  }

  async create(actor: Actor, input: TProgrammeInput, origin: Origin): Promise<string> {
    authorize(actor, 'programme.configure');
    return withActor(this.db, actor, async (trx) => {
      if (await repo.programmeNameTaken(trx, actor.organisationId, input.name)) {
        throw new ConflictError('A programme with this name already exists', {
          name: 'A programme with this name already exists',
        });
      }
      const side = input.kind === 'partner_support_group' ? 'partner' : 'perpetrator';
      const id = await repo.insertProgramme(trx, {
        organisation_id: actor.organisationId,
        side,
        kind: input.kind,
        name: input.name,
        description: input.description,
        completion_min_sessions: input.completionMinSessions,
        completion_min_minutes: input.completionMinHours === null ? null : input.completionMinHours * 60,
        absence_review_after: input.absenceReviewAfter,
        created_by: actor.userId,
      });
      await recordActorEvent(trx, actor, origin, 'programme.created', { type: 'programme', id }, { kind: input.kind, side });
      return id;
    });
  }

  async update(actor: Actor, programmeId: string, input: TProgrammeUpdate, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, programmeId);
      authorize(actor, 'programme.configure', row);
      if (await repo.programmeNameTaken(trx, actor.organisationId, input.name, programmeId)) {
        throw new ConflictError('A programme with this name already exists', {
          name: 'A programme with this name already exists',
        });
      }
      await repo.updateProgramme(trx, programmeId, {
        name: input.name,
        description: input.description,
        completion_min_sessions: input.completionMinSessions,
        completion_min_minutes: input.completionMinHours === null ? null : input.completionMinHours * 60,
        absence_review_after: input.absenceReviewAfter,
        active: input.active,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'programme.updated',
        { type: 'programme', id: programmeId },
        {
          completionMinSessions: input.completionMinSessions,
          completionMinHours: input.completionMinHours,
          absenceReviewAfter: input.absenceReviewAfter,
          active: input.active,
        },
      );
    });
  }
}
