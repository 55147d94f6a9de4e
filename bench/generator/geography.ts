import { shuffled, WeightedSampler, ZipfSampler } from './distributions';
import type { Random } from './prng';
import type { CommuneRef, DepartementRef, MetierRef, Reference } from './reference';

/**
 * Where and in what the network works, with a realistic skew:
 * - départements: Zipf over a ranking that puts the big insertion territories first (Nord, Paris,
 *   Seine-Saint-Denis, Bouches-du-Rhône, Rhône, Gironde), then every other département by population;
 * - communes within a département: in proportion to their population (plus a floor, so villages appear too);
 * - métiers: Zipf over the ROME fiches, with the métiers insertion programmes see most first (cleaning,
 *   order picking, retail, kitchen, care, green spaces, building), then the rest in a seeded order.
 */

/** The hot départements, hottest first. */
export const HOT_DEPARTEMENTS = ['59', '75', '93', '13', '69', '33'] as const;

/** Métiers most seen in insertion (ROME 4.0 fiches), most frequent first. */
export const HOT_METIERS = [
  'K2204', 'N1103', 'D1507', 'G1602', 'J1501', 'K1302', 'A1203', 'F1703', 'N1105', 'D1505',
  'G1803', 'N4101', 'F1701', 'K1304', 'H3302', 'F1604', 'D1106', 'G1603', 'M1607',
] as const;

export const DEPARTEMENT_ZIPF_EXPONENT = 0.8;
export const METIER_ZIPF_EXPONENT = 0.8;
/** Added to every commune's population: small communes get a little activity too. */
const COMMUNE_POPULATION_FLOOR = 300;

export class Geography {
  readonly ranked: readonly DepartementRef[];
  private readonly departementSampler: ZipfSampler<DepartementRef>;
  private readonly communeSamplers = new Map<string, WeightedSampler>();
  readonly byRegion: ReadonlyMap<string, readonly DepartementRef[]>;
  readonly departementByCode: ReadonlyMap<string, DepartementRef>;

  constructor(reference: Reference) {
    const hot = HOT_DEPARTEMENTS.map((code) => reference.departementByCode.get(code)).filter((d): d is DepartementRef => d !== undefined);
    const rest = reference.departements
      .filter((d) => !(HOT_DEPARTEMENTS as readonly string[]).includes(d.code))
      .sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
    this.ranked = [...hot, ...rest];
    this.departementByCode = reference.departementByCode;
    this.departementSampler = new ZipfSampler(this.ranked, DEPARTEMENT_ZIPF_EXPONENT);
    for (const d of reference.departements) {
      this.communeSamplers.set(d.code, new WeightedSampler(d.communes.map((c) => c.population + COMMUNE_POPULATION_FLOOR)));
    }
    const byRegion = new Map<string, DepartementRef[]>();
    for (const d of this.ranked) byRegion.set(d.regionCode, [...(byRegion.get(d.regionCode) ?? []), d]);
    this.byRegion = byRegion;
  }

  departement(rng: Random): DepartementRef {
    return this.departementSampler.sample(rng);
  }

  commune(rng: Random, departement: DepartementRef): CommuneRef {
    return departement.communes[this.communeSamplers.get(departement.code)!.sample(rng)]!;
  }

  /** Share of draws that land in the département of rank `rank` (0 = hottest). */
  share(rank: number): number {
    return this.departementSampler.probability(rank);
  }
}

export class MetierSkew {
  readonly ranked: readonly MetierRef[];
  private readonly sampler: ZipfSampler<MetierRef>;
  private readonly byDomaine = new Map<string, MetierRef[]>();

  constructor(reference: Reference, rng: Random) {
    const hot = HOT_METIERS.map((code) => reference.metierByCode.get(code)).filter((m): m is MetierRef => m !== undefined);
    const rest = shuffled(reference.metiers.filter((m) => !(HOT_METIERS as readonly string[]).includes(m.code)), rng);
    this.ranked = [...hot, ...rest];
    this.sampler = new ZipfSampler(this.ranked, METIER_ZIPF_EXPONENT);
    for (const m of reference.metiers) this.byDomaine.set(m.domaineCode, [...(this.byDomaine.get(m.domaineCode) ?? []), m]);
  }

  metier(rng: Random): MetierRef {
    return this.sampler.sample(rng);
  }

  /** Another fiche of the same domaine professionnel (or any, if the domaine has one fiche). */
  neighbour(rng: Random, metier: MetierRef): MetierRef {
    const siblings = this.byDomaine.get(metier.domaineCode) ?? [];
    return siblings.length > 1 ? rng.pick(siblings) : this.metier(rng);
  }
}
