import type { OfferFilterData } from '../entities/offer-subscription';
import { OFFER_CRITERIA } from '../../offers';
import { SESSION_CRITERIA } from '../../sessions';
import { checkValues, givenCriteria, matchesCriteria, validateCriteria, type Criteria } from '../../common/criteria';
import { INSEE_COMMUNE_CODE, INSEE_DEPARTEMENT_CODE, ROME_CODE_FORM, ROME_DOMAINE_FORM, ROME_GRAND_DOMAINE_FORM } from '../../common/codes';
import { distanceKm, validateNear } from '../../territories';

export type OfferEventFilter = OfferFilterData;

/** Offer kinds a feed may ask for. */
export const OFFER_KINDS = ['SESSION', 'IMMERSION_OFFER'] as const;

/** A list check whose values must be strings matching `form`. */
const textsMatching = (form: (text: string) => boolean) => (value: unknown) => typeof value === 'string' && form(value);

/** Validates a filter as clients send it (subscription arguments, stored subscriptions); `field` prefixes names. */
export function validateOfferEventFilter(filter: OfferEventFilter, field: string): OfferEventFilter {
  const romeCodes = filter.romeCodes?.map((c) => c.trim().toUpperCase());
  checkValues(romeCodes, `${field}.romeCodes`, textsMatching((c) => ROME_CODE_FORM.test(c) || ROME_DOMAINE_FORM.test(c) || ROME_GRAND_DOMAINE_FORM.test(c)), 'a ROME code (F1701), domaine (F17) or grand domaine (F)');
  checkValues(filter.departementCodes, `${field}.departementCodes`, textsMatching((c) => INSEE_DEPARTEMENT_CODE.test(c)), 'an INSEE département code');
  checkValues(filter.communeCodes, `${field}.communeCodes`, textsMatching((c) => INSEE_COMMUNE_CODE.test(c)), 'an INSEE commune code');
  for (const criteria of Object.values(CRITERIA_OF_KIND)) validateCriteria(criteria, filter, field);
  checkValues(filter.offerKinds, `${field}.offerKinds`, (c) => (OFFER_KINDS as readonly unknown[]).includes(c), 'SESSION or IMMERSION_OFFER');
  if (filter.near) validateNear(filter.near, `${field}.near`);
  return { ...filter, ...(romeCodes ? { romeCodes } : {}) };
}

/**
 * The criteria each kind of offer declares (sessions: SESSION_CRITERIA, immersion offers: OFFER_CRITERIA). A filter
 * that gives a criterion of one kind excludes the other kind: `sessionKinds` receives no immersion offer.
 */
const CRITERIA_OF_KIND: Record<(typeof OFFER_KINDS)[number], Criteria> = { SESSION: SESSION_CRITERIA, IMMERSION_OFFER: OFFER_CRITERIA };

/**
 * Public matching fields of a SESSION_SLOT_PUBLISHED or IMMERSION_OFFER_PUBLISHED event: the location and métiers,
 * and the properties its kind's criteria read (`kind`, `objective`...).
 */
export interface OfferEventData {
  [property: string]: unknown;
  metierCodes?: string[];
  departementCode?: string | null;
  communeCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/**
 * Whether an offer event matches: every given criterion must hold. ROME codes match by prefix, which is exactly
 * fiche (F1701), domaine (F17) and grand domaine (F).
 */
export function matchesOfferEvent(offerKind: (typeof OFFER_KINDS)[number], data: OfferEventData, filter: OfferEventFilter): boolean {
  if (filter.offerKinds?.length && !filter.offerKinds.includes(offerKind)) return false;
  if (filter.romeCodes?.length && !(data.metierCodes ?? []).some((code) => filter.romeCodes!.some((f) => code.startsWith(f)))) return false;
  if (filter.departementCodes?.length && !filter.departementCodes.includes(data.departementCode ?? '')) return false;
  if (filter.communeCodes?.length && !filter.communeCodes.includes(data.communeCode ?? '')) return false;
  for (const [kind, criteria] of Object.entries(CRITERIA_OF_KIND)) {
    if (kind === offerKind ? !matchesCriteria(criteria, data, filter) : givenCriteria(criteria, filter).length > 0) return false;
  }
  if (filter.near) {
    if (data.latitude == null || data.longitude == null) return false;
    if (distanceKm(filter.near, { latitude: data.latitude, longitude: data.longitude }) > filter.near.radiusKm) return false;
  }
  return true;
}
