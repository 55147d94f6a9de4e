import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/availability';
import type { Logger } from './logger';

/** The code of every answer given while the database cannot be reached (or the pool is full past its deadline). */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';
/** Seconds a client should wait before retrying (Retry-After). */
const RETRY_AFTER_SECONDS = '1';
const MESSAGE = 'the database is unavailable for the moment: nothing was written; retry later (with the same idempotencyKey for a mutation)';

/** The error of an HTTP request refused before execution (its context could not be built): 503, Retry-After. */
export function serviceUnavailableError(cause: unknown): GraphQLError {
  return new GraphQLError(MESSAGE, {
    originalError: cause instanceof Error ? cause : undefined,
    extensions: { code: SERVICE_UNAVAILABLE, http: { status: 503, headers: new HeaderMap([['retry-after', RETRY_AFTER_SECONDS]]) } },
  });
}

/**
 * Wraps the error formatter: a database failure becomes SERVICE_UNAVAILABLE with a fixed message (over HTTP and
 * graphql-ws), logged as a warning, instead of an INTERNAL_SERVER_ERROR.
 */
export function formatUnavailable(logger: Logger, format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (formatted.extensions?.code === SERVICE_UNAVAILABLE || isDatabaseUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable');
      return { message: MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: SERVICE_UNAVAILABLE } };
    }
    return format(formatted, error);
  };
}

/** An HTTP answer holding a SERVICE_UNAVAILABLE error has status 503 and Retry-After, so that load balancers and clients retry. */
export function unavailableStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', RETRY_AFTER_SECONDS);
        },
      };
    },
  };
}
