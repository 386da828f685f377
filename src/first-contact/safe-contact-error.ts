import type { SafeContactBreach } from '../db/schema.js';
import { ConflictError, type FieldErrors } from '../errors.js';

/** An attempt that breaks her safe-contact rules, not yet confirmed with a reason: 409, saying which. */
export class SafeContactBreachError extends ConflictError {
  constructor(
    message: string,
    readonly breaches: SafeContactBreach[],
    fields: FieldErrors = {},
  ) {
    super(message, fields);
  }
}
