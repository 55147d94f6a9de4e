import type { Criteria } from '../../common/criteria';
import { ImmersionObjective } from './immersion-objective';
import { OfferStatus } from './offer-status';

/**
 * What immersion offers can be filtered on, declared once: `immersionOffers(filter: ...)` reads the `list`
 * criteria, the offer subscriptions (`immersionOfferPublished`, `offerFeed`, stored subscriptions) the `event` ones,
 * and the published offer's event carries their properties. See src/common/criteria.ts.
 */
export const OFFER_CRITERIA = {
  objectives: {
    property: 'objective',
    kind: 'enumList',
    enum: ImmersionObjective,
    what: 'an immersion objective',
    list: { description: 'Offers with these objectives only (any objective when absent or empty).' },
    event: { description: 'Immersion offers with these objectives only (excludes sessions).' },
  },
  statuses: { property: 'status', kind: 'enumList', enum: OfferStatus, what: 'an offer status', list: { description: 'Offers in these statuses only (any status the viewer may read when absent or empty: drafts only for their company).' } },
} as const satisfies Criteria;
