import type { EntityManager } from '@mikro-orm/postgresql';
import { actsForOrganisation } from './rules/roles';
import { ACCEPTED_BY_HOST_STATUSES } from '../referrals';
import type { ParticipantPersonalRow } from '../participants';
import { isNetworkAdmin, type Viewer } from './rules/viewer';

/**
 * How much of a participant's personal data a viewer may read:
 * - FULL: network admins, the participant, the referent structure, and the prescriber of one of their referrals;
 * - HOST_CONTACT / HOST: the host of a session or offer they are referred to (organiser, host company, offering
 *   company) — first name, last-name initial, and the contact once a referral to it is accepted;
 * - NONE: everyone else, and read-only integrations always.
 */
export enum PersonalDataAccess {
  NONE = 'NONE',
  HOST = 'HOST',
  HOST_CONTACT = 'HOST_CONTACT',
  FULL = 'FULL',
}

/** The access of `viewer` to each participant, in one statement. */
export async function personalDataAccess(em: EntityManager, viewer: Viewer, participantIds: readonly number[]): Promise<Map<number, PersonalDataAccess>> {
  const ids = [...new Set(participantIds)];
  if (isNetworkAdmin(viewer)) return new Map(ids.map((id) => [id, PersonalDataAccess.FULL]));
  const access = new Map(ids.map((id) => [id, id === viewer.participantId ? PersonalDataAccess.FULL : PersonalDataAccess.NONE]));
  if (!actsForOrganisation(viewer.role) || ids.length === 0) return access;
  // -1 never matches an id: a structure account has no company and the reverse.
  const structure = viewer.structureId ?? -1;
  const company = viewer.companyId ?? -1;
  const host = '(s.organiser_id = ? or s.host_company_id = ? or o.company_id = ?)';
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
    [structure, structure, structure, company, company, structure, company, company, ...ACCEPTED_BY_HOST_STATUSES, ...ids],
  );
  for (const row of rows) {
    const found = accessOfRelation(row);
    if (found !== PersonalDataAccess.NONE) access.set(row.id, found);
  }
  return access;
}

/**
 * What an organisation's account is to one participant, as the statement above finds it: `full`, it is their
 * referent or the prescriber of one of their referrals; `host`, it hosts a session or offer they are referred to;
 * `accepted`, it also said yes to one of those referrals (ACCEPTED_BY_HOST_STATUSES).
 */
export function accessOfRelation(relation: { full: boolean; host: boolean; accepted: boolean }): PersonalDataAccess {
  if (relation.full) return PersonalDataAccess.FULL;
  if (relation.accepted) return PersonalDataAccess.HOST_CONTACT;
  if (relation.host) return PersonalDataAccess.HOST;
  return PersonalDataAccess.NONE;
}

/** What of the personal data a given access shows: the host sees only what it needs to welcome the person. */
export function personalDataView(data: ParticipantPersonalRow, access: PersonalDataAccess): ParticipantPersonalRow | null {
  switch (access) {
    case PersonalDataAccess.FULL:
      return data;
    case PersonalDataAccess.NONE:
      return null;
    case PersonalDataAccess.HOST:
    case PersonalDataAccess.HOST_CONTACT: {
      const contact = access === PersonalDataAccess.HOST_CONTACT;
      return {
        participantId: data.participantId,
        firstName: data.firstName,
        lastName: `${data.lastName.trim().charAt(0).toUpperCase()}.`,
        birthDate: null,
        email: contact ? data.email : null,
        phone: contact ? data.phone : null,
        address: null,
        postalCode: null,
        communeCode: null,
        notes: null,
        rqth: null,
      };
    }
  }
}
