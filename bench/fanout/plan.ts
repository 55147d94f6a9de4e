import { matches, type BenchEvent, type BenchFilter } from './match';
import type { Random } from './random';
import { OBJECTIVES, SESSION_KINDS, type EventSpec, type Place, type World } from './world';

export type SubscriptionKind = 'offer' | 'slot' | 'feed';

/** One subscriber: one socket, one subscription. */
export interface SubscriberSpec {
  index: number;
  kind: SubscriptionKind;
  token: string;
  /** Which warm-up group it belongs to: a template for offer/slot, the account for feed. */
  group: string;
  filter: BenchFilter | null;
}

/** A filter shared by many subscribers, and the offer or session it was built around (which it matches). */
export interface Template {
  id: string;
  kind: 'offer' | 'slot';
  filter: BenchFilter;
  anchor: EventSpec;
}

/** What the selection sets ask for: what a portal or the mobile app shows of a new offer. */
export const QUERIES: Record<SubscriptionKind, string> = {
  offer: /* GraphQL */ `subscription W5Offers($filter: OfferEventFilter) {
    immersionOfferPublished(filter: $filter) {
      cursor
      immersionOffer { id title objective availableFrom availableUntil metier { code label } company { name } commune { name } departement { code } }
    }
  }`,
  slot: /* GraphQL */ `subscription W5Slots($filter: OfferEventFilter) {
    visitSlotPublished(filter: $filter) {
      cursor reason
      session { id title kind startsAt seatsLeft metiers { code label } commune { name } departement { code } }
    }
  }`,
  feed: /* GraphQL */ `subscription W5Feed {
    offerFeed { cursor matchedSubscriptions session { id title startsAt } immersionOffer { id title } }
  }`,
};

/** The global id a subscriber's payload names (the offer or the session), or null. */
export function keyOfPayload(data: Record<string, unknown> | null | undefined): string | null {
  if (!data) return null;
  const root = (data.immersionOfferPublished ?? data.visitSlotPublished ?? data.offerFeed) as Record<string, { id?: string } | null> | undefined;
  return root?.immersionOffer?.id ?? root?.session?.id ?? null;
}

const FILTER_WEIGHTS: [string, number][] = [
  ['domaine+departement', 25], ['fiche', 10], ['departements', 15], ['near', 20], ['near+grand-domaine', 5],
  ['grand-domaine+departement', 10], ['commune', 5], ['kind+departement', 5], ['everything', 5],
];

/** Places and métiers in a seeded order, so that `skewed` favours the same few everywhere (filters and events). */
export function shuffled<T>(values: readonly T[], random: Random): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** An offer or session at a skewed place, about skewed métiers. */
export function randomEvent(world: World, random: Random, offerKind?: 'SESSION' | 'IMMERSION_OFFER'): EventSpec {
  const kind = offerKind ?? (random.next() < 0.6 ? 'IMMERSION_OFFER' : 'SESSION');
  const first = random.skewed(world.metierCodes);
  if (kind === 'IMMERSION_OFFER') return { offerKind: kind, place: random.skewed(world.places), metierCodes: [first], objective: random.pick(OBJECTIVES) };
  const metierCodes = random.next() < 0.3 ? [...new Set([first, random.skewed(world.metierCodes)])].sort() : [first];
  return { offerKind: kind, place: random.skewed(world.places), metierCodes, sessionKind: random.pick(SESSION_KINDS) };
}

function weighted(random: Random): string {
  const total = FILTER_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let r = random.next() * total;
  for (const [name, w] of FILTER_WEIGHTS) if ((r -= w) < 0) return name;
  return FILTER_WEIGHTS[0]![0];
}

/** A filter of the given style that the anchor offer or session matches. */
function filterAround(style: string, anchor: EventSpec, world: World, random: Random): BenchFilter {
  const metier = anchor.metierCodes[0]!;
  const place: Place = anchor.place;
  const near = () => ({ latitude: place.latitude, longitude: place.longitude, radiusKm: random.pick([10, 20, 30, 50]) });
  switch (style) {
    case 'domaine+departement': return { romeCodes: [metier.slice(0, 3)], departementCodes: [place.departementCode] };
    case 'fiche': return { romeCodes: [metier] };
    case 'departements': return { departementCodes: [...new Set([place.departementCode, random.skewed(world.places).departementCode])] };
    case 'near': return { near: near() };
    case 'near+grand-domaine': return { near: near(), romeCodes: [metier.slice(0, 1)] };
    case 'grand-domaine+departement': return { romeCodes: [metier.slice(0, 1)], departementCodes: [place.departementCode] };
    case 'commune': return { communeCodes: [place.communeCode] };
    case 'kind+departement':
      return anchor.offerKind === 'SESSION'
        ? { sessionKinds: [anchor.sessionKind!], departementCodes: [place.departementCode] }
        : { objectives: [anchor.objective!], romeCodes: [metier.slice(0, 3)] };
    default: return {};
  }
}

