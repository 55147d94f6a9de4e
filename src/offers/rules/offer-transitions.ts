import { OfferStatus } from './offer-status';

const { DRAFT, PUBLISHED, CLOSED } = OfferStatus;

/** The moves of an immersion offer (docs/domain.md, "Immersion offers"); anything else is an INVALID_TRANSITION. */
export const NEXT_OFFER_STATUSES: Readonly<Record<OfferStatus, readonly OfferStatus[]>> = {
  [DRAFT]: [PUBLISHED],
  [PUBLISHED]: [CLOSED],
  [CLOSED]: [],
};

export function canMoveOffer(from: OfferStatus, to: OfferStatus): boolean {
  return NEXT_OFFER_STATUSES[from].includes(to);
}

/** An offer takes referrals only while published. */
export function offerTakesReferrals(status: OfferStatus): boolean {
  return status === PUBLISHED;
}
