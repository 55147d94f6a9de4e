import type { Knex } from '@mikro-orm/postgresql';
import { actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';
import { SessionStatus } from '../rules/session-status';

/**
 * Which sessions a viewer may read, written once as an SQL condition so that lists, counts and node(id) agree (no
 * leak through totalCount). The rule table is in the README ("Who may see and do what"): published sessions are
 * public to any valid token; drafts only to their organiser or host (company or structure).
 */

/** Session statuses everyone may read. */
const PUBLIC_SESSION_STATUSES = [SessionStatus.PUBLISHED, SessionStatus.FULL, SessionStatus.HELD, SessionStatus.COMPLETED, SessionStatus.CANCELLED];

// Drafts are read by the people of their organiser or host, not by its read-only integrations (portals).
export function restrictSessions(q: Knex.QueryBuilder, viewer: Viewer, alias = 's'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  const actsFor = actsForOrganisation(viewer.role);
  return q.where((w) => {
    w.whereIn(`${alias}.status`, PUBLIC_SESSION_STATUSES);
    if (actsFor && viewer.structureId !== null) w.orWhere(`${alias}.organiser_id`, viewer.structureId).orWhere(`${alias}.host_structure_id`, viewer.structureId);
    if (actsFor && viewer.companyId !== null) w.orWhere(`${alias}.host_company_id`, viewer.companyId);
  });
}
