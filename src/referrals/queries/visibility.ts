import type { Knex } from '@mikro-orm/postgresql';
import { actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';

/**
 * Which referrals a viewer may read, written once as an SQL condition so that lists, counts and node(id) agree (no
 * leak through totalCount). The rule table is in the README ("Who may see and do what"): the prescriber, the
 * participant's referent, the host (organiser, host company or structure, offering company), the participant, and network
 * admins; read-only integrations (portals) none. What of a visible referral may be read is in
 * rules/referral-access.ts.
 */
export function restrictReferrals(q: Knex.QueryBuilder, viewer: Viewer, alias = 'r'): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  const actsFor = actsForOrganisation(viewer.role);
  return q.where((w) => {
    w.whereRaw('false');
    if (viewer.participantId !== null) w.orWhere(`${alias}.participant_id`, viewer.participantId);
    if (actsFor && viewer.structureId !== null) {
      const structureId = viewer.structureId;
      w.orWhere(`${alias}.prescriber_structure_id`, structureId)
        .orWhereExists((e) => e.select(1).from('participant as vp').whereRaw(`vp.id = ${alias}.participant_id`).andWhere('vp.referent_structure_id', structureId))
        .orWhereExists((e) => e.select(1).from('session as vs').whereRaw(`vs.id = ${alias}.session_id`).andWhere('vs.organiser_id', structureId))
        // A structure that hosts the session reads its referrals as a host company does.
        .orWhereExists((e) => e.select(1).from('session as vs').whereRaw(`vs.id = ${alias}.session_id`).andWhere('vs.host_structure_id', structureId));
    }
    if (actsFor && viewer.companyId !== null) {
      const companyId = viewer.companyId;
      w.orWhereExists((e) => e.select(1).from('session as vs').whereRaw(`vs.id = ${alias}.session_id`).andWhere('vs.host_company_id', companyId))
        .orWhereExists((e) => e.select(1).from('immersion_offer as vo').whereRaw(`vo.id = ${alias}.immersion_offer_id`).andWhere('vo.company_id', companyId));
    }
  });
}

/**
 * The referrals whose follow-ups the viewer reads (rules/referral-access.ts, readsFollowUps: every view but the
 * host's), as an SQL condition on the referral `alias`, for `referrals(filter: { followUpDue })`.
 */
export function followUpReaderCondition(viewer: Viewer, alias = 'r'): (w: Knex.QueryBuilder) => void {
  return (w) => {
    w.whereRaw(isNetworkAdmin(viewer) ? 'true' : 'false');
    if (viewer.participantId !== null) w.orWhere(`${alias}.participant_id`, viewer.participantId);
    if (actsForOrganisation(viewer.role) && viewer.structureId !== null) {
      const structureId = viewer.structureId;
      w.orWhere(`${alias}.prescriber_structure_id`, structureId).orWhereExists((e) =>
        e.select(1).from('participant as fp').whereRaw(`fp.id = ${alias}.participant_id`).andWhere('fp.referent_structure_id', structureId),
      );
    }
  };
}
