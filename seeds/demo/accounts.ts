import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, Company, Participant, Structure } from '../../src/db/entities';
import { AccountRole } from '../../src/access/rules/account-role';
import { issueToken } from '../../src/access/use-cases/api-tokens';
import type { CompanyKey } from './companies';
import type { ParticipantKey } from './participants';
import type { StructureKey } from './structures';
import { required } from './keyed';
import { DEMO_TOKENS, type AccountOwner, type AccountSeed } from './tokens';

/**
 * The people behind the other structures and companies, without a published token: they are the actors of the
 * referral logs (who sent, who answered), so every structure and company that acts has one.
 */
const DEMO_STAFF_ACCOUNTS: readonly AccountSeed[] = [
  { role: AccountRole.STRUCTURE_STAFF, email: 'isabelle.nguyen@capemploi93.example.org', displayName: 'Isabelle Nguyen (Cap emploi 93)', owner: { structure: 'capEmploi93' } },
  { role: AccountRole.STRUCTURE_STAFF, email: 'pierre.castaing@mfr.example.org', displayName: 'Pierre Castaing (MFR de Vayres)', owner: { structure: 'mfrVayres' } },
  { role: AccountRole.STRUCTURE_STAFF, email: 'ludovic.delattre@aci-hainaut.example.org', displayName: 'Ludovic Delattre (ACI Espaces Verts du Hainaut)', owner: { structure: 'aciHainaut' } },
  { role: AccountRole.STRUCTURE_STAFF, email: 'celine.vandamme@hainaut-interim-insertion.example.org', displayName: 'Céline Vandamme (Hainaut Intérim Insertion)', owner: { structure: 'ettiValenciennes' } },
  { role: AccountRole.COMPANY_ADMIN, email: 'marc.lefort@pierre-aubervilliers.example.org', displayName: 'Marc Lefort (Ateliers de la Pierre)', owner: { company: 'ateliersPierreAubervilliers' } },
  { role: AccountRole.COMPANY_ADMIN, email: 'rh@transports-est-francilien.example.org', displayName: 'Service RH (Transports de l’Est Francilien)', owner: { company: 'transportsEstFrancilien' } },
  { role: AccountRole.COMPANY_ADMIN, email: 'helene.baudin@tertre-rouge.example.org', displayName: 'Hélène Baudin (Vignobles du Tertre Rouge)', owner: { company: 'vignoblesTertreRouge' } },
  { role: AccountRole.COMPANY_ADMIN, email: 'jl.dubreuil@maconnerie-dubreuil.example.org', displayName: 'Jean-Luc Dubreuil (Maçonnerie Dubreuil)', owner: { company: 'maconnerieDubreuil' } },
  { role: AccountRole.COMPANY_ADMIN, email: 'fournil.langon@example.org', displayName: 'Émilie Darriet (Au Fournil de Langon)', owner: { company: 'fournilLangon' } },
  { role: AccountRole.COMPANY_ADMIN, email: 'recrutement@hainaut-logistique.example.org', displayName: 'Recrutement (Hainaut Logistique Services)', owner: { company: 'hainautLogistique' } },
  { role: AccountRole.COMPANY_ADMIN, email: 'direction@nethainaut.example.org', displayName: 'Karima Boulanger (Net’Hainaut Propreté)', owner: { company: 'netHainautProprete' } },
];

const ALL_ACCOUNTS: readonly AccountSeed[] = [...DEMO_TOKENS, ...DEMO_STAFF_ACCOUNTS];

/** Which owner each role belongs to (Account: a structure, a company, a participant, or none for admins). */
const OWNER_OF_ROLE: Record<AccountRole, 'network' | 'structure' | 'company' | 'participant'> = {
  [AccountRole.NETWORK_ADMIN]: 'network',
  [AccountRole.STRUCTURE_ADMIN]: 'structure',
  [AccountRole.STRUCTURE_STAFF]: 'structure',
  [AccountRole.PARTNER_INTEGRATION]: 'structure',
  [AccountRole.COMPANY_ADMIN]: 'company',
  [AccountRole.COMPANY_STAFF]: 'company',
  [AccountRole.PARTICIPANT]: 'participant',
};

/** Roles that act for their structure or company in the referral logs (an integration only reads). */
const ACTING_ROLES: ReadonlySet<AccountRole> = new Set([AccountRole.STRUCTURE_ADMIN, AccountRole.STRUCTURE_STAFF, AccountRole.COMPANY_ADMIN, AccountRole.COMPANY_STAFF]);

export interface AccountOwners {
  structures: Record<StructureKey, Structure>;
  companies: Record<CompanyKey, Company>;
  participants?: Record<ParticipantKey, Participant>;
}

/** The demo accounts, by email, and the account acting for each structure and company. */
export class DemoAccounts {
  readonly byEmail = new Map<string, Account>();

  /** Creates the accounts of `which` owners: participants' accounts wait until the participants exist. */
  create(em: EntityManager, owners: AccountOwners, which: 'staff' | 'participants'): void {
    for (const seed of ALL_ACCOUNTS.filter((s) => ('participant' in s.owner) === (which === 'participants'))) {
      if (!(OWNER_OF_ROLE[seed.role] in seed.owner)) throw new Error(`demo account ${seed.email}: a ${seed.role} cannot belong to ${JSON.stringify(seed.owner)}`);
      this.byEmail.set(seed.email, em.create(Account, {
        email: seed.email,
        displayName: seed.displayName,
        role: seed.role,
        structure: 'structure' in seed.owner ? owners.structures[seed.owner.structure] : null,
        company: 'company' in seed.owner ? owners.companies[seed.owner.company] : null,
        participant: 'participant' in seed.owner ? required(owners.participants, 'the participants')[seed.owner.participant] : null,
      }));
    }
  }

  /** The counsellor or admin who acts for a structure: referent of its participants, sender or answerer of referrals. */
  ofStructure(key: StructureKey): Account {
    return this.acting((owner) => 'structure' in owner && owner.structure === key, key);
  }

  /** The admin who answers immersion referrals for a company. */
  ofCompany(key: CompanyKey): Account {
    return this.acting((owner) => 'company' in owner && owner.company === key, key);
  }

  /** Issues the well-known demo tokens (each flushes, as issueToken does). */
  async issueDemoTokens(em: EntityManager): Promise<number> {
    for (const token of DEMO_TOKENS) {
      await issueToken(em, required(this.byEmail.get(token.email), `account ${token.email}`), { secret: token.secret, label: 'demo network' });
    }
    return DEMO_TOKENS.length;
  }

  private acting(owns: (owner: AccountOwner) => boolean, key: string): Account {
    const seed = required(ALL_ACCOUNTS.find((s) => ACTING_ROLES.has(s.role) && owns(s.owner)), `an account acting for ${key}`);
    return required(this.byEmail.get(seed.email), `account ${seed.email}`);
  }
}
