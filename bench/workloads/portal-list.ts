import { fromGlobalId } from '../../src/graphql/global-id';

/**
 * W1 portal list: the 50 published sessions of a département with seats left, starting in a date range, each with
 * its organiser, host company (name, number of commitments), métiers (code, label) and seats left — asked three
 * equivalent ways: Relais, the PostGraphile peer (bench/postgraphile) and the raw-SQL floor (bench/raw-sql-server.ts).
 *
 * This module also holds what W1 and W2 (near-search.ts) share: the request shapes of the three peers, how to turn
 * one into an HTTP request, and how to read a GraphQL answer.
 */

// ---------------------------------------------------------------------------------------------------------------
// Shared by the side-by-side workloads (W1, W2)

/** The three servers compared on W1 and W2. */
export type Peer = 'relais' | 'postgraphile' | 'rawSql';

export const PEERS: readonly Peer[] = ['relais', 'postgraphile', 'rawSql'];

/** A GraphQL operation: POSTed as JSON to the server's /graphql. */
export interface GraphQLRequest {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The same request for each peer. */
export interface PeerRequests {
  relais: GraphQLRequest;
  postgraphile: GraphQLRequest;
  /** Path and query string of a GET to the raw-SQL server. */
  rawSql: { path: string };
}

/** One HTTP request (the shape autocannon and bench/harness/http-load.ts take). */
export interface PeerHttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The HTTP request for `peer`. Relais needs a bearer token (partner portal or network admin); PostGraphile and the
 * raw-SQL server check none (see bench/README.md, "what is not equal").
 */
export function peerHttpRequest(peer: Peer, requests: PeerRequests, relaisToken: string, graphqlPath = '/graphql'): PeerHttpRequest {
  if (peer === 'rawSql') return { method: 'GET', path: requests.rawSql.path, headers: { accept: 'application/json' } };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (peer === 'relais') headers.authorization = `Bearer ${relaisToken}`;
  return { method: 'POST', path: graphqlPath, headers, body: JSON.stringify(requests[peer]) };
}

/** Raised when an answer is not the data of the workload (GraphQL errors, unexpected shape). */
export class AnswerError extends Error {}

/** The `data` of a GraphQL (or raw-SQL, same envelope) answer; throws on `errors` or a missing `data`. */
export function answerData(body: unknown, peer: Peer): Record<string, unknown> {
  const answer = body as { data?: Record<string, unknown> | null; errors?: { message?: string; extensions?: { code?: string } }[] } | null;
  if (answer?.errors?.length) {
    const messages = answer.errors.map((e) => `${e.extensions?.code ? `[${e.extensions.code}] ` : ''}${e.message ?? '?'}`);
    throw new AnswerError(`${peer} answered errors: ${messages.join('; ')}`);
  }
  if (!answer || typeof answer.data !== 'object' || answer.data === null) throw new AnswerError(`${peer} answered no data: ${JSON.stringify(body).slice(0, 300)}`);
  return answer.data;
}

/** Reads `path` (dot-separated) in `value`, throwing if a step is not an object. */
export function at(value: unknown, path: string, peer: Peer): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) throw new AnswerError(`${peer}: no ${path} in the answer`);
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function listAt(value: unknown, path: string, peer: Peer): unknown[] {
  const found = at(value, path, peer);
  if (!Array.isArray(found)) throw new AnswerError(`${peer}: ${path} is not a list`);
  return found;
}

/** The integer key of a Relais global id of `type` (Relais ids are opaque: decoded with Relais's own decoder). */
export function relaisKey(id: unknown, type: 'Session' | 'ImmersionOffer'): number {
  const decoded = fromGlobalId(String(id), 'id');
  if (decoded.type !== type || typeof decoded.key !== 'number') throw new AnswerError(`relais: ${String(id)} is not the id of a ${type}`);
  return decoded.key;
}

/** An instant as ISO 8601 UTC with milliseconds, whatever the peer's format ("2026-11-24 08:00:00+00", "...+00:00"). */
export function isoInstant(value: unknown): string {
  const date = new Date(String(value).replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T').replace(/([+-]\d{2})$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new AnswerError(`not an instant: ${String(value)}`);
  return date.toISOString();
}

/** Something with query(text, values), like a pg Pool or Client. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

// ---------------------------------------------------------------------------------------------------------------
// W1

export const PORTAL_LIST_PAGE_SIZE = 50;

export interface PortalListParams {
  /** INSEE code of the département (93, 33, 2A). */
  departement: string;
  /** Sessions starting at or after this instant (ISO 8601). */
  startsFrom: string;
  /** Sessions starting before this instant (ISO 8601). */
  startsBefore: string;
  /** Page size, 50 by default. */
  first?: number;
}

