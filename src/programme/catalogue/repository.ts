import { sql, type Insertable, type Updateable } from 'kysely';
import type { Trx } from '../../db/database.js';
import type {
  ProgrammeKind,
  ProgrammeModulesTable,
  ProgrammeSide,
  ProgrammesTable,
  SessionTemplatesTable,
} from '../../db/schema.js';

export type ProgrammeRow = {
  id: string;
  organisationId: string;
  side: ProgrammeSide;
  kind: ProgrammeKind;
  name: string;
  description: string | null;
  completionMinSessions: number | null;
  completionMinMinutes: number | null;
  absenceReviewAfter: number;
  active: boolean;
};

function programmes(trx: Trx) {
  return trx
    .selectFrom('programmes')
    .select([
      'programmes.id',
      'programmes.organisation_id as organisationId',
      'programmes.side',
      'programmes.kind',
      'programmes.name',
      'programmes.description',
      'programmes.completion_min_sessions as completionMinSessions',
      'programmes.completion_min_minutes as completionMinMinutes',
      'programmes.absence_review_after as absenceReviewAfter',
      'programmes.active',
    ]);
}

export async function listProgrammes(
  trx: Trx,
  organisationId: string,
  sides: ProgrammeSide[],
  options: { activeOnly?: boolean } = {},
): Promise<ProgrammeRow[]> {
  if (sides.length === 0) {
    return [];
  }
  let query = programmes(trx)
    .where('programmes.organisation_id', '=', organisationId)
    .where('programmes.side', 'in', sides)
    .orderBy('programmes.active', 'desc')
    .orderBy('programmes.name');
  if (options.activeOnly) {
    query = query.where('programmes.active', '=', true);
  }
  return query.execute();
}

export async function findProgramme(trx: Trx, id: string): Promise<ProgrammeRow | undefined> {
  return programmes(trx).where('programmes.id', '=', id).executeTakeFirst();
}

export async function programmeNameTaken(trx: Trx, organisationId: string, name: string, exceptId?: string): Promise<boolean> {
  let query = trx
    .selectFrom('programmes')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId) {
    query = query.where('id', '!=', exceptId);
  }
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertProgramme(trx: Trx, values: Insertable<ProgrammesTable>): Promise<string> {
  const row = await trx.insertInto('programmes').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProgramme(trx: Trx, id: string, values: Updateable<ProgrammesTable>): Promise<void> {
  await trx
    .updateTable('programmes')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export type ModuleRow = { id: string; position: number; title: string; description: string | null; required: boolean };

export async function listModules(trx: Trx, programmeId: string): Promise<ModuleRow[]> {
  return trx
    .selectFrom('programme_modules')
    .select(['id', 'position', 'title', 'description', 'required'])
    .where('programme_id', '=', programmeId)
    .orderBy('position')
    .execute();
}

export async function insertModule(trx: Trx, values: Omit<Insertable<ProgrammeModulesTable>, 'position'>): Promise<string> {
  const row = await trx
    .insertInto('programme_modules')
    .values((eb) => ({
      ...values,
      position: eb
        .selectFrom('programme_modules')
        .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
        .where('programme_id', '=', values.programme_id),
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function moduleInUse(trx: Trx, moduleId: string): Promise<boolean> {
  const row = await trx.selectFrom('session_templates').select('id').where('module_id', '=', moduleId).executeTakeFirst();
  return row !== undefined;
}

export async function deleteModule(trx: Trx, programmeId: string, moduleId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('programme_modules')
    .where('id', '=', moduleId)
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export type TemplateRow = {
  id: string;
  position: number;
  title: string;
  moduleId: string | null;
  moduleTitle: string | null;
  durationMinutes: number;
  delivery: 'group' | 'one_to_one';
  contentNotes: string | null;
};

export async function listTemplates(trx: Trx, programmeId: string): Promise<TemplateRow[]> {
  return trx
    .selectFrom('session_templates')
    .leftJoin('programme_modules', 'programme_modules.id', 'session_templates.module_id')
    .select([
      'session_templates.id',
      'session_templates.position',
      'session_templates.title',
      'session_templates.module_id as moduleId',
      'programme_modules.title as moduleTitle',
      'session_templates.duration_minutes as durationMinutes',
      'session_templates.delivery',
      'session_templates.content_notes as contentNotes',
    ])
    .where('session_templates.programme_id', '=', programmeId)
    .orderBy('session_templates.position')
    .execute();
}

export async function insertTemplate(trx: Trx, values: Omit<Insertable<SessionTemplatesTable>, 'position'>): Promise<string> {
  const row = await trx
    .insertInto('session_templates')
    .values((eb) => ({
      ...values,
      position: eb
        .selectFrom('session_templates')
        .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
        .where('programme_id', '=', values.programme_id),
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function templateInUse(trx: Trx, templateId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('programme_sessions')
    .select('id')
    .where('session_template_id', '=', templateId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteTemplate(trx: Trx, programmeId: string, templateId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('session_templates')
    .where('id', '=', templateId)
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findTemplate(trx: Trx, id: string): Promise<(TemplateRow & { programmeId: string }) | undefined> {
  return trx
    .selectFrom('session_templates')
    .leftJoin('programme_modules', 'programme_modules.id', 'session_templates.module_id')
    .select([
      'session_templates.id',
      'session_templates.programme_id as programmeId',
      'session_templates.position',
      'session_templates.title',
      'session_templates.module_id as moduleId',
      'programme_modules.title as moduleTitle',
      'session_templates.duration_minutes as durationMinutes',
      'session_templates.delivery',
      'session_templates.content_notes as contentNotes',
    ])
    .where('session_templates.id', '=', id)
    .executeTakeFirst();
}

export async function updateTemplate(trx: Trx, id: string, values: Updateable<SessionTemplatesTable>): Promise<void> {
  await trx.updateTable('session_templates').set(values).where('id', '=', id).execute();
}

export async function findModule(trx: Trx, id: string): Promise<(ModuleRow & { programmeId: string }) | undefined> {
  return trx
    .selectFrom('programme_modules')
    .select(['id', 'programme_id as programmeId', 'position', 'title', 'description', 'required'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateModule(trx: Trx, id: string, values: Updateable<ProgrammeModulesTable>): Promise<void> {
  await trx.updateTable('programme_modules').set(values).where('id', '=', id).execute();
}
