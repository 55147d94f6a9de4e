import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { TokenOperationRow } from '../access/queries/token-operations';
import { isDatabaseUnavailable } from '../db/availability';
import type { GraphQLContext } from '../graphql/context';
import { canonicalOperationHash } from '../graphql/persisted-operations';
import { serviceUnavailableError } from './unavailable';

/** The code of a document refused to a token that runs only its registered operations (README, error codes). */
export const PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED';

/**
 * How long a token's list is trusted without a word from the database: the NOTIFY on `relais_tokens` sent by every
 * change of `token_operation` (Migration20261203060000TokenOperations) is the real invalidation.
 */
const TTL_MS = 60_000;
/** Tokens whose lists are remembered (an empty list is remembered too: most tokens have none). */
const MAX_TOKENS = 10_000;

/** A token's safelist: registered documents by their hash; empty when the token is not restricted. */
type Safelist = ReadonlyMap<string, string>;

const EMPTY: Safelist = new Map();

/**
 * The operations each integration token may run (src/access/entities/token-operation.ts), cached per instance by
 * token id. Tokens without a list run anything the operation limits admit; a token with a list runs only its
 * listed documents, over HTTP (POST, GET, APQ) and graphql-ws alike.
 */
export class OperationSafelists {
  private readonly lists = new LRUCache<number, Safelist>({ max: MAX_TOKENS, ttl: TTL_MS });
  private clears = 0;

  /** `load`: a token's registered operations (access/queries/token-operations.ts, on the admission's side pool). */
  constructor(private readonly load: (tokenId: number) => Promise<TokenOperationRow[]>) {}

  /** The list of `tokenId` (empty: not restricted), read from the database at most once per TTL_MS. */
  async of(tokenId: number): Promise<Safelist> {
    const cached = this.lists.get(tokenId);
    if (cached) return cached;
    // A list read before a clear is not cached after it: the read may predate the change the clear was for.
    const generation = this.clears;
    const rows = await this.load(tokenId);
    const list = rows.length === 0 ? EMPTY : new Map(rows.map((r) => [r.sha256Hash, r.document]));
    if (generation === this.clears) this.lists.set(tokenId, list);
    return list;
  }

  /** Forgets every list (a token operation, a token or an account changed somewhere). */
  clear(): void {
    this.clears += 1;
    this.lists.clear();
  }
}

/** The refusal of a document `list` does not hold, or null when the list is empty or holds it. */
export function safelistRefusal(list: Safelist, document: DocumentNode, operationName: string | null | undefined, httpStatus?: number): GraphQLError | null {
  if (list.size === 0) return null;
  const hash = canonicalOperationHash(document, operationName);
  if (hash !== null && list.has(hash)) return null;
  return new GraphQLError('this token may run only the operations registered for it (npm run cli -- token-operations)', {
    extensions: { code: PERSISTED_QUERY_NOT_ALLOWED, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}

/** `extensions.persistedQuery.sha256Hash` of a request, if it carries a well-formed one. */
export function persistedQueryHash(extensions: unknown): string | null {
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/**
 * Apollo Server (HTTP): a restricted token runs only its listed documents (PERSISTED_QUERY_NOT_ALLOWED, HTTP 403,
 * before the limits and execution); and it may send the hash of a listed operation alone, as an APQ request, without
 * registering it first on this instance: its document is taken from the list (Apollo then checks the hash again).
 */
export function safelistPlugin(safelists: OperationSafelists): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      // Unknown, the list could hold the token back: fail closed, as a database outage (503), never a 500.
      const list = await safelists.of(contextValue.viewer.tokenId).catch((error: unknown) => {
        throw isDatabaseUnavailable(error) ? serviceUnavailableError(error) : error;
      });
      if (list.size === 0) return;
      const hash = persistedQueryHash(request.extensions);
      if (hash !== null && request.query === undefined) {
        const listed = list.get(hash);
        if (listed !== undefined) request.query = listed;
      }
      return {
        async didResolveOperation({ document, request: resolved }) {
          const refusal = safelistRefusal(list, document, resolved.operationName, 403);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
