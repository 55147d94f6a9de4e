/**
 * A graphql-request client for Relais that keeps `extensions.code` when the hub refuses a request.
 *
 * The hub answers most refusals with HTTP 200 and `errors` (NOT_FOUND, FORBIDDEN, a business BAD_USER_INPUT...),
 * which graphql-request 7 turns into a `ClientError` whose `response.errors` hold each error's
 * `extensions.code` and `extensions.field`. But a refusal made before the operation runs comes with a 4xx status —
 * UNAUTHENTICATED (401), a malformed query or variable (400), PAYLOAD_TOO_LARGE (413), RATE_LIMITED (429) — and
 * graphql-request 7 does not read the body of a non-2xx answer: its `ClientError` then says
 * `GraphQL Error (Code: 401)` and `response.errors` is undefined. `keepErrorBodies` lets it read that body (the
 * status stays the real one), so that every refusal reaches you the same way:
 *
 *   try {
 *     await relaisClient(url, token).request(query, variables);
 *   } catch (error) {
 *     if (error instanceof ClientError) console.log(error.response.status, refusals(error)); // 401 [{ code: 'UNAUTHENTICATED', ... }]
 *   }
 */
import { ClientError, GraphQLClient } from 'graphql-request';

/**
 * `fetch` for graphql-request: a non-2xx answer carrying GraphQL JSON is handed over as readable (`ok`), so that
 * its `errors` reach `ClientError.response.errors`; `response.status` keeps the real status. Other answers (a
 * proxy's HTML page) are left as they are.
 */
export const keepErrorBodies: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok && /application\/(graphql-response\+)?json/.test(type)) Object.defineProperty(response, 'ok', { value: true });
  return response;
};

/** A client sending `Authorization: Bearer <token>`, refusals readable whatever their status. */
export function relaisClient(url: string, token: string): GraphQLClient {
  return new GraphQLClient(url, { headers: { authorization: `Bearer ${token}` }, fetch: keepErrorBodies });
}

export interface Refusal {
  code: string;
  /** The argument at fault (`input.motive`, `filter.romeCodes`, `after`), when there is one. */
  field?: string;
  message: string;
}

/** What the hub said, from a graphql-request ClientError: one entry per error (empty when the body was not GraphQL). */
export function refusals(error: ClientError): Refusal[] {
  return (error.response.errors ?? []).map((e) => {
    const extensions = (e.extensions ?? {}) as { code?: unknown; field?: unknown };
    return {
      code: typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN',
      ...(typeof extensions.field === 'string' ? { field: extensions.field } : {}),
      message: e.message,
    };
  });
}
