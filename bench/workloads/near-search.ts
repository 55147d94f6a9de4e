import { answerData, listAt, relaisKey, type Peer, type PeerRequests, type Queryable } from './portal-list';

/**
 * W2 near search: the 20 published immersion offers of a ROME domaine (F17) within 20 km of a point, nearest
 * first, each with its distance, a few fields, its company's name and its métier — asked three equivalent ways
 * (Relais, the PostGraphile peer, the raw-SQL floor). Shared request plumbing is in portal-list.ts.
 */

export const NEAR_SEARCH_PAGE_SIZE = 20;
export const NEAR_SEARCH_RADIUS_KM = 20;

export interface NearSearchParams {
  latitude: number;
  longitude: number;
  /** 20 km by default. */
  radiusKm?: number;
  /** ROME domaine professionnel: a letter and two digits (F17). */
  romeDomaine: string;
  /** Page size, 20 by default. */
  first?: number;
}

/**
 * Relais. A partner portal sees published and closed offers, a network admin all of them: `statuses: [PUBLISHED]`
 * makes both read the same rows, which the peers select with `status = 'PUBLISHED'`.
 */
export const RELAIS_NEAR_SEARCH_QUERY = /* GraphQL */ `
  query NearSearch($near: NearInput!, $romeCodes: [String!], $first: Int!) {
    immersionOffers(first: $first, filter: { near: $near, romeCodes: $romeCodes, statuses: [PUBLISHED] }) {
      edges {
        node {
          id
          title
          objective
          availableFrom
          availableUntil
          distanceKm
          company { name }
          metier { code label }
        }
      }
    }
  }
`;

/**
 * PostGraphile: the query field of bench_peer.immersion_offers_near (setup.sql), nearest first; the distance is the
 * computed column bench_peer.immersion_offer_distance_km, given the point again.
 */
export const POSTGRAPHILE_NEAR_SEARCH_QUERY = /* GraphQL */ `
  query NearSearch($latitude: Float!, $longitude: Float!, $radiusKm: Float!, $romeDomaine: String!, $first: Int!) {
    immersionOffersNear(latitude: $latitude, longitude: $longitude, radiusKm: $radiusKm, romeDomaine: $romeDomaine, first: $first) {
      nodes {
        rowId
        title
        objective
        availableFrom
        availableUntil
        distanceKm(latitude: $latitude, longitude: $longitude)
        company: companyByCompanyId { name }
        metier: metierByMetierCode { code label }
      }
    }
  }
`;

/** The three equivalent requests of W2 for these parameters. */
export function nearSearchRequests(params: NearSearchParams): PeerRequests {
  const first = params.first ?? NEAR_SEARCH_PAGE_SIZE;
  const radiusKm = params.radiusKm ?? NEAR_SEARCH_RADIUS_KM;
  const query = new URLSearchParams({
    latitude: String(params.latitude),
    longitude: String(params.longitude),
    radiusKm: String(radiusKm),
    romeDomaine: params.romeDomaine,
    first: String(first),
  });
  return {
    relais: {
      operationName: 'NearSearch',
      query: RELAIS_NEAR_SEARCH_QUERY,
      variables: { near: { latitude: params.latitude, longitude: params.longitude, radiusKm }, romeCodes: [params.romeDomaine], first },
    },
    postgraphile: {
      operationName: 'NearSearch',
      query: POSTGRAPHILE_NEAR_SEARCH_QUERY,
      variables: { latitude: params.latitude, longitude: params.longitude, radiusKm, romeDomaine: params.romeDomaine, first },
    },
    rawSql: { path: `/w2?${query.toString()}` },
  };
}

/** One offer of the list, the same whoever answered. */
export interface NearSearchItem {
  id: number;
  title: string;
  objective: string;
  availableFrom: string;
  availableUntil: string;
  /** Rounded to the micrometre: the peers compute the same expression, but print floats their own way. */
  distanceKm: number;
  company: { name: string } | null;
  metier: { code: string; label: string } | null;
}

