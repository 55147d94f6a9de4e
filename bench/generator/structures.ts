import { PRESCRIBER_KINDS, StructureKind, STRUCTURE_KIND_LABELS } from '../../src/network/rules/structure-kind';
import type { Clock } from './clock';
import { DAY_MS } from './clock';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { apportion, shuffled } from './distributions';
import type { Geography } from './geography';
import { officePhone, slug, streetAddress } from './names';
import type { Random } from './prng';
import type { CommuneRef, DepartementRef } from './reference';
import { siretOf } from './siret';

/**
 * Structures of the network, by data·inclusion typology code (plus CREPI and MFR), in the proportions of a real
 * regional network: France Travail agencies, missions locales, PLIE, Cap emploi and CCAS that prescribe, SIAE
 * (ACI, AI, EI, ETTI, EITI) and GEIQ that employ and host, CRÉPI clubs and MFR that organise, and a few others.
 */
export const STRUCTURE_KIND_SHARES: Readonly<Partial<Record<StructureKind, number>>> = {
  FT: 11, ML: 9, PLIE: 4, CAP_EMPLOI: 3, CCAS: 6, CIAS: 1, DEPT: 2, ACI: 12, AI: 5, EI: 6, ETTI: 3, EITI: 1, GEIQ: 3,
  E2C: 2, EPIDE: 1, SPIP: 1, PJJ: 1, CHRS: 2, ASE: 1, CREPI: 3, MFR: 4, OF: 6, MDE: 2, ASSO: 4, CS: 2, CIDFF: 1, RS_FJT: 1, Autre: 1,
};

/** How much activity a structure of a kind has (participants followed, sessions organised), relative. */
const KIND_SIZE: Readonly<Partial<Record<StructureKind, number>>> = {
  FT: 8, ML: 6, PLIE: 4, CAP_EMPLOI: 3, CCAS: 2, DEPT: 3, ACI: 1.5, AI: 1.5, EI: 1.2, ETTI: 1.5, GEIQ: 1.2, E2C: 2, EPIDE: 2,
  CREPI: 3, MFR: 1.5, OF: 1.2, MDE: 2,
};

/** Share of structures of a non-prescriber kind granted the prescriber right (CRÉPI excepted: they organise). */
const GRANTED_PRESCRIBER_SHARE = 0.2;

export interface StructurePlan {
  id: number;
  kind: StructureKind;
  canPrescribe: boolean;
  name: string;
  departement: DepartementRef;
  commune: CommuneRef;
  address: string;
  postalCode: string | null;
  siret: string | null;
  email: string;
  phone: string | null;
  website: string | null;
  description: string | null;
  createdAt: Date;
  /** Relative activity (participants followed, sessions organised). */
  weight: number;
  /** Accounts acting for it: an admin, then counsellors/animators. */
  adminAccountId: number;
  staffAccountIds: number[];
}

export function planStructures(count: number, geo: Geography, clock: Clock, rng: Random, seed: number): StructurePlan[] {
  const kinds = Object.keys(STRUCTURE_KIND_SHARES) as StructureKind[];
  const quotas = apportion(count, kinds.map((k) => STRUCTURE_KIND_SHARES[k]!));
  // A network always has a CRÉPI (it animates commitments and organises Ambassadeurs sessions) and an agency.
  for (const needed of [StructureKind.CREPI, StructureKind.FT]) {
    const i = kinds.indexOf(needed);
    if (quotas[i] === 0) {
      const largest = quotas.indexOf(Math.max(...quotas));
      quotas[largest]!--;
      quotas[i]!++;
    }
  }
  const sequence = shuffled(kinds.flatMap((kind, i) => Array.from({ length: quotas[i]! }, () => kind)), rng);
  // CRÉPI are regional clubs: one in each région first (in its busiest département), then more in the busiest ones.
  const regionsSeen = new Set<string>();
  const firstOfRegion = geo.ranked.filter((d) => !regionsSeen.has(d.regionCode) && regionsSeen.add(d.regionCode));
  const crepiPlaces = [...firstOfRegion, ...geo.ranked.filter((d) => !firstOfRegion.includes(d))];
  let crepiCount = 0;
  const crepiRegions = new Set<string>();
  return sequence.map((kind, index) => {
    const id = index + 1;
    const departement = kind === StructureKind.CREPI ? crepiPlaces[crepiCount++ % crepiPlaces.length]! : geo.departement(rng);
    const commune = geo.commune(rng, departement);
    const canPrescribe = PRESCRIBER_KINDS.has(kind) || (kind !== StructureKind.CREPI && rng.chance(GRANTED_PRESCRIBER_SHARE));
    let name = structureName(kind, commune, departement, rng);
    if (kind === StructureKind.CREPI) {
      name = crepiRegions.has(departement.regionCode) ? `CRÉPI ${departement.regionName} – ${departement.name}` : `CRÉPI ${departement.regionName}`;
      crepiRegions.add(departement.regionCode);
    }
    const domain = `${slug(name).slice(0, 40)}-${id}.example.org`;
    return {
      id,
      kind,
      canPrescribe,
      name,
      departement,
      commune,
      address: streetAddress(rng),
      postalCode: commune.postalCodes.length > 0 ? rng.pick(commune.postalCodes) : null,
      siret: rng.chance(0.7) ? siretOf(id, 1, seed, rng.int(1, 60)) : null,
      email: `contact@${domain}`,
      phone: rng.chance(0.85) ? officePhone(rng) : null,
      website: rng.chance(0.6) ? `https://www.${domain}` : null,
      description: rng.chance(0.5) ? `${STRUCTURE_KIND_LABELS[kind]} — ${commune.name} (${departement.name}).` : null,
      createdAt: new Date(clock.nowMs - rng.int(200, 2000) * DAY_MS),
      weight: (KIND_SIZE[kind] ?? 1) * rng.between(0.5, 1.5),
      adminAccountId: 0,
      staffAccountIds: [],
    };
  });
}

