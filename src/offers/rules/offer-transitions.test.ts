import { OfferStatus } from './offer-status';
import { canMoveOffer, NEXT_OFFER_STATUSES, offerTakesReferrals } from './offer-transitions';

const { DRAFT, PUBLISHED, CLOSED } = OfferStatus;
const ALL = Object.values(OfferStatus);
const ALLOWED = new Set([`${DRAFT}>${PUBLISHED}`, `${PUBLISHED}>${CLOSED}`]);

describe('the immersion offer state machine', () => {
  it('has a row for every status', () => {
    expect(Object.keys(NEXT_OFFER_STATUSES).sort()).toEqual([...ALL].sort());
  });

  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s → %s is allowed only if listed', (from, to) => {
    expect(canMoveOffer(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('closes only a published offer: a draft is not closed, a closed offer neither reopens nor closes again', () => {
    expect(canMoveOffer(DRAFT, CLOSED)).toBe(false);
    expect(canMoveOffer(CLOSED, PUBLISHED)).toBe(false);
    expect(canMoveOffer(CLOSED, CLOSED)).toBe(false);
  });

  it('takes referrals only while published', () => {
    expect(ALL.filter(offerTakesReferrals)).toEqual([PUBLISHED]);
  });
});
