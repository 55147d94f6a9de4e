import type { Knex } from '@mikro-orm/postgresql';
import { OfferStatus } from '../../offers';
import { SessionStatus } from '../../sessions';
import { actsForOrganisation } from '../rules/roles';
import { isNetworkAdmin, type Viewer } from '../rules/viewer';

/**
 * Row-level read rules, written once as SQL conditions so that lists, counts and node(id) agree (no leak through
 * totalCount). The rule table is in the README ("Who may see and do what"):
 * - published sessions and offers are public to any valid token; drafts only to their organiser/company;
 * - participants only to the staff of their referent structure, themselves, and network admins;
 * - referrals to the prescriber, the participant's referent, the host (organiser, host company, offering
 *   company), the participant, and network admins;
 * - read-only integrations (portals) see public data only.
 * What of a participant's personal data may be read is decided in personal-data-access.ts.
 */

const actsFor = (viewer: Viewer) => actsForOrganisation(viewer.role);

/** Session statuses everyone may read. */
const PUBLIC_SESSION_STATUSES = [SessionStatus.PUBLISHED, SessionStatus.FULL, SessionStatus.COMPLETED, SessionStatus.CANCELLED];

// Drafts are read by the people of their organiser or company, not by its read-only integrations (portals).
export function restrictSessions(q: Knex.QueryBuilder, viewer: Viewer, alias = 's'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  return q.where((w) => {
    w.whereIn(`${alias}.status`, PUBLIC_SESSION_STATUSES);
    if (actsFor(viewer) && viewer.structureId !== null) w.orWhere(`${alias}.organiser_id`, viewer.structureId);
    if (actsFor(viewer) && viewer.companyId !== null) w.orWhere(`${alias}.host_company_id`, viewer.companyId);
  });
}

export function restrictOffers(q: Knex.QueryBuilder, viewer: Viewer, alias = 'o'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  return q.where((w) => {
    w.whereIn(`${alias}.status`, [OfferStatus.PUBLISHED, OfferStatus.CLOSED]);
    if (actsFor(viewer) && viewer.companyId !== null) w.orWhere(`${alias}.company_id`, viewer.companyId);
  });
}

export function restrictParticipants(q: Knex.QueryBuilder, viewer: Viewer, alias = 'p'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  return q.where((w) => {
    w.whereRaw('false');
    if (actsFor(viewer) && viewer.structureId !== null) w.orWhere(`${alias}.referent_structure_id`, viewer.structureId);
    if (viewer.participantId !== null) w.orWhere(`${alias}.id`, viewer.participantId);
  });
}

export function restrictReferrals(q: Knex.QueryBuilder, viewer: Viewer, alias = 'r'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  return q.where((w) => {
    w.whereRaw('false');
    if (viewer.participantId !== null) w.orWhere(`${alias}.participant_id`, viewer.participantId);
    if (actsFor(viewer) && viewer.structureId !== null) {
      const structureId = viewer.structureId;
      w.orWhere(`${alias}.prescriber_structure_id`, structureId)
        .orWhereExists((e) => e.select(1).from('participant as vp').whereRaw(`vp.id = ${alias}.participant_id`).andWhere('vp.referent_structure_id', structureId))
        .orWhereExists((e) => e.select(1).from('session as vs').whereRaw(`vs.id = ${alias}.session_id`).andWhere('vs.organiser_id', structureId));
    }
    if (actsFor(viewer) && viewer.companyId !== null) {
      const companyId = viewer.companyId;
      w.orWhereExists((e) => e.select(1).from('session as vs').whereRaw(`vs.id = ${alias}.session_id`).andWhere('vs.host_company_id', companyId))
        .orWhereExists((e) => e.select(1).from('immersion_offer as vo').whereRaw(`vo.id = ${alias}.immersion_offer_id`).andWhere('vo.company_id', companyId));
    }
  });
}
