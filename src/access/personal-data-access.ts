import type { ParticipantPersonalRow } from '../participants';

/**
 * How much of a participant's personal data a viewer may read:
 * - FULL: network admins, the participant, the referent structure, and the prescriber of one of their referrals;
 * - HOST_CONTACT / HOST: the host of a session or offer they are referred to (organiser, host company or structure, offering
 *   company) — first name, last-name initial, and the contact once a referral to it is accepted;
 * - NONE: everyone else, and read-only integrations always.
 */
export enum PersonalDataAccess {
  NONE = 'NONE',
  HOST = 'HOST',
  HOST_CONTACT = 'HOST_CONTACT',
  FULL = 'FULL',
}

/**
 * What an organisation's account is to one participant, as the statement of referrals/queries/personal-data-access.ts
 * finds it: `full`, it is their referent or the prescriber of one of their referrals; `host`, it hosts a session or
 * offer they are referred to; `accepted`, it also said yes to one of those referrals (ACCEPTED_BY_HOST_STATUSES).
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
