import { PersonalDataAccess } from '../../access';

/**
 * Who reads a participant's passeport: those who follow them — the participant, network admins, the referent
 * structure and the prescriber of one of their referrals, the FULL personal-data access (access/personal-data-access.ts).
 * A host (the organiser or the company of a session or offer they are referred to) reads only what it needs to
 * welcome them, not their journey elsewhere; portals never. Null for everyone else, like personal data.
 */
export function mayReadPasseport(access: PersonalDataAccess): boolean {
  return access === PersonalDataAccess.FULL;
}
