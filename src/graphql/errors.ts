import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { ServiceError } from '../common/errors';
import type { Logger } from '../common/logger';

/** HTTP status for errors raised before execution (authentication). */
const HTTP_STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401 };

export function toGraphQLError(error: ServiceError): GraphQLError {
  const status = HTTP_STATUS[error.code];
  return new GraphQLError(error.message, {
    extensions: { code: error.code, ...(error.field ? { field: error.field } : {}), ...(status ? { http: { status } } : {}) },
  });
}

/**
 * Every error a client sees has a stable `extensions.code`. Business errors keep their message; validation errors
 * name the field; anything unexpected is logged and answered with a generic message, never a stack trace.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof ServiceError) {
      const mapped = toGraphQLError(original);
      return { ...formatted, message: mapped.message, extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) } };
    }
    if (original instanceof ArgumentValidationError) {
      const first = original.extensions.validationErrors[0];
      const field = first?.property ?? 'input';
      const problem = first?.constraints ? Object.values(first.constraints)[0] : 'is invalid';
      return { ...formatted, message: `${field}: ${problem}`, extensions: { code: 'BAD_USER_INPUT', field } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Apollo Server's own refusals of a request that carry a 4xx status but no code (an APQ hash that is not its
    // query's, an unsupported APQ version): the client's mistake, said as such rather than as an internal error.
    const status = error instanceof GraphQLError ? (error.extensions?.http as { status?: unknown } | undefined)?.status : undefined;
    if (typeof status === 'number' && status >= 400 && status < 500) return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
