import type { EntityManager } from '@mikro-orm/postgresql';
import { Company, CompanyMembership, Structure } from '../../src/db/entities';
import { CompanySizeBand } from '../../src/network/rules/company-size-band';
import { NAF_CODE } from '../../src/common/codes';
import { mapSeeds } from './keyed';
import { checkedSiret } from './sirets';
import type { StructureKey } from './structures';
import type { DemoReference } from './reference';
import type { Address } from './territories';

export interface CompanySeed {
  name: string;
  /** Fabricated, Luhn-valid. */
  siret: string;
  /** NAF rév. 2, dotted. */
  nafCode: string;
  sizeBand: CompanySizeBand;
  address: Address;
  website?: string;
  description: string;
  /**
   * The club it belongs to, and since when (`YYYY-MM-DD`); `hostingAgreement`: it agreed once and for all to host
   * the club's sessions (they are CONFIRMED from the start), instead of confirming each one.
   */
  memberOf?: { structure: StructureKey; since: string; hostingAgreement?: boolean };
}

/**
 * Companies that open their doors: three CRÉPI members in Seine-Saint-Denis, three in Gironde, two near Valenciennes.
 * Two CRÉPI members have a standing hosting agreement; Gros Œuvre de la Plaine (the demo company admin's) confirms
 * each session it hosts, and has a draft waiting for its answer.
 */
export const DEMO_COMPANIES = {
  grosOeuvrePlaine: {
    name: 'Gros Œuvre de la Plaine',
    siret: '41387259900019',
    nafCode: '43.99C',
    sizeBand: CompanySizeBand.MEDIUM,
    address: { commune: '93066', street: '45 avenue du Président Wilson', postalCode: '93210' },
    website: 'https://gros-oeuvre-plaine.example.org',
    description: 'Entreprise de gros œuvre (béton armé, coffrage-banche) sur les chantiers du nord parisien.',
    memberOf: { structure: 'crepi', since: '2019-03-01' },
  },
  ateliersPierreAubervilliers: {
    name: 'Ateliers de la Pierre d’Aubervilliers',
    siret: '50238714500019',
    nafCode: '23.70Z',
    sizeBand: CompanySizeBand.SMALL,
    address: { commune: '93001', street: '8 rue de la Haie-Coq' },
    description: 'Taille et restauration de pierre de taille pour les monuments et les façades haussmanniennes.',
    memberOf: { structure: 'crepi', since: '2021-09-15', hostingAgreement: true },
  },
  transportsEstFrancilien: {
    name: 'Transports de l’Est Francilien',
    siret: '78845126800023',
    nafCode: '49.31Z',
    sizeBand: CompanySizeBand.LARGE,
    address: { commune: '93008', street: '2 rue de l’Industrie' },
    description: 'Exploitant de lignes de bus urbaines en Seine-Saint-Denis ; recrute et forme ses conducteurs.',
    memberOf: { structure: 'crepi', since: '2022-01-10', hostingAgreement: true },
  },
  vignoblesTertreRouge: {
    name: 'SCEA Vignobles du Tertre Rouge',
    siret: '88231590600017',
    nafCode: '01.21Z',
    sizeBand: CompanySizeBand.SMALL,
    address: { commune: '33394', street: 'Lieu-dit Le Tertre Rouge' },
    description: 'Propriété viticole de Saint-Émilion (18 ha) : taille, travaux en vert, vendanges manuelles.',
  },
  maconnerieDubreuil: {
    name: 'Maçonnerie Dubreuil et Fils',
    siret: '49982317700013',
    nafCode: '43.99C',
    sizeBand: CompanySizeBand.SMALL,
    address: { commune: '33243', street: '17 avenue de l’Épinette' },
    description: 'Maçonnerie générale et rénovation du bâti ancien dans le Libournais.',
  },
  fournilLangon: {
    name: 'Au Fournil de Langon',
    siret: '30245816100031',
    nafCode: '10.71C',
    sizeBand: CompanySizeBand.MICRO,
    address: { commune: '33227', street: '21 cours Sadi Carnot' },
    description: 'Boulangerie-pâtisserie artisanale, pain au levain cuit au feu de bois.',
  },
  hainautLogistique: {
    name: 'Hainaut Logistique Services',
    siret: '82614407300010',
    nafCode: '52.10B',
    sizeBand: CompanySizeBand.LARGE,
    address: { commune: '59475', street: 'Zone d’activités de l’Aérodrome, rue Jean Mermoz' },
    description: 'Entrepôt logistique multi-clients (e-commerce, grande distribution) ; préparation de commandes en équipes.',
  },
  netHainautProprete: {
    name: 'Net’Hainaut Propreté',
    siret: '77459023600022',
    nafCode: '81.21Z',
    sizeBand: CompanySizeBand.MEDIUM,
    address: { commune: '59606', street: '34 boulevard Harpignies' },
    description: 'Nettoyage de bureaux, d’écoles et de locaux industriels dans le Valenciennois.',
  },
} satisfies Record<string, CompanySeed>;

export type CompanyKey = keyof typeof DEMO_COMPANIES;

/** The companies, and the CRÉPI memberships of those that have one. */
export function createCompanies(em: EntityManager, reference: DemoReference, structures: Record<StructureKey, Structure>): Record<CompanyKey, Company> {
  return mapSeeds(DEMO_COMPANIES, (seed: CompanySeed) => {
    if (!NAF_CODE.test(seed.nafCode)) throw new Error(`demo NAF code ${seed.nafCode} of ${seed.name} is not dotted`);
    const company = em.create(Company, {
      name: seed.name,
      siret: checkedSiret(seed.siret, seed.name),
      nafCode: seed.nafCode,
      sizeBand: seed.sizeBand,
      ...reference.locate(seed.address),
      website: seed.website ?? null,
      description: seed.description,
    });
    if (seed.memberOf) {
      const { structure, since, hostingAgreement = false } = seed.memberOf;
      em.create(CompanyMembership, { company, structure: structures[structure], since, hostingAgreement });
    }
    return company;
  });
}
