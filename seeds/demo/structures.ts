import type { EntityManager } from '@mikro-orm/postgresql';
import { Structure } from '../../src/db/entities';
import { PRESCRIBER_KINDS, StructureKind } from '../../src/network/rules/structure-kind';
import { mapSeeds } from './keyed';
import { checkedPhone } from './phones';
import { checkedSiret } from './sirets';
import type { DemoReference } from './reference';
import type { Address } from './territories';

export interface StructureSeed {
  name: string;
  kind: StructureKind;
  /** Grants the right to prescribe to a kind that does not have it by default. */
  grantedPrescription?: true;
  siret: string;
  address: Address;
  email: string;
  phone: string;
  website?: string;
  description: string;
}

/**
 * Three territories of the network: Seine-Saint-Denis around the CRÉPI, the Libournais and Sud Gironde around the
 * PLIE, and the SIAE of the Valenciennois.
 */
export const DEMO_STRUCTURES = {
  crepi: {
    name: 'CRÉPI Île-de-France',
    kind: StructureKind.CREPI,
    siret: '81273645200010',
    address: { commune: '93066', street: '4 rue Jules Saulnier', postalCode: '93210' },
    email: 'contact@crepi-idf.example.org',
    phone: '01 49 33 10 20',
    website: 'https://crepi-idf.example.org',
    description: 'Club d’entreprises partenaires de l’insertion : sessions Ambassadeurs des métiers chez ses membres, animation des engagements PAQTE en Seine-Saint-Denis.',
  },
  franceTravailSaintDenis: {
    name: 'France Travail Saint-Denis Pleyel',
    kind: StructureKind.FT,
    siret: '79134520000020',
    address: { commune: '93066', street: '12 rue Ampère', postalCode: '93200' },
    email: 'ape.93066@francetravail.example.org',
    // The agency's line (39 49, the national short number, has no E.164 form), in ARCEP's range kept for fiction.
    phone: '01 99 00 39 49',
    description: 'Agence France Travail : accompagnement des demandeurs d’emploi de Saint-Denis, prescription de PMSMP.',
  },
  capEmploi93: {
    name: 'Cap emploi 93',
    kind: StructureKind.CAP_EMPLOI,
    siret: '83356172300010',
    address: { commune: '93008', street: '1 rue de l’Union' },
    email: 'accueil@capemploi93.example.org',
    phone: '01 48 96 20 40',
    description: 'Accompagnement vers l’emploi des personnes en situation de handicap (RQTH) en Seine-Saint-Denis.',
  },
  plieLibournais: {
    name: 'PLIE du Libournais',
    kind: StructureKind.PLIE,
    siret: '44218093100036',
    address: { commune: '33243', street: '42 rue Jules Ferry' },
    email: 'plie@libournais.example.org',
    phone: '05 57 25 14 30',
    description: 'Plan local pour l’insertion et l’emploi : parcours renforcés, visites d’entreprises tous les quinze jours.',
  },
  missionLocaleSudGironde: {
    name: 'Mission Locale Sud Gironde',
    kind: StructureKind.ML,
    siret: '52931764600014',
    address: { commune: '33227', street: '5 allée Jean Jaurès' },
    email: 'contact@ml-sudgironde.example.org',
    phone: '05 56 63 60 50',
    description: 'Mission locale rurale : jeunes de 16 à 25 ans du Langonnais, du Bazadais et du Réolais.',
  },
  mfrVayres: {
    name: 'MFR de Vayres',
    kind: StructureKind.MFR,
    siret: '38842015000020',
    address: { commune: '33539', street: '2 chemin de la Maison Familiale' },
    email: 'mfr.vayres@mfr.example.org',
    phone: '05 57 74 80 10',
    description: 'Maison familiale rurale : formations en alternance, CQP ouvrier qualifié en viticulture.',
  },
  aciHainaut: {
    name: 'Chantier d’insertion Espaces Verts du Hainaut',
    kind: StructureKind.ACI,
    siret: '90467231800014',
    address: { commune: '59014', street: '18 rue Jean Jaurès' },
    email: 'encadrement@aci-hainaut.example.org',
    phone: '03 27 46 12 80',
    description: 'Atelier et chantier d’insertion (espaces verts, petit bâtiment) : salariés en parcours, immersions en entreprise.',
  },
  ettiValenciennes: {
    name: 'Hainaut Intérim Insertion',
    kind: StructureKind.ETTI,
    siret: '75320986500041',
    address: { commune: '59606', street: '27 avenue de Denain' },
    email: 'agence@hainaut-interim-insertion.example.org',
    phone: '03 27 30 45 60',
    description: 'Entreprise de travail temporaire d’insertion : missions en logistique et propreté, job datings avec les employeurs.',
  },
} satisfies Record<string, StructureSeed>;

export type StructureKey = keyof typeof DEMO_STRUCTURES;

export function createStructures(em: EntityManager, reference: DemoReference): Record<StructureKey, Structure> {
  return mapSeeds(DEMO_STRUCTURES, (s: StructureSeed) => em.create(Structure, {
    name: s.name,
    kind: s.kind,
    canPrescribe: PRESCRIBER_KINDS.has(s.kind) || s.grantedPrescription === true,
    siret: checkedSiret(s.siret, s.name),
    ...reference.locate(s.address),
    email: s.email,
    phone: checkedPhone(s.phone, s.name),
    website: s.website ?? null,
    description: s.description,
  }));
}
