import type { ProgrammeKind, ProgrammeSide } from '../../db/schema.js';
import type { ModuleRow, ProgrammeRow, TemplateRow } from './repository.js';
import { PROGRAMME_KIND_LABELS } from '../labels.js';

export type ProgrammeView = {
  id: string;
  side: ProgrammeSide;
  kind: ProgrammeKind;
  kindLabel: string;
  name: string;
  description: string | null;
  completionMinSessions: number | null;
  completionMinHours: number | null;
  absenceReviewAfter: number;
  active: boolean;
  /** The rules in words, for the catalogue. */
  completionRule: string;
  absenceRule: string;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function presentProgramme(row: ProgrammeRow, requiredModules: string[] = []): ProgrammeView {
  const hours = row.completionMinMinutes === null ? null : Math.round(row.completionMinMinutes / 60);
  const parts = [
    row.completionMinSessions === null ? null : `at least ${plural(row.completionMinSessions, 'session', 'sessions')}`,
    hours === null ? null : `at least ${plural(hours, 'hour', 'hours')}`,
    requiredModules.length ? `every required module (${requiredModules.join(', ')})` : null,
  ].filter((p): p is string => p !== null);
  return {
    id: row.id,
    side: row.side,
    kind: row.kind,
    kindLabel: PROGRAMME_KIND_LABELS[row.kind],
    name: row.name,
    description: row.description,
    completionMinSessions: row.completionMinSessions,
    completionMinHours: hours,
    absenceReviewAfter: row.absenceReviewAfter,
    active: row.active,
    completionRule: parts.length ? `Completed with ${parts.join(', and ')}` : 'No completion rule set',
    absenceRule: `${plural(row.absenceReviewAfter, 'unexplained absence', 'consecutive unexplained absences')} trigger a review`,
  };
}

export type ModuleView = { id: string; position: number; title: string; description: string | null; required: boolean };

export function presentModule(row: ModuleRow): ModuleView {
  return { id: row.id, position: row.position, title: row.title, description: row.description, required: row.required };
}

export type TemplateView = {
  id: string;
  position: number;
  title: string;
  moduleId: string | null;
  moduleTitle: string | null;
  durationMinutes: number;
  delivery: 'group' | 'one_to_one';
  deliveryLabel: string;
  contentNotes: string | null;
};

export function presentTemplate(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    moduleId: row.moduleId,
    moduleTitle: row.moduleTitle,
    durationMinutes: row.durationMinutes,
    delivery: row.delivery,
    deliveryLabel: row.delivery === 'group' ? 'Group' : 'One-to-one',
    contentNotes: row.contentNotes,
  };
}