/**
 * Relais. With a partner-portal token only published (and full, completed, cancelled) sessions are visible, with a
 * network-admin token all of them: `statuses: [PUBLISHED]` makes both read the same rows, which the peers select
 * with `status = 'PUBLISHED'`.
 */
export const RELAIS_PORTAL_LIST_QUERY = /* GraphQL */ `
  query PortalList($departementCodes: [String!], $startsFrom: DateTime!, $startsBefore: DateTime!, $first: Int!) {
    sessions(
      first: $first
      filter: { departementCodes: $departementCodes, statuses: [PUBLISHED], hasSeatsLeft: true, startsFrom: $startsFrom, startsBefore: $startsBefore }
    ) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          title
          startsAt
          seatsLeft
          organiser { name }
          hostCompany { name commitmentsCount }
          metiers { code label }
        }
      }
    }
  }
`;

/**
 * PostGraphile: the query field of bench_peer.portal_sessions (setup.sql), the computed column seatsLeft
 * (bench_peer.session_seats_left), the generated relations, and `totalCount` of the company's commitments. The
 * métiers come through the session_metier join table (PostGraphile 5 has no many-to-many shortcut), by code as in
 * Relais.
 */
export const POSTGRAPHILE_PORTAL_LIST_QUERY = /* GraphQL */ `
  query PortalList($departement: String!, $startsFrom: Datetime!, $startsBefore: Datetime!, $first: Int!) {
    portalSessions(departement: $departement, startsFrom: $startsFrom, startsBefore: $startsBefore, first: $first) {
      pageInfo { hasNextPage endCursor }
      nodes {
        rowId
        title
        startsAt
        seatsLeft
        organiser: structureByOrganiserId { name }
        hostCompany: companyByHostCompanyId { name commitments: commitmentsByCompanyId { totalCount } }
        metiers: sessionMetiersBySessionId(orderBy: METIER_CODE_ASC) { nodes { metier: metierByMetierCode { code label } } }
      }
    }
  }
`;

/** The three equivalent requests of W1 for these parameters. */
export function portalListRequests(params: PortalListParams): PeerRequests {
  const first = params.first ?? PORTAL_LIST_PAGE_SIZE;
  const query = new URLSearchParams({ departement: params.departement, startsFrom: params.startsFrom, startsBefore: params.startsBefore, first: String(first) });
  return {
    relais: {
      operationName: 'PortalList',
      query: RELAIS_PORTAL_LIST_QUERY,
      variables: { departementCodes: [params.departement], startsFrom: params.startsFrom, startsBefore: params.startsBefore, first },
    },
    postgraphile: {
      operationName: 'PortalList',
      query: POSTGRAPHILE_PORTAL_LIST_QUERY,
      variables: { departement: params.departement, startsFrom: params.startsFrom, startsBefore: params.startsBefore, first },
    },
    rawSql: { path: `/w1?${query.toString()}` },
  };
}

/** One session of the list, the same whoever answered. */
export interface PortalListItem {
  id: number;
  title: string;
  startsAt: string;
  seatsLeft: number;
  organiser: { name: string } | null;
  hostCompany: { name: string; commitmentsCount: number } | null;
  metiers: { code: string; label: string }[];
}

export interface PortalListResult {
  hasNextPage: boolean;
  items: PortalListItem[];
}

type Json = Record<string, unknown>;

function metierOf(value: unknown): { code: string; label: string } {
  const m = value as Json;
  return { code: String(m.code), label: String(m.label) };
}

/** Relais's answer, ids decoded. */
export function normalisePortalListRelais(body: unknown): PortalListResult {
  const data = answerData(body, 'relais');
  return {
    hasNextPage: at(data, 'sessions.pageInfo.hasNextPage', 'relais') === true,
    items: listAt(data, 'sessions.edges', 'relais').map((edge) => {
      const node = (edge as Json).node as Json;
      const host = node.hostCompany as Json | null;
      const organiser = node.organiser as Json | null;
      return {
        id: relaisKey(node.id, 'Session'),
        title: String(node.title),
        startsAt: isoInstant(node.startsAt),
        seatsLeft: Number(node.seatsLeft),
        organiser: organiser ? { name: String(organiser.name) } : null,
        hostCompany: host ? { name: String(host.name), commitmentsCount: Number(host.commitmentsCount) } : null,
        metiers: listAt(node, 'metiers', 'relais').map(metierOf),
      };
    }),
  };
}

