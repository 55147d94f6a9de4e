/**
 * Business errors, raised by services and turned into GraphQL errors with a stable `extensions.code` by the
 * GraphQL layer (docs/architecture.md, "How a request flows"). Each names the field it is about.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'CAPACITY_REACHED'
  | 'INVALID_TRANSITION';

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Bad input: `field` names the argument or input field, `problem` says what is wrong with it. */
export class BadInputError extends ServiceError {
  constructor(field: string, problem: string) {
    super('BAD_USER_INPUT', `${field} ${problem}`, field);
  }
}

export class NotFoundError extends ServiceError {
  constructor(field: string, what: string) {
    super('NOT_FOUND', `${field}: no ${what} with this id`, field);
  }
}

export class ForbiddenError extends ServiceError {
  constructor(message: string, field?: string) {
    super('FORBIDDEN', message, field);
  }
}

export class UnauthenticatedError extends ServiceError {
  constructor(message = 'a valid bearer token is required (Authorization: Bearer <token>)') {
    super('UNAUTHENTICATED', message);
  }
}

/** The request contradicts the current state: a duplicate, a replayed key with another input. */
export class ConflictError extends ServiceError {
  constructor(message: string, field?: string) {
    super('CONFLICT', message, field);
  }
}

/** No seat or position left. */
export class CapacityReachedError extends ServiceError {
  constructor(message: string, field?: string) {
    super('CAPACITY_REACHED', message, field);
  }
}

/** The state machine does not allow this move from the current status. */
export class InvalidTransitionError extends ServiceError {
  constructor(what: string, from: string, to: string, field?: string) {
    super('INVALID_TRANSITION', `${what} cannot go from ${from} to ${to}`, field);
  }
}
