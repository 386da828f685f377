import { authorize, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db } from '../../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import {
  presentModule,
  presentProgramme,
  presentTemplate,
  type ModuleView,
  type ProgrammeView,
  type TemplateView,
} from './presenters.js';
import * as repo from './repository.js';
import type { TModuleInput, TTemplateInput } from './schemas.js';
import type { CatalogueService } from './service.js';

type Origin = { ip: string | null };

/**
 * A programme's modules and session templates, kept by management like the programme itself: each
 * call loads the programme as the catalogue does (another organisation's, or the partner side's for
 * his side, is not found), and each change needs 'programme.configure' on it.
 */
export class CatalogueItemsService {
  constructor(
    private readonly db: Db,
    private readonly catalogue: CatalogueService,
  ) {}

  async addModule(actor: Actor, programmeId: string, input: TModuleInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.catalogue.load(trx, actor, programmeId);
      authorize(actor, 'programme.configure', row);
      const existing = await repo.listModules(trx, programmeId);
      if (existing.length >= 100) {
        throw new ConflictError('A programme has at most 100 modules', { title: 'A programme has at most 100 modules' });
      }
      const id = await repo.insertModule(trx, {
        organisation_id: actor.organisationId,
        programme_id: programmeId,
        title: input.title,
        description: input.description,
        required: input.required,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'programme.module_added',
        { type: 'programme', id: programmeId },
        { moduleId: id },
      );
      return id;
    });
  }

  async removeModule(actor: Actor, programmeId: string, moduleId: string, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.catalogue.load(trx, actor, programmeId);
      authorize(actor, 'programme.configure', row);
      if (await repo.moduleInUse(trx, moduleId)) {
        throw new ConflictError('Move or remove this module’s session templates first');
      }
      if (!(await repo.deleteModule(trx, programmeId, moduleId))) {
        throw new NotFoundError();
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'programme.module_removed',
        { type: 'programme', id: programmeId },
        { moduleId },
      );
    });
  }

  async addTemplate(actor: Actor, programmeId: string, input: TTemplateInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.catalogue.load(trx, actor, programmeId);
      authorize(actor, 'programme.configure', row);
      const modules = await repo.listModules(trx, programmeId);
      if (input.moduleId && !modules.some((m) => m.id === input.moduleId)) {
        throw new InvalidInputError('Check the highlighted answers', { moduleId: 'Select a module of this programme' });
      }
      if ((await repo.listTemplates(trx, programmeId)).length >= 500) {
        throw new ConflictError('A programme has at most 500 session templates', {
          title: 'A programme has at most 500 session templates',
        });
      }
      const id = await repo.insertTemplate(trx, {
        organisation_id: actor.organisationId,
        programme_id: programmeId,
        module_id: input.moduleId,
        title: input.title,
        duration_minutes: input.durationMinutes,
        delivery: input.delivery,
        content_notes: input.contentNotes,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'programme.template_added',
        { type: 'programme', id: programmeId },
        { templateId: id },
      );
      return id;
    });
  }

  /** A template's changes apply to sessions planned from now on; sessions already planned keep their title. */
  async updateTemplate(actor: Actor, templateId: string, input: TTemplateInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const template = await repo.findTemplate(trx, templateId);
      if (!template) {
        throw new NotFoundError();
      }
      const row = await this.catalogue.load(trx, actor, template.programmeId);
      authorize(actor, 'programme.configure', row);
      const modules = await repo.listModules(trx, row.id);
      if (input.moduleId && !modules.some((m) => m.id === input.moduleId)) {
        throw new InvalidInputError('Check the highlighted answers', { moduleId: 'Select a module of this programme' });
      }
      await repo.updateTemplate(trx, templateId, {
        module_id: input.moduleId,
        title: input.title,
        duration_minutes: input.durationMinutes,
        delivery: input.delivery,
        content_notes: input.contentNotes,
      });
      await recordActorEvent(trx, actor, origin, 'programme.template_changed', { type: 'programme', id: row.id }, { templateId });
      return row.id;
    });
  }

  async updateModule(actor: Actor, moduleId: string, input: TModuleInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const found = await repo.findModule(trx, moduleId);
      if (!found) {
        throw new NotFoundError();
      }
      const row = await this.catalogue.load(trx, actor, found.programmeId);
      authorize(actor, 'programme.configure', row);
      await repo.updateModule(trx, moduleId, { title: input.title, description: input.description, required: input.required });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'programme.module_changed',
        { type: 'programme', id: row.id },
        {
          moduleId,
          required: input.required,
        },
      );
      return row.id;
    });
  }

  /** A template or module with its programme, for its edit form. */
  async template(
    actor: Actor,
    templateId: string,
  ): Promise<{ programme: ProgrammeView; template: TemplateView; modules: ModuleView[] }> {
    return withActor(this.db, actor, async (trx) => {
      const template = await repo.findTemplate(trx, templateId);
      if (!template) {
        throw new NotFoundError();
      }
      const row = await this.catalogue.load(trx, actor, template.programmeId);
      return {
        programme: presentProgramme(row),
        template: presentTemplate(template),
        modules: (await repo.listModules(trx, row.id)).map(presentModule),
      };
    });
  }

  async module(actor: Actor, moduleId: string): Promise<{ programme: ProgrammeView; module: ModuleView }> {
    return withActor(this.db, actor, async (trx) => {
      const found = await repo.findModule(trx, moduleId);
      if (!found) {
        throw new NotFoundError();
      }
      const row = await this.catalogue.load(trx, actor, found.programmeId);
      return { programme: presentProgramme(row), module: presentModule(found) };
    });
  }

  async removeTemplate(actor: Actor, programmeId: string, templateId: string, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.catalogue.load(trx, actor, programmeId);
      authorize(actor, 'programme.configure', row);
      if (await repo.templateInUse(trx, templateId)) {
        throw new ConflictError('Sessions have been planned from this template, so it is kept');
      }
      if (!(await repo.deleteTemplate(trx, programmeId, templateId))) {
        throw new NotFoundError();
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'programme.template_removed',
        { type: 'programme', id: programmeId },
        { templateId },
      );
    });
  }
}