export interface NearSearchResult {
  items: NearSearchItem[];
}

type Json = Record<string, unknown>;

const roundKm = (value: unknown) => Math.round(Number(value) * 1e9) / 1e9;

function item(node: Json, id: number): NearSearchItem {
  const company = node.company as Json | null;
  const metier = node.metier as Json | null;
  return {
    id,
    title: String(node.title),
    objective: String(node.objective),
    availableFrom: String(node.availableFrom),
    availableUntil: String(node.availableUntil),
    distanceKm: roundKm(node.distanceKm),
    company: company ? { name: String(company.name) } : null,
    metier: metier ? { code: String(metier.code), label: String(metier.label) } : null,
  };
}

export function normaliseNearSearchRelais(body: unknown): NearSearchResult {
  const data = answerData(body, 'relais');
  return { items: listAt(data, 'immersionOffers.edges', 'relais').map((edge) => { const node = (edge as Json).node as Json; return item(node, relaisKey(node.id, 'ImmersionOffer')); }) };
}

export function normaliseNearSearchPostGraphile(body: unknown): NearSearchResult {
  const data = answerData(body, 'postgraphile');
  return { items: listAt(data, 'immersionOffersNear.nodes', 'postgraphile').map((node) => item(node as Json, Number((node as Json).rowId))) };
}

export function normaliseNearSearchRawSql(body: unknown): NearSearchResult {
  const data = answerData(body, 'rawSql');
  return { items: listAt(data, 'immersionOffers.nodes', 'rawSql').map((node) => item(node as Json, Number((node as Json).id))) };
}

/** The normaliser of each peer's answer. */
export const normaliseNearSearch: Record<Peer, (body: unknown) => NearSearchResult> = {
  relais: normaliseNearSearchRelais,
  postgraphile: normaliseNearSearchPostGraphile,
  rawSql: normaliseNearSearchRawSql,
};

/**
 * W2 parameters that fill a page on the data of `db`: for the ROME domaines with the most published offers, the
 * centroid of their offers in each of their densest départements, kept when at least `first` offers of the domaine
 * lie within the radius (most first), up to `count` sets; plus `partial` sets with fewer (but some).
 */
export async function findNearSearchParams(db: Queryable, options: { count: number; first?: number; radiusKm?: number; partial?: number }): Promise<NearSearchParams[]> {
  const first = options.first ?? NEAR_SEARCH_PAGE_SIZE;
  const radiusKm = options.radiusKm ?? NEAR_SEARCH_RADIUS_KM;
  const { rows } = await db.query(
    `with cells as (
       select left(metier_code, 3) as domaine, departement_code,
              round(avg(latitude)::numeric, 4)::float8 as latitude, round(avg(longitude)::numeric, 4)::float8 as longitude, count(*) as n
       from immersion_offer
       where status = 'PUBLISHED' and latitude is not null and longitude is not null and departement_code is not null
       group by 1, 2 order by n desc limit 60
     )
     select c.domaine, c.latitude, c.longitude, (
       select count(*)::int from immersion_offer o
       where o.status = 'PUBLISHED' and left(o.metier_code, 3) = c.domaine
         and o.latitude between c.latitude - $1::float8 / 111 and c.latitude + $1::float8 / 111
         and 12742.0176 * asin(least(1, sqrt(power(sin(radians(o.latitude - c.latitude) / 2), 2)
             + cos(radians(c.latitude)) * cos(radians(o.latitude)) * power(sin(radians(o.longitude - c.longitude) / 2), 2)))) <= $1::float8
     ) as within
     from cells c
     order by within desc, c.domaine, c.departement_code`,
    [radiusKm],
  );
  const full = rows.filter((r) => Number(r.within) >= first).slice(0, options.count);
  const partial = rows.filter((r) => Number(r.within) > 0 && Number(r.within) < first).slice(0, options.partial ?? 0);
  return [...full, ...partial].map((r) => ({ latitude: Number(r.latitude), longitude: Number(r.longitude), radiusKm, romeDomaine: String(r.domaine), first }));
}
