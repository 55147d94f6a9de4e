import { AccountRole } from '../../src/access/rules/account-role';
import type { CompanyKey } from './companies';
import type { ParticipantKey } from './participants';
import type { StructureKey } from './structures';

/** Whom an account belongs to (admins: the network itself). */
export type AccountOwner =
  | { network: true }
  | { structure: StructureKey }
  | { company: CompanyKey }
  | { participant: ParticipantKey };

export interface AccountSeed {
  role: AccountRole;
  email: string;
  displayName: string;
  owner: AccountOwner;
}

/** A well-known demo account and the bearer secret that opens it. */
export interface DemoToken extends AccountSeed {
  /** Public on purpose: it only opens the demo network. */
  secret: string;
  /** One line: what to try with it. */
  what: string;
}

/**
 * One token per demo role (and one per prescriber territory), printed by the server at start so that anyone can
 * try the API as each kind of user. The secrets are fixed so that docs and example operations can quote them.
 */
export const DEMO_TOKENS: readonly DemoToken[] = [
  {
    role: AccountRole.NETWORK_ADMIN,
    email: 'admin@relais.example.org',
    displayName: 'Équipe Relais',
    owner: { network: true },
    secret: 'rls_demo_network_admin',
    what: 'Sees the whole network: every structure, participant and referral of the three territories.',
  },
  {
    role: AccountRole.STRUCTURE_ADMIN,
    email: 'sophie.martin@crepi-idf.example.org',
    displayName: 'Sophie Martin (CRÉPI Île-de-France)',
    owner: { structure: 'crepi' },
    secret: 'rls_demo_crepi_animator',
    what: 'CRÉPI animator: publishes Ambassadeurs des métiers sessions, answers referrals to them, animates PAQTE commitments.',
  },
  {
    role: AccountRole.STRUCTURE_STAFF,
    email: 'claire.dumas@plie-libournais.example.org',
    displayName: 'Claire Dumas (PLIE du Libournais)',
    owner: { structure: 'plieLibournais' },
    secret: 'rls_demo_plie_counsellor',
    what: 'PLIE counsellor: refers Libournais participants to the fortnightly site visits (one is full, with a waiting list) and immersions.',
  },
  {
    role: AccountRole.STRUCTURE_STAFF,
    email: 'thomas.lacoste@ml-sudgironde.example.org',
    displayName: 'Thomas Lacoste (Mission Locale Sud Gironde)',
    owner: { structure: 'missionLocaleSudGironde' },
    secret: 'rls_demo_ml_counsellor',
    what: 'Mission locale counsellor: follows young people (one is 17), refers them to the MFR vineyard workshop and the Langon bakery immersion.',
  },
  {
    role: AccountRole.STRUCTURE_STAFF,
    email: 'karim.belkacem@francetravail.example.org',
    displayName: 'Karim Belkacem (France Travail Saint-Denis Pleyel)',
    owner: { structure: 'franceTravailSaintDenis' },
    secret: 'rls_demo_ft_counsellor',
    what: 'France Travail counsellor: refers Saint-Denis job seekers to Ambassadeurs des métiers sessions and PMSMP immersions.',
  },
  {
    role: AccountRole.COMPANY_ADMIN,
    email: 'nadia.ferreira@gros-oeuvre-plaine.example.org',
    displayName: 'Nadia Ferreira (Gros Œuvre de la Plaine)',
    owner: { company: 'grosOeuvrePlaine' },
    secret: 'rls_demo_company_admin',
    what: 'Building company of Saint-Denis: manages its coffreur-bancheur immersion offer and PAQTE commitments, sees referrals to its sessions.',
  },
  {
    role: AccountRole.PARTICIPANT,
    email: 'yacine.benali@example.org',
    displayName: 'Yacine Benali',
    owner: { participant: 'yacine' },
    secret: 'rls_demo_participant',
    what: 'A participant: sees his own referrals (a completed Ambassadeurs session, an accepted immersion) and nobody else’s.',
  },
  {
    role: AccountRole.PARTNER_INTEGRATION,
    email: 'portail@crepi-idf.example.org',
    displayName: 'Portail du CRÉPI Île-de-France',
    owner: { structure: 'crepi' },
    secret: 'rls_demo_crepi_portal',
    what: 'A partner portal (read-only): lists métiers, public sessions and offers, subscribes to new visit slots.',
  },
];