export function makeTemplates(world: World, random: Random, count: number): Template[] {
  return Array.from({ length: count }, (_, n) => {
    const kind = n % 9 < 5 ? 'offer' : 'slot';
    const anchor = randomEvent(world, random, kind === 'offer' ? 'IMMERSION_OFFER' : 'SESSION');
    return { id: `t${n}`, kind, filter: filterAround(weighted(random), anchor, world, random), anchor };
  });
}

/** Stored filters of one offerFeed account: a few templates' filters, some restricted to one offer kind. */
export function feedFilters(templates: Template[], random: Random, count: number): BenchFilter[] {
  return Array.from({ length: count }, () => {
    const t = random.pick(templates);
    return random.next() < 0.5 ? { ...t.filter, offerKinds: [t.kind === 'offer' ? 'IMMERSION_OFFER' : 'SESSION'] } : { ...t.filter };
  });
}

/**
 * N subscribers: `mix` of immersionOfferPublished / visitSlotPublished / offerFeed, filters drawn from the templates,
 * tokens in turn (authorization classes); offerFeed subscribers use the feed tokens, whose accounts hold stored filters.
 */
export function makeSubscribers(n: number, templates: Template[], tokens: string[], feedTokens: string[], random: Random, mix = { offer: 0.45, slot: 0.4 }): SubscriberSpec[] {
  const offers = templates.filter((t) => t.kind === 'offer');
  const slots = templates.filter((t) => t.kind === 'slot');
  return Array.from({ length: n }, (_, index) => {
    const r = random.next();
    if (r >= mix.offer + mix.slot && feedTokens.length > 0) {
      const f = index % feedTokens.length;
      return { index, kind: 'feed', token: feedTokens[f]!, group: `feed${f}`, filter: null };
    }
    const t = random.pick(r < mix.offer ? offers : slots);
    return { index, kind: t.kind, token: tokens[index % tokens.length]!, group: t.id, filter: t.filter };
  });
}

/** The filter a subscriber's subscription applies to an event (offerFeed: any stored filter of its account). */
export function subscriberMatches(s: SubscriberSpec, event: BenchEvent, feedStored: Map<string, BenchFilter[]>): boolean {
  if (s.kind === 'offer') return event.offerKind === 'IMMERSION_OFFER' && matches(s.filter!, event);
  if (s.kind === 'slot') return event.offerKind === 'SESSION' && matches(s.filter!, event);
  return (feedStored.get(s.token) ?? []).some((f) => matches(f, event));
}

/** The event a spec will produce, as far as the plan knows (the place's commune centre). */
export function plannedEvent(spec: EventSpec): BenchEvent {
  return {
    key: '', offerKind: spec.offerKind, metierCodes: spec.metierCodes, departementCode: spec.place.departementCode, communeCode: spec.place.communeCode,
    latitude: spec.place.latitude, longitude: spec.place.longitude, sessionKind: spec.sessionKind, objective: spec.objective,
  };
}

/**
 * Warm-up: a few offers and sessions that, together, every given group of subscribers matches (greedy set cover
 * over the templates' anchors). A subscriber that received one is subscribed for sure: graphql-ws does not
 * acknowledge subscriptions.
 */
export function warmUpEvents(groups: Set<string>, subscribers: SubscriberSpec[], templates: Template[], feedStored: Map<string, BenchFilter[]>): EventSpec[] {
  const representative = new Map<string, SubscriberSpec>();
  for (const s of subscribers) if (groups.has(s.group) && !representative.has(s.group)) representative.set(s.group, s);
  const candidates = templates.map((t) => t.anchor);
  const left = new Set(representative.keys());
  const chosen: EventSpec[] = [];
  while (left.size > 0) {
    let best: EventSpec | null = null;
    let bestCovers: string[] = [];
    for (const c of candidates) {
      const event = plannedEvent(c);
      const covers = [...left].filter((g) => subscriberMatches(representative.get(g)!, event, feedStored));
      if (covers.length > bestCovers.length) [best, bestCovers] = [c, covers];
    }
    if (!best) throw new Error(`no warm-up event matches the subscribers of ${[...left].join(', ')}`);
    chosen.push(best);
    bestCovers.forEach((g) => left.delete(g));
  }
  return chosen;
}
