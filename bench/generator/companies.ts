import { CompanySizeBand } from '../../src/network/rules/company-size-band';
import { StructureKind } from '../../src/network/rules/structure-kind';
import type { Clock } from './clock';
import { DAY_MS, isoDay } from './clock';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { pickWeighted, shuffled, ZipfSampler } from './distributions';
import type { Geography, MetierSkew } from './geography';
import { companyName, slug, streetAddress } from './names';
import type { Random } from './prng';
import type { CommuneRef, DepartementRef, MetierRef } from './reference';
import { siretOf } from './siret';
import type { StructurePlan } from './structures';

/** Headcount bands, most companies being small. */
const SIZE_SHARES: Readonly<Record<CompanySizeBand, number>> = { MICRO: 52, SMALL: 30, MEDIUM: 13, LARGE: 5 };
/** How often a company of a band hosts sessions and offers immersions, relative. */
export const SIZE_ACTIVITY: Readonly<Record<CompanySizeBand, number>> = { MICRO: 1, SMALL: 2, MEDIUM: 4, LARGE: 8 };
/** Share of the companies of a région with a CRÉPI that are members of it. */
const CRÉPI_MEMBERSHIP_SHARE = 0.25;

export interface CompanyPlan {
  id: number;
  siret: string;
  name: string;
  nafCode: string | null;
  sizeBand: CompanySizeBand | null;
  departement: DepartementRef;
  commune: CommuneRef;
  address: string;
  postalCode: string | null;
  website: string | null;
  description: string | null;
  createdAt: Date;
  /** The ROME fiches the company hires in: its sessions and offers are mostly about them. */
  trades: readonly MetierRef[];
  /** The CRÉPI it is a member of, and since when. */
  crepiId: number | null;
  memberSince: string | null;
  /** Hosting and offering activity, relative. */
  activity: number;
  adminAccountId: number;
  staffAccountId: number | null;
}

export function planCompanies(
  count: number,
  geo: Geography,
  metiers: MetierSkew,
  nafSubclasses: readonly string[],
  structures: readonly StructurePlan[],
  clock: Clock,
  rng: Random,
  seed: number,
): CompanyPlan[] {
  // NAF codes: Zipf over the subclasses in a seeded order (a few activities are very common).
  const naf = new ZipfSampler(shuffled(nafSubclasses, rng), 0.9);
  const crepiByRegion = new Map<string, StructurePlan>();
  for (const s of structures) if (s.kind === StructureKind.CREPI && !crepiByRegion.has(s.departement.regionCode)) crepiByRegion.set(s.departement.regionCode, s);
  const plans: CompanyPlan[] = [];
  for (let index = 0; index < count; index++) {
    const id = index + 1;
    const departement = geo.departement(rng);
    const commune = geo.commune(rng, departement);
    const sizeBand = rng.chance(0.95) ? pickWeighted(rng, SIZE_SHARES) : null;
    const first = metiers.metier(rng);
    const trades = [first];
    const more = rng.int(0, 2);
    for (let i = 0; i < more; i++) {
      const next = rng.chance(0.7) ? metiers.neighbour(rng, first) : metiers.metier(rng);
      if (!trades.includes(next)) trades.push(next);
    }
    const name = companyName(rng, commune.name);
    const crepi = crepiByRegion.get(departement.regionCode);
    const member = crepi !== undefined && rng.chance(CRÉPI_MEMBERSHIP_SHARE);
    const createdAt = new Date(clock.nowMs - rng.int(100, 2200) * DAY_MS);
    plans.push({
      id,
      siret: siretOf(id, 0, seed, rng.int(1, 120)),
      name,
      nafCode: rng.chance(0.97) ? naf.sample(rng) : null,
      sizeBand,
      departement,
      commune,
      address: streetAddress(rng),
      postalCode: commune.postalCodes.length > 0 ? rng.pick(commune.postalCodes) : null,
      website: rng.chance(0.5) ? `https://www.${slug(name).slice(0, 40)}-${id}.example.com` : null,
      description: rng.chance(0.4) ? `${first.label} à ${commune.name}.` : null,
      createdAt,
      trades,
      crepiId: member ? crepi.id : null,
      memberSince: member ? isoDay(Math.min(createdAt.getTime() + rng.int(0, 600) * DAY_MS, clock.nowMs - DAY_MS)) : null,
      activity: SIZE_ACTIVITY[sizeBand ?? CompanySizeBand.SMALL] * rng.between(0.3, 1.7) * (member ? 2 : 1),
      adminAccountId: 0,
      staffAccountId: null,
    });
  }
  return plans;
}

export const COMPANY_TABLE = defineCopyTable('company', [
  'id', 'address', 'postal_code', 'commune_code', 'departement_code', 'latitude', 'longitude', 'siret', 'name', 'naf_code', 'size_band',
  'website', 'description', 'created_at', 'updated_at',
] as const);

export function* companyRows(plans: readonly CompanyPlan[]): Generator<CopyRow<(typeof COMPANY_TABLE.columns)[number]>> {
  for (const c of plans) {
    yield {
      id: c.id, address: c.address, postal_code: c.postalCode, commune_code: c.commune.code, departement_code: c.departement.code,
      latitude: c.commune.latitude, longitude: c.commune.longitude, siret: c.siret, name: c.name, naf_code: c.nafCode, size_band: c.sizeBand,
      website: c.website, description: c.description, created_at: c.createdAt, updated_at: c.createdAt,
    };
  }
}

export const MEMBERSHIP_TABLE = defineCopyTable('company_membership', ['id', 'company_id', 'structure_id', 'since'] as const);

export function* membershipRows(plans: readonly CompanyPlan[]): Generator<CopyRow<(typeof MEMBERSHIP_TABLE.columns)[number]>> {
  let id = 0;
  for (const c of plans) {
    if (c.crepiId === null) continue;
    yield { id: ++id, company_id: c.id, structure_id: c.crepiId, since: c.memberSince };
  }
}