export function normalisePortalListPostGraphile(body: unknown): PortalListResult {
  const data = answerData(body, 'postgraphile');
  return {
    hasNextPage: at(data, 'portalSessions.pageInfo.hasNextPage', 'postgraphile') === true,
    items: listAt(data, 'portalSessions.nodes', 'postgraphile').map((value) => {
      const node = value as Json;
      const host = node.hostCompany as Json | null;
      const organiser = node.organiser as Json | null;
      return {
        id: Number(node.rowId),
        title: String(node.title),
        startsAt: isoInstant(node.startsAt),
        seatsLeft: Number(node.seatsLeft),
        organiser: organiser ? { name: String(organiser.name) } : null,
        hostCompany: host ? { name: String(host.name), commitmentsCount: Number(at(host, 'commitments.totalCount', 'postgraphile')) } : null,
        metiers: listAt(node, 'metiers.nodes', 'postgraphile').map((link) => metierOf((link as Json).metier)),
      };
    }),
  };
}

export function normalisePortalListRawSql(body: unknown): PortalListResult {
  const data = answerData(body, 'rawSql');
  return {
    hasNextPage: at(data, 'sessions.pageInfo.hasNextPage', 'rawSql') === true,
    items: listAt(data, 'sessions.nodes', 'rawSql').map((value) => {
      const node = value as Json;
      const host = node.hostCompany as Json | null;
      const organiser = node.organiser as Json | null;
      return {
        id: Number(node.id),
        title: String(node.title),
        startsAt: isoInstant(node.startsAt),
        seatsLeft: Number(node.seatsLeft),
        organiser: organiser ? { name: String(organiser.name) } : null,
        hostCompany: host ? { name: String(host.name), commitmentsCount: Number(host.commitmentsCount) } : null,
        metiers: listAt(node, 'metiers', 'rawSql').map(metierOf),
      };
    }),
  };
}

/** The normaliser of each peer's answer. */
export const normalisePortalList: Record<Peer, (body: unknown) => PortalListResult> = {
  relais: normalisePortalListRelais,
  postgraphile: normalisePortalListPostGraphile,
  rawSql: normalisePortalListRawSql,
};

/**
 * W1 parameters that fill a page on the data of `db`: for windows of 14, 30 and 90 days starting at the first,
 * second and third quartile of the published sessions' start dates, the départements with at least `first`
 * published sessions with seats left in the window (most first), up to `count` sets. Add `partial` sets with fewer
 * than a page (an equivalence check wants those too).
 */
export async function findPortalListParams(db: Queryable, options: { count: number; first?: number; partial?: number }): Promise<PortalListParams[]> {
  const first = options.first ?? PORTAL_LIST_PAGE_SIZE;
  const { rows } = await db.query(
    `with eligible as (
       select departement_code as d, starts_at from session
       where status = 'PUBLISHED' and seats_taken < capacity and departement_code is not null
     ), anchors as (
       select date_trunc('day', percentile_disc(q) within group (order by starts_at)) as starts_from, q
       from eligible, unnest(array[0.25, 0.5, 0.75]::float8[]) as q group by q
     ), windows as (
       select a.starts_from, a.starts_from + make_interval(days => w) as starts_before, a.q, w
       from anchors a, unnest(array[14, 30, 90]) as w
     )
     select e.d as departement, w.starts_from, w.starts_before, count(*)::int as n
     from windows w join eligible e on e.starts_at >= w.starts_from and e.starts_at < w.starts_before
     group by e.d, w.starts_from, w.starts_before, w.q, w.w
     order by (count(*) >= $1) desc, w.w, w.q, count(*) desc, e.d`,
    [first],
  );
  const full = rows.filter((r) => Number(r.n) >= first);
  const partial = rows.filter((r) => Number(r.n) < first);
  // Spread over départements and windows rather than taking the 10 biggest départements of one window.
  const pick = (list: Record<string, unknown>[], n: number) => {
    const chosen: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const pass of [0, 1]) {
      for (const r of list) {
        if (chosen.length >= n) break;
        const key = String(r.departement);
        if (pass === 0 && seen.has(key)) continue;
        if (chosen.includes(r)) continue;
        seen.add(key);
        chosen.push(r);
      }
    }
    return chosen;
  };
  return [...pick(full, options.count), ...pick(partial, options.partial ?? 0)].map((r) => ({
    departement: String(r.departement),
    startsFrom: new Date(r.starts_from as string | Date).toISOString(),
    startsBefore: new Date(r.starts_before as string | Date).toISOString(),
    first,
  }));
}
