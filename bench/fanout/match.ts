import type { OfferFilterData } from '../../src/events/entities/offer-subscription';
import { distanceKm } from '../../src/territories/rules/geo';

/**
 * A subscription filter as the bench sends it: the hub's own shape (the OfferEventFilter input; stored subscriptions
 * use the same), with the offer kinds typed. Only the type is shared: `matches` below is written from the README,
 * not from the server's matcher, so that it can catch the server's mistakes.
 */
export type BenchFilter = Omit<OfferFilterData, 'offerKinds'> & { offerKinds?: ('SESSION' | 'IMMERSION_OFFER')[] };

/** What the bench knows of a published offer or session: the public fields subscriptions filter on. */
export interface BenchEvent {
  /** Global id of the offer or session: what subscribers receive. */
  key: string;
  offerKind: 'SESSION' | 'IMMERSION_OFFER';
  metierCodes: string[];
  departementCode: string | null;
  communeCode: string | null;
  latitude: number | null;
  longitude: number | null;
  sessionKind?: string;
  objective?: string;
}

/**
 * Written from the README's description of the filters (every given criterion holds; ROME codes match fiche, domaine
 * or grand domaine by prefix; session kinds exclude offers and objectives exclude sessions), independently of the
 * server's matcher, so that the bench checks the server. Only the distance formula is shared (float equality at the
 * radius boundary).
 */
export function matches(filter: BenchFilter, event: BenchEvent): boolean {
  if (filter.offerKinds?.length && !filter.offerKinds.includes(event.offerKind)) return false;
  if (filter.romeCodes?.length && !event.metierCodes.some((m) => filter.romeCodes!.some((r) => m.startsWith(r)))) return false;
  if (filter.departementCodes?.length && (event.departementCode === null || !filter.departementCodes.includes(event.departementCode))) return false;
  if (filter.communeCodes?.length && (event.communeCode === null || !filter.communeCodes.includes(event.communeCode))) return false;
  if (filter.sessionKinds?.length && (event.offerKind !== 'SESSION' || !filter.sessionKinds.includes(event.sessionKind ?? ''))) return false;
  if (filter.objectives?.length && (event.offerKind !== 'IMMERSION_OFFER' || !filter.objectives.includes(event.objective ?? ''))) return false;
  if (filter.near) {
    if (event.latitude === null || event.longitude === null) return false;
    if (distanceKm(filter.near, { latitude: event.latitude, longitude: event.longitude }) > filter.near.radiusKm) return false;
  }
  return true;
}
