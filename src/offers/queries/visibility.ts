import type { Knex } from '@mikro-orm/postgresql';
import { actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';
import { OfferStatus } from '../rules/offer-status';

/**
 * Which immersion offers a viewer may read, written once as an SQL condition so that lists, counts and node(id)
 * agree (no leak through totalCount). The rule table is in the README ("Who may see and do what"): published and
 * closed offers are public to any valid token; drafts only to the people of their company, not to its read-only
 * integrations (portals).
 */
export function restrictOffers(q: Knex.QueryBuilder, viewer: Viewer, alias = 'o'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  return q.where((w) => {
    w.whereIn(`${alias}.status`, [OfferStatus.PUBLISHED, OfferStatus.CLOSED]);
    if (actsForOrganisation(viewer.role) && viewer.companyId !== null) w.orWhere(`${alias}.company_id`, viewer.companyId);
  });
}
