import type { GraphQLHttp } from './http';
import type { BenchEvent, BenchFilter } from './match';
import type { Random } from './random';

/** A commune the bench places offers and filters around (taken from the companies of the database). */
export interface Place {
  communeCode: string;
  departementCode: string;
  latitude: number;
  longitude: number;
}

/** What the database offers to build the workload from. */
export interface World {
  places: Place[];
  metierCodes: string[];
  companyIds: string[];
  structureIds: string[];
}

interface Page<T> {
  edges: { node: T }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

type CompanyNode = { id: string; commune: { code: string; latitude: number | null; longitude: number | null; departement: { code: string } | null } | null };

/**
 * Reads the communes of up to `maxCompanies` companies (the places), the ROME fiches (up to `maxMetiers`), and a
 * few structures to organise sessions. Deterministic for a given database.
 */
export async function discoverWorld(admin: GraphQLHttp, maxCompanies = 600, maxMetiers = 2000): Promise<World> {
  const places = new Map<string, Place>();
  const companyIds: string[] = [];
  let after: string | null = null;
  while (companyIds.length < maxCompanies) {
    const data: { companies: Page<CompanyNode> } = await admin.request(
      `query($after: String) { companies(first: 100, after: $after) { edges { node { id commune { code latitude longitude departement { code } } } } pageInfo { endCursor hasNextPage } } }`,
      { after },
    );
    for (const { node } of data.companies.edges) {
      companyIds.push(node.id);
      const c = node.commune;
      if (c && c.latitude !== null && c.longitude !== null && c.departement && !places.has(c.code)) {
        places.set(c.code, { communeCode: c.code, departementCode: c.departement.code, latitude: c.latitude, longitude: c.longitude });
      }
    }
    if (!data.companies.pageInfo.hasNextPage) break;
    after = data.companies.pageInfo.endCursor;
  }
  const metierCodes: string[] = [];
  after = null;
  while (metierCodes.length < maxMetiers) {
    const data: { metiers: Page<{ code: string }> } = await admin.request(
      `query($after: String) { metiers(first: 100, after: $after) { edges { node { code } } pageInfo { endCursor hasNextPage } } }`,
      { after },
    );
    metierCodes.push(...data.metiers.edges.map((e) => e.node.code));
    if (!data.metiers.pageInfo.hasNextPage) break;
    after = data.metiers.pageInfo.endCursor;
  }
  const structures = await admin.request<{ structures: Page<{ id: string }> }>('{ structures(first: 20) { edges { node { id } } } }');
  const world = { places: [...places.values()], metierCodes, companyIds, structureIds: structures.structures.edges.map((e) => e.node.id) };
  if (world.places.length === 0 || world.metierCodes.length === 0 || world.companyIds.length === 0 || world.structureIds.length === 0) {
    throw new Error(`the database has too little to build W5 from: ${JSON.stringify({ places: world.places.length, metiers: metierCodes.length, companies: companyIds.length, structures: world.structureIds.length })}`);
  }
  return world;
}

export const SESSION_KINDS = ['AMBASSADEURS_DES_METIERS', 'COMPANY_VISIT', 'RALLYE', 'JOB_DATING', 'INFORMATION_MEETING', 'WORKSHOP'];
export const OBJECTIVES = ['DISCOVER_METIER', 'CONFIRM_PROJECT', 'START_RECRUITMENT'];

/** What a published offer or session will look like, before it exists. */
export interface EventSpec {
  offerKind: 'SESSION' | 'IMMERSION_OFFER';
  place: Place;
  metierCodes: string[];
  sessionKind?: string;
  objective?: string;
}

/** A draft created ahead (untimed), published later (timed): its publish mutation is the only thing measured. */
export interface Draft {
  id: string;
  event: BenchEvent;
}

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Creates a draft offer or session as a network admin, at the place's commune. Sessions start ~300 days ahead, out
 * of the date ranges of the other workloads. Returns its id and the public fields its event will carry, read back
 * from the server (département, commune and centre point come from the commune).
 */
export async function createDraft(admin: GraphQLHttp, world: World, spec: EventSpec, random: Random, label: string): Promise<Draft> {
  if (spec.offerKind === 'IMMERSION_OFFER') {
    const data = await admin.request<{ createImmersionOffer: { immersionOffer: OfferRead } }>(
      `mutation($i: CreateImmersionOfferInput!) { createImmersionOffer(input: $i) { immersionOffer { id ${READ_FIELDS} metier { code } objective } } }`,
      {
        i: {
          companyId: random.pick(world.companyIds), metierCode: spec.metierCodes[0], objective: spec.objective, title: `W5 bench ${label}`,
          availableFrom: day(1), availableUntil: day(60), maxPresenceDays: 5, positions: 2, communeCode: spec.place.communeCode,
        },
      },
    );
    const o = data.createImmersionOffer.immersionOffer;
    return { id: o.id, event: { ...locationOf(o), key: o.id, offerKind: 'IMMERSION_OFFER', metierCodes: o.metier ? [o.metier.code] : [], objective: o.objective } };
  }
  const startsAt = new Date(Date.now() + (290 + random.int(20)) * 86_400_000);
  startsAt.setUTCHours(8, 0, 0, 0);
  const data = await admin.request<{ createSession: { session: SessionRead } }>(
    `mutation($i: CreateSessionInput!) { createSession(input: $i) { session { id ${READ_FIELDS} metiers { code } kind } } }`,
    {
      i: {
        organiserId: random.pick(world.structureIds), kind: spec.sessionKind, title: `W5 bench ${label}`, capacity: 12, metierCodes: spec.metierCodes,
        startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(), communeCode: spec.place.communeCode,
      },
    },
  );
  const s = data.createSession.session;
  return { id: s.id, event: { ...locationOf(s), key: s.id, offerKind: 'SESSION', metierCodes: s.metiers.map((m) => m.code), sessionKind: s.kind } };
}

const READ_FIELDS = 'latitude longitude commune { code } departement { code }';
interface Located {
  latitude: number | null;
  longitude: number | null;
  commune: { code: string } | null;
  departement: { code: string } | null;
}
type OfferRead = Located & { id: string; metier: { code: string } | null; objective: string };
type SessionRead = Located & { id: string; metiers: { code: string }[]; kind: string };

function locationOf(row: Located) {
  return { latitude: row.latitude, longitude: row.longitude, communeCode: row.commune?.code ?? null, departementCode: row.departement?.code ?? null };
}

/** The publish mutation of a draft: the timed call. */
export async function publishDraft(admin: GraphQLHttp, draft: Draft): Promise<void> {
  if (draft.event.offerKind === 'IMMERSION_OFFER') {
    await admin.request('mutation($i: ImmersionOfferIdInput!) { publishImmersionOffer(input: $i) { immersionOffer { id } } }', { i: { immersionOfferId: draft.id } });
  } else {
    await admin.request('mutation($i: SessionIdInput!) { publishSession(input: $i) { session { id } } }', { i: { sessionId: draft.id } });
  }
}

/** Takes the bench's offers and sessions out of the public lists again (closed, cancelled): they add no event. */
export async function retireDraft(admin: GraphQLHttp, draft: Draft): Promise<void> {
  if (draft.event.offerKind === 'IMMERSION_OFFER') {
    await admin.request('mutation($i: CloseImmersionOfferInput!) { closeImmersionOffer(input: $i) { immersionOffer { id } } }', { i: { immersionOfferId: draft.id, reason: 'W5 bench' } });
  } else {
    await admin.request('mutation($i: CancelSessionInput!) { cancelSession(input: $i) { session { id } } }', { i: { sessionId: draft.id, reason: 'W5 bench' } });
  }
}

/**
 * Replaces the bench's stored subscriptions of the token's account (named `W5 bench n`) by `filters`, and returns
 * every stored filter of the account (the bench's and any other), which is what its offerFeed matches.
 */
export async function storeSubscriptions(client: GraphQLHttp, filters: BenchFilter[]): Promise<BenchFilter[]> {
  const listed = await client.request<{ viewer: { offerSubscriptions: { id: string; name: string }[] } }>('{ viewer { offerSubscriptions { id name } } }');
  for (const s of listed.viewer.offerSubscriptions.filter((s) => s.name.startsWith('W5 bench '))) {
    await client.request('mutation($i: UnsubscribeFromOffersInput!) { unsubscribeFromOffers(input: $i) { subscriptions { name } } }', { i: { subscriptionId: s.id } });
  }
  for (const [n, filter] of filters.entries()) {
    await client.request('mutation($i: SubscribeToOffersInput!) { subscribeToOffers(input: $i) { subscription { id } } }', { i: { name: `W5 bench ${n}`, filter } });
  }
  const stored = await client.request<{ viewer: { offerSubscriptions: { filter: Record<string, unknown> }[] } }>(
    '{ viewer { offerSubscriptions { filter { romeCodes departementCodes communeCodes near { latitude longitude radiusKm } sessionKinds objectives offerKinds } } } }',
  );
  return stored.viewer.offerSubscriptions.map((s) => Object.fromEntries(Object.entries(s.filter).filter(([, v]) => v != null)) as BenchFilter);
}
