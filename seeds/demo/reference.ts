import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Appellation, Commune, Metier } from '../../src/db/entities';
import { foldedSql } from '../../src/common/search-text';
import { required } from './keyed';
import { DEMO_DOMAINES, DEMO_GRANDS_DOMAINES, DEMO_METIERS, type DemoAppellationCode, type DemoRomeCode } from './rome';
import { DEMO_COMPETENCES, DEMO_CORE_COMPETENCES } from './rome-competences';
import { DEMO_COMMUNES, DEMO_DEPARTEMENTS, DEMO_REGIONS, demoCommune, type Address } from './territories';

/**
 * Inserts the reference rows the demo network points to, keeping any row already there: a reference importer may
 * have loaded the full ROME and territories first, and its rows (richer search text, newer labels) win.
 * Returns, per table, how many rows were actually inserted.
 */
export async function insertReferenceRows(em: EntityManager): Promise<Record<string, number>> {
  // Parents first: the foreign keys are checked row by row.
  return {
    region: await insertMissing(em, 'region', DEMO_REGIONS.map((r) => ({ code: r.code, name: r.name }))),
    departement: await insertMissing(em, 'departement', DEMO_DEPARTEMENTS.map((d) => ({ code: d.code, name: d.name, region_code: d.region }))),
    commune: await insertMissing(em, 'commune', DEMO_COMMUNES.map((c) => ({
      code: c.code,
      name: c.name,
      departement_code: c.departement,
      postal_codes: textArrayLiteral(c.postalCodes),
      population: c.population,
      latitude: c.latitude,
      longitude: c.longitude,
    }))),
    rome_grand_domaine: await insertMissing(em, 'rome_grand_domaine', DEMO_GRANDS_DOMAINES.map((g) => ({ code: g.code, label: g.label }))),
    rome_domaine: await insertMissing(em, 'rome_domaine', DEMO_DOMAINES.map((d) => ({ code: d.code, label: d.label, grand_domaine_code: d.grandDomaine }))),
    metier: await insertMissing(em, 'metier', DEMO_METIERS.map((m) => ({
      code: m.code,
      label: m.label,
      ogr_code: m.ogrCode,
      domaine_code: m.domaine,
      rome_v3code: m.romeV3Code,
      transition_eco: m.transitionEco,
      regulated: m.regulated,
      executive: m.executive,
      // Folded by the database, as the searches are.
      search_text: em.getKnex().raw(foldedSql('?'), [[m.code, m.label, ...m.appellations.map((a) => a.label)].join(' ')]),
    }))),
    appellation: await insertMissing(em, 'appellation', DEMO_METIERS.flatMap((m) => m.appellations.map((a) => ({
      code: a.code,
      label: a.label,
      short_label: a.shortLabel,
      metier_code: m.code,
      principal: a.principal,
      rarely_used: a.rarelyUsed,
    })))),
    rome_competence: await insertMissing(em, 'rome_competence', DEMO_COMPETENCES.map((c) => ({
      code: c.code,
      nature: c.nature,
      label: c.label,
      macro_competence_code: c.macroCompetenceCode,
      category: c.category,
      sub_category: c.subCategory,
    }))),
    metier_competence: await insertMissing(
      em,
      'metier_competence',
      Object.entries(DEMO_CORE_COMPETENCES).flatMap(([metier, codes]) => codes.map((code) => ({ metier_code: metier, competence_code: code, relevance: 'CORE' }))),
      ['metier_code', 'competence_code'],
    ),
  };
}

/**
 * `insert ... on conflict (code) do nothing` in the seed's transaction: never overwrites a row another loader
 * wrote. Written with the query builder of the connection because the reference entities declare no primary-key
 * type the typed builders could check the codes against.
 */
async function insertMissing(em: EntityManager, table: string, rows: Record<string, unknown>[], key: string[] = ['code']): Promise<number> {
  const result = await em.execute<QueryResult>(em.getKnex().table(table).insert(rows).onConflict(key).ignore(), [], 'run');
  return result.affectedRows;
}

/** A PostgreSQL text[] literal: the connection would spread a JS array into several values. */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** The columns of `Located` (structures, companies, sessions, offers), filled from one address. */
export interface LocatedData {
  address: string;
  postalCode: string;
  commune: Commune;
  departementCode: string;
  latitude: number;
  longitude: number;
}

/** The reference entities the demo rows point to, loaded once (whoever inserted them). */
export class DemoReference {
  private constructor(
    private readonly communes: Map<string, Commune>,
    private readonly metiers: Map<string, Metier>,
    private readonly appellations: Map<number, Appellation>,
  ) {}

  static async load(em: EntityManager): Promise<DemoReference> {
    const communes = await em.find(Commune, { code: { $in: DEMO_COMMUNES.map((c) => c.code) } });
    const metiers = await em.find(Metier, { code: { $in: DEMO_METIERS.map((m) => m.code) } });
    const appellations = await em.find(Appellation, { code: { $in: DEMO_METIERS.flatMap((m) => m.appellations.map((a) => a.code)) } });
    return new DemoReference(
      new Map(communes.map((c) => [c.code, c])),
      new Map(metiers.map((m) => [m.code, m])),
      new Map(appellations.map((a) => [a.code, a])),
    );
  }

  metier(code: DemoRomeCode): Metier {
    return required(this.metiers.get(code), `reference row métier ${code}`);
  }

  appellation(code: DemoAppellationCode): Appellation {
    return required(this.appellations.get(code), `reference row appellation ${code}`);
  }

  /** Where an address is: the département is copied from the commune, and the point is the commune's centre. */
  locate(address: Address): LocatedData {
    const seed = demoCommune(address.commune);
    const postalCode = address.postalCode ?? seed.postalCodes[0];
    if (!seed.postalCodes.includes(postalCode)) throw new Error(`${postalCode} is not a postal code of ${seed.name}`);
    return {
      address: address.street,
      postalCode,
      commune: required(this.communes.get(seed.code), `reference row commune ${seed.code}`),
      departementCode: seed.departement,
      latitude: seed.latitude,
      longitude: seed.longitude,
    };
  }
}
