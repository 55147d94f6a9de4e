import type { EntityManager } from '@mikro-orm/postgresql';
import { accessOfRelation, actsForOrganisation, isNetworkAdmin, PersonalDataAccess, type Viewer } from '../../access';
import { ACCEPTED_BY_HOST_STATUSES } from '../rules/seats';

/**
 * The access of `viewer` to each participant's personal data, in one statement. The policy (the levels, what each
 * shows) is access's (access/personal-data-access.ts); what decides it beyond the referent structure is the
 * participant's referrals (who prescribed them, who hosts them, who accepted them), so the statement lives here.
 */
export async function personalDataAccess(em: EntityManager, viewer: Viewer, participantIds: readonly number[]): Promise<Map<number, PersonalDataAccess>> {
  const ids = [...new Set(participantIds)];
  if (isNetworkAdmin(viewer)) return new Map(ids.map((id) => [id, PersonalDataAccess.FULL]));
  const access = new Map(ids.map((id) => [id, id === viewer.participantId ? PersonalDataAccess.FULL : PersonalDataAccess.NONE]));
  if (!actsForOrganisation(viewer.role) || ids.length === 0) return access;
  // -1 never matches an id: a structure account has no company and the reverse.
  const structure = viewer.structureId ?? -1;
  const company = viewer.companyId ?? -1;
  // The organiser, the host (a company, or a structure as a company would), the offering company.
  const host = '(s.organiser_id = ? or s.host_structure_id = ? or s.host_company_id = ? or o.company_id = ?)';
  const rows = await em.getConnection().execute<{ id: number; full: boolean; host: boolean; accepted: boolean }[]>(
    `select p.id,
            (p.referent_structure_id = ? or coalesce(bool_or(r.prescriber_structure_id = ?), false)) as full,
            coalesce(bool_or(${host}), false) as host,
            coalesce(bool_or(${host} and r.status in (${ACCEPTED_BY_HOST_STATUSES.map(() => '?').join(', ')})), false) as accepted
     from participant p
     left join referral r on r.participant_id = p.id
     left join session s on s.id = r.session_id
     left join immersion_offer o on o.id = r.immersion_offer_id
     where p.id in (${ids.map(() => '?').join(', ')})
     group by p.id`,
    [structure, structure, structure, structure, company, company, structure, structure, company, company, ...ACCEPTED_BY_HOST_STATUSES, ...ids],
  );
  for (const row of rows) {
    const found = accessOfRelation(row);
    if (found !== PersonalDataAccess.NONE) access.set(row.id, found);
  }
  return access;
}
