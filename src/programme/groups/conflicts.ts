import type { ConflictError } from '../../errors.js';

/**
 * Runs a whole transaction and turns the database's unique-index refusal (two users saving the
 * same name at once) into a conflict.
 */
export async function onUniqueViolation<T>(conflict: ConflictError, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === '23505') {
      throw conflict;
    }
    throw error;
  }
}