function structureName(kind: StructureKind, commune: CommuneRef, departement: DepartementRef, rng: Random): string {
  const c = commune.name;
  const d = departement.name;
  switch (kind) {
    case StructureKind.FT: return `France Travail ${c}${rng.chance(0.3) ? ` ${rng.pick(['Centre', 'Nord', 'Sud', 'Est', 'Ouest'])}` : ''}`;
    case StructureKind.ML: return `Mission Locale de ${c}`;
    case StructureKind.PLIE: return `PLIE de ${c}`;
    case StructureKind.CAP_EMPLOI: return `Cap emploi ${d}`;
    case StructureKind.CCAS: return `CCAS de ${c}`;
    case StructureKind.CIAS: return `CIAS du pays de ${c}`;
    case StructureKind.DEPT: return `Département ${d} — service insertion`;
    case StructureKind.ACI: return `Chantier d’insertion ${rng.pick(['Espaces Verts', 'Bâtiment', 'Recyclerie', 'Maraîchage', 'Couture'])} de ${c}`;
    case StructureKind.AI: return `Association intermédiaire ${rng.pick(['Emploi Services', 'Coup de Main', 'Relais Emploi'])} ${c}`;
    case StructureKind.EI: return `${rng.pick(['Envie', 'Id’ées', 'Tremplin', 'Ateliers'])} ${c} (entreprise d’insertion)`;
    case StructureKind.ETTI: return `${rng.pick(['Tremplin', 'Passerelle', 'Trajectoire'])} Intérim Insertion ${c}`;
    case StructureKind.EITI: return `Coopérative d’indépendants ${c} (EITI)`;
    case StructureKind.GEIQ: return `GEIQ ${rng.pick(['BTP', 'Propreté', 'Transport Logistique', 'Industrie', 'Agricole'])} ${d}`;
    case StructureKind.E2C: return `École de la 2e chance ${c}`;
    case StructureKind.EPIDE: return `EPIDE de ${c}`;
    case StructureKind.SPIP: return `SPIP ${d}`;
    case StructureKind.PJJ: return `PJJ — unité éducative de ${c}`;
    case StructureKind.CHRS: return `CHRS ${rng.pick(['L’Escale', 'Le Relais', 'La Passerelle'])} ${c}`;
    case StructureKind.MFR: return `MFR de ${c}`;
    case StructureKind.OF: return `${rng.pick(['Centre de formation', 'Institut', 'Atelier de formation'])} ${c}`;
    case StructureKind.MDE: return `Maison de l’emploi de ${c}`;
    default: return `${STRUCTURE_KIND_LABELS[kind].replace(/ \(.*\)$/, '')} ${c}`;
  }
}

export const STRUCTURE_TABLE = defineCopyTable('structure', [
  'id', 'address', 'postal_code', 'commune_code', 'departement_code', 'latitude', 'longitude', 'name', 'kind', 'can_prescribe',
  'siret', 'email', 'phone', 'website', 'description', 'created_at', 'updated_at',
] as const);

export function* structureRows(plans: readonly StructurePlan[]): Generator<CopyRow<(typeof STRUCTURE_TABLE.columns)[number]>> {
  for (const s of plans) {
    yield {
      id: s.id, address: s.address, postal_code: s.postalCode, commune_code: s.commune.code, departement_code: s.departement.code,
      latitude: s.commune.latitude, longitude: s.commune.longitude, name: s.name, kind: s.kind, can_prescribe: s.canPrescribe,
      siret: s.siret, email: s.email, phone: s.phone, website: s.website, description: s.description, created_at: s.createdAt, updated_at: s.createdAt,
    };
  }
}
