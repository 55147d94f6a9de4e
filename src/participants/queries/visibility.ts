import type { Knex } from '@mikro-orm/postgresql';
import { actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';

/**
 * Which participants a viewer may list, written once as an SQL condition so that lists, counts and node(id) agree
 * (no leak through totalCount). The rule table is in the README ("Who may see and do what"): the staff of their
 * referent structure, themselves, and network admins; read-only integrations (portals) none. What of a
 * participant's personal data may be read is decided in access/personal-data-access.ts.
 */
export function restrictParticipants(q: Knex.QueryBuilder, viewer: Viewer, alias = 'p'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  return q.where((w) => {
    w.whereRaw('false');
    if (actsForOrganisation(viewer.role) && viewer.structureId !== null) w.orWhere(`${alias}.referent_structure_id`, viewer.structureId);
    if (viewer.participantId !== null) w.orWhere(`${alias}.id`, viewer.participantId);
  });
}
