import autocannon from 'autocannon';

/** One HTTP request of a workload. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/**
 * Runs autocannon against `baseUrl` for `durationS` seconds with `connections` connections, each request taken in
 * turn from `next()` (so a run cycles over many parameter sets, not one cached answer).
 */
export async function runLoad(options: { baseUrl: string; connections: number; durationS: number; next: () => LoadRequest }): Promise<LoadFigures> {
  const first = options.next();
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        method: first.method,
        path: first.path,
        setupRequest: (request) => {
          const r = options.next();
          return { ...request, method: r.method, path: r.path, headers: { ...request.headers, ...r.headers }, body: r.body };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Cycles over `items` forever. */
export function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to cycle over');
  let i = 0;
  return () => items[i++ % items.length];
}

/** A GraphQL POST request. */
export function graphqlRequest(path: string, token: string | null, query: string, variables: Record<string, unknown>): LoadRequest {
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  };
}
