/** The few typed errors the application raises, each with a stable code and HTTP status. */
export type ErrorCode = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited';

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class InvalidInputError extends AppError {
  constructor(message: string, fields: FieldErrors = {}) {
    super('invalid', 400, message, fields);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super('unauthenticated', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this') {
    super('forbidden', 403, message);
  }
}

/** Also used for records in another organisation or behind the wall: their existence is not confirmed. */
export class NotFoundError extends AppError {
  constructor(message = 'Page not found') {
    super('not_found', 404, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fields: FieldErrors = {}) {
    super('conflict', 409, message, fields);
  }
}
