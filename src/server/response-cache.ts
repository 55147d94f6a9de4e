import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { visibilityClass } from '../access';
import { CATALOGUE_VERSION_SQL } from '../db/catalogue-version';
import type { GraphQLContext } from '../graphql/context';
import { isCatalogueDocument } from '../graphql/public-operations';
import type { RelaisMetrics } from './metrics';

/** Says, on the answers of the operations the cache may hold, whether it came from it: `hit` or `miss`. */
export const RESPONSE_CACHE_HEADER = 'x-relais-response-cache';

/** An answer held: its `data` as JSON, and the catalogue version read before it was computed. */
interface Entry {
  version: string;
  data: string;
}

/** What an entry weighs beyond its strings (the entry object, the LRU's bookkeeping), in bytes. */
const ENTRY_OVERHEAD_BYTES = 128;

/** The catalogue's version as committed when the statement runs (Migration20261203091200CatalogueVersion). */
async function catalogueVersion(em: EntityManager): Promise<string | null> {
  const [row] = await em.getConnection().execute<{ version: string }[]>(CATALOGUE_VERSION_SQL);
  return row ? String(row.version) : null;
}

/**
 * The response cache of public lists (RELAIS_RESPONSE_CACHE_MB, off by default; README, "Configuration"): the `data`
 * of queries made only of catalogue fields (graphql/public-operations.ts, isCatalogueDocument), serialised, per
 * instance, least recently used dropped first, at most `maxBytes` (strings counted at two bytes a character).
 *
 * - Key: the viewer's visibility class (access/rules/visibility-class.ts: what the visible catalogue depends on), the
 *   operation name, the hash of the query text, and the variables as sent. A document with any other field (personal
 *   data, one's referrals, accounts...), a mutation, or the clock-dependent `underMinimum` filter is never held.
 * - Validity: every transaction that changes a table these lists read bumps `catalogue_version` at its commit
 *   (a deferred trigger, whoever writes: mutation, job, CLI, SQL). Each lookup reads the committed version (one
 *   statement, a one-row primary-key read) and serves an entry only if it was computed under that same version; the
 *   version is read before the answer is computed, so an answer that may have seen a later commit is kept under the
 *   earlier version and is never served once that commit is visible. So once a write has committed (its mutation
 *   answered), no instance serves an answer from before it: there is no window, at the price of that one statement.
 * - Order with the other guarantees: the lookup runs in Apollo's `responseForOperation`, after the caller was admitted
 *   (token, rate limit: a cached answer counts as any other), after the safelist, depth, cost and page-size checks
 *   (didResolveOperation); the operation log, metrics, request ids and error formatting see a cached answer as any
 *   other. The execution budget and the personal-data audit do not run on a hit: nothing is executed, and no held
 *   answer carries personal data. Over graphql-ws, queries are not cached.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(readonly maxBytes: number) {
    this.entries = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => 2 * (key.length + entry.data.length + entry.version.length) + ENTRY_OVERHEAD_BYTES,
    });
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: Entry): void {
    this.entries.set(key, entry);
  }

  /** Bytes held (as counted against maxBytes). */
  get size(): number {
    return this.entries.calculatedSize;
  }
}

/** The Apollo Server plugin serving and filling `cache` (see ResponseCache); hits, misses and stale entries counted. */
export function responseCachePlugin(cache: ResponseCache, metrics: RelaisMetrics): ApolloServerPlugin<GraphQLContext> {
  // Apollo Server hands the same validated AST for the same text (its document store): each walked once.
  const catalogueDocuments = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart() {
      let key: string | null = null;
      let version: string | null = null;
      return {
        async responseForOperation({ schema, document, request, operationName, queryHash, contextValue, response }): Promise<GraphQLResponse | null> {
          let cacheable = catalogueDocuments.get(document);
          if (cacheable === undefined) catalogueDocuments.set(document, (cacheable = isCatalogueDocument(schema, document)));
          if (!cacheable) return null;
          const variables = JSON.stringify(request.variables ?? {});
          // A filter given whole as a variable may carry the clock-dependent one.
          if (variables.includes('"underMinimum"')) return null;
          try {
            version = await catalogueVersion(contextValue.em);
          } catch {
            // The database is away: the operation runs (and fails) as without a cache.
            return null;
          }
          if (version === null) return null;
          key = `${visibilityClass(contextValue.viewer)}\n${operationName ?? ''}\n${queryHash}\n${variables}`;
          const entry = cache.get(key);
          if (entry && entry.version === version) {
            metrics.responseCache.inc({ result: 'hit' });
            key = null; // served from the cache: nothing to store
            return {
              http: { status: undefined, headers: new HeaderMap([[RESPONSE_CACHE_HEADER, 'hit']]) },
              body: { kind: 'single', singleResult: { data: JSON.parse(entry.data) as Record<string, unknown> } },
            };
          }
          metrics.responseCache.inc({ result: entry ? 'stale' : 'miss' });
          response.http.headers.set(RESPONSE_CACHE_HEADER, 'miss');
          return null;
        },
        async willSendResponse({ response, errors }) {
          if (key === null || version === null || errors?.length || response.body.kind !== 'single') return;
          const { data, errors: resultErrors } = response.body.singleResult;
          if (resultErrors?.length || !data) return;
          cache.set(key, { version, data: JSON.stringify(data) });
        },
      };
    },
  };
}
