import type { GraphQLClient } from 'graphql-request';

/** Demo tokens used across tests (see seeds/demo/tokens.ts). */
export const TOKENS = {
  admin: 'rls_demo_network_admin',
  crepi: 'rls_demo_crepi_animator',
  plie: 'rls_demo_plie_counsellor',
  ml: 'rls_demo_ml_counsellor',
  franceTravail: 'rls_demo_ft_counsellor',
  company: 'rls_demo_company_admin',
  participant: 'rls_demo_participant',
  portal: 'rls_demo_crepi_portal',
} as const;

export interface GraphQLFailure {
  status: number;
  codes: string[];
  messages: string[];
  fields: (string | undefined)[];
}

/**
 * Posts a request that must fail, as curl would (graphql-request drops the error body of non-2xx answers), and
 * returns its HTTP status and errors.
 */
export async function failure(url: string, token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GraphQLFailure> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  const errors = body.errors ?? [];
  if (errors.length === 0) throw new Error(`expected the request to fail, got ${JSON.stringify(body)}`);
  return {
    status: response.status,
    codes: errors.map((e) => String(e.extensions?.code)),
    messages: errors.map((e) => e.message),
    fields: errors.map((e) => e.extensions?.field as string | undefined),
  };
}

/** Runs a request and returns data with the server's SQL statement count. */
export async function withSqlCount<T>(client: GraphQLClient, query: string, variables?: Record<string, unknown>): Promise<{ data: T; sqlStatements: number }> {
  const response = await client.rawRequest<T>(query, variables);
  const count = (response.extensions as { sqlStatements?: number } | undefined)?.sqlStatements;
  if (typeof count !== 'number') throw new Error('the server did not report sqlStatements (RELAIS_EXPOSE_SQL_COUNT)');
  return { data: response.data, sqlStatements: count };
}

/**
 * Runs a mutation `document` taking `$input` whose payload holds one object (`{ createSession: { session } }`),
 * and returns that object.
 */
export async function mutate<T>(client: GraphQLClient, document: string, input: Record<string, unknown>): Promise<T> {
  const data = await client.request<Record<string, Record<string, T>>>(document, { input });
  return Object.values(Object.values(data)[0])[0];
}

/** Ids of the first 100 items of the list `field` (`sessions`, `immersionOffers`...) under `filter`. */
export async function listedIds(client: GraphQLClient, field: string, filterType: string, filter: Record<string, unknown>): Promise<string[]> {
  const data = await client.request<Record<string, { edges: { node: { id: string } }[] }>>(
    `query($filter: ${filterType}) { ${field}(filter: $filter, first: 100) { edges { node { id } } } }`,
    { filter },
  );
  return data[field].edges.map((e) => e.node.id);
}
