import type { ConflictError } from '../errors.js';

/**
 * Runs a whole transaction and turns the database's unique-index refusal into a conflict. Group
 * names are unique across both sides of the wall, so a clash with a group the user cannot see is
 * refused with the same words as any other, naming nothing of it.
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
