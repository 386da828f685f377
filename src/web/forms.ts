import type { FastifyReply } from 'fastify';
import { AppError, NotFoundError } from '../errors.js';
import { isInvalidInput, renderFormErrors } from './http.js';

/** The pages' form and path helpers, shared by every capability's routes. */

export type IdParams = { Params: { id: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A second record id in a path or form (the app checks only `:id`): anything but a UUID is not found. */
export function uuidOrNotFound(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new NotFoundError();
  }
  return value;
}

export function formOf(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

export const radios = <K extends string>(keys: readonly K[], labels: Record<K, string>, selected: unknown) =>
  keys.map((key) => ({ value: key, text: labels[key], checked: selected === key }));

/**
 * Runs a form's action; on bad input (400) or a broken rule (409) renders the page again with the
 * errors beside the fields and everything the user typed, otherwise rethrows. `fieldIds` renames
 * a field's error where the page holds two forms with a field of the same name.
 */
export async function handleForm(
  reply: FastifyReply,
  action: () => Promise<FastifyReply>,
  rerender: (error: AppError) => Promise<{ template: string; context: Record<string, unknown> }>,
  fieldIds: Record<string, string> = {},
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    if (isInvalidInput(error)) {
      const { template, context } = await rerender(error);
      const fields = Object.fromEntries(Object.entries(error.fields).map(([key, text]) => [fieldIds[key] ?? key, text]));
      return renderFormErrors(reply, template, context, new AppError(error.code, error.status, error.message, fields));
    }
    throw error;
  }
}

/** A GOV.UK date input's day, month and year as typed, to show back when the form is refused. */
export function rawDate(form: Record<string, unknown>, name = 'dateOfBirth'): { day: string; month: string; year: string } {
  const part = (key: string) => String(form[`${name}-${key}`] ?? '');
  return { day: part('day'), month: part('month'), year: part('year') };
}
