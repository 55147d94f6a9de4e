import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { INSEE_COMMUNE_CODE, INSEE_DEPARTEMENT_CODE } from '../../src/common/codes';
import {
  defineTable,
  ImportError,
  invalidField,
  matchingField,
  optionalField,
  packageVersion,
  readCsv,
  readPackageFile,
  runImport,
  type CsvRecord,
  type ImportResult,
} from './import-result';

const DECOUPAGE = '@etalab/decoupage-administratif';

/**
 * France proper: metropolitan France and the five DROM. The collectivités d'outre-mer (zone `com`: Saint-Pierre-et-
 * Miquelon, Polynésie française, Nouvelle-Calédonie, ...) are not départements (their 98x codes fail
 * INSEE_DEPARTEMENT_CODE), and the programmes the hub serves (PMSMP, PAQTE, France Travail) do not run there.
 */
const IMPORTED_ZONES: ReadonlySet<string> = new Set(['metro', 'drom']);

/** INSEE région code of France proper (`75`, `01` for Guadeloupe). */
const INSEE_REGION_CODE = /^\d{2}$/;

/** La Poste's `coordonnees_gps`: "lat, lon" in decimal degrees. */
const GPS_POINT = /^(-?\d{1,3}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)$/;

const RegionEntry = z.object({ code: z.string(), nom: z.string().min(1), zone: z.string() });
const DepartementEntry = z.object({ code: z.string(), nom: z.string().min(1), region: z.string(), zone: z.string() });
const CommuneEntry = z.object({
  code: z.string(),
  nom: z.string().min(1),
  type: z.string(),
  zone: z.string().optional(),
  departement: z.string().optional(),
  /** Parent commune of an arrondissement municipal (Paris, Marseille, Lyon) or of a commune déléguée/associée. */
  commune: z.string().optional(),
  codesPostaux: z.array(z.string()).optional(),
  population: z.number().int().nonnegative().optional(),
  /** INSEE codes this commune had before (communes nouvelles keep those of the communes they merged). */
  anciensCodes: z.array(z.string()).optional(),
});
type CommuneEntry = z.infer<typeof CommuneEntry>;

interface Point {
  latitude: number;
  longitude: number;
}

export interface TerritoriesOptions {
  /**
   * La Poste "base officielle des codes postaux" CSV (`;`-separated), for the communes' centre points. Without it,
   * centre points already in the database are kept as they are.
   */
  postalCsv?: string;
}

type RegionRow = { code: string; name: string };
type DepartementRow = { code: string; name: string; region_code: string };
type CommuneRow = {
  code: string;
  name: string;
  departement_code: string;
  postal_codes: string[];
  population: number | null;
  latitude: number | null;
  longitude: number | null;
};

const COMMUNE_COLUMNS = ['code', 'name', 'departement_code', 'postal_codes', 'population'] as const;
const POINT_COLUMNS = ['latitude', 'longitude'] as const;

/**
 * Imports régions, départements and communes actuelles (INSEE codes, names, postal codes, population) from
 * `@etalab/decoupage-administratif`, with centre points from La Poste's file when given, in one transaction.
 */
export async function importTerritories(em: EntityManager, options: TerritoriesOptions = {}): Promise<ImportResult> {
  const [regions, departements, communes, points] = await Promise.all([
    readDecoupage('regions.json', RegionEntry),
    readDecoupage('departements.json', DepartementEntry),
    readDecoupage('communes.json', CommuneEntry),
    options.postalCsv === undefined ? null : readCentrePoints(options.postalCsv),
  ]);
  const regionRows = toRegionRows(regions);
  const departementRows = toDepartementRows(departements, new Set(regionRows.map((r) => r.code)));
  const communeRows = toCommuneRows(communes, new Set(departementRows.map((d) => d.code)), points);
  const version = [await packageVersion(DECOUPAGE), options.postalCsv && path.basename(options.postalCsv)]
    .filter(Boolean)
    .join('+');
  return runImport(em, 'TERRITORIES', version, [
    defineTable({ table: 'region', key: 'code', columns: ['code', 'name'], rows: regionRows }),
    defineTable({ table: 'departement', key: 'code', columns: ['code', 'name', 'region_code'], rows: departementRows }),
    defineTable<keyof CommuneRow>({
      table: 'commune',
      key: 'code',
      // Without La Poste's file there is nothing to say about centre points: leave the columns alone.
      columns: points === null ? COMMUNE_COLUMNS : [...COMMUNE_COLUMNS, ...POINT_COLUMNS],
      rows: communeRows,
    }),
  ]);
}

/** A file of the package's `data/` folder, checked entry by entry against `schema`. */
async function readDecoupage<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const data = await readPackageFile(`${DECOUPAGE}/data/${file}`);
  const parsed = z.array(schema).safeParse(data);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new ImportError(`${DECOUPAGE}/data/${file}: entry ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
}

function decoupageError(file: string, code: string, field: string, reason: string): ImportError {
  return new ImportError(`${DECOUPAGE}/data/${file}, entry ${code}, field ${field}: ${reason}`);
}

function toRegionRows(regions: readonly z.infer<typeof RegionEntry>[]): RegionRow[] {
  return regions
    .filter((region) => IMPORTED_ZONES.has(region.zone))
    .map((region) => {
      if (!INSEE_REGION_CODE.test(region.code)) {
        throw decoupageError('regions.json', region.code, 'code', `does not match ${INSEE_REGION_CODE}`);
      }
      return { code: region.code, name: region.nom };
    });
}

function toDepartementRows(
  departements: readonly z.infer<typeof DepartementEntry>[],
  regions: ReadonlySet<string>,
): DepartementRow[] {
  return departements
    .filter((departement) => IMPORTED_ZONES.has(departement.zone))
    .map((departement) => {
      const { code } = departement;
      if (!INSEE_DEPARTEMENT_CODE.test(code)) {
        throw decoupageError('departements.json', code, 'code', `does not match ${INSEE_DEPARTEMENT_CODE}`);
      }
      if (!regions.has(departement.region)) {
        throw decoupageError('departements.json', code, 'region', `${departement.region} is not a région`);
      }
      return { code, name: departement.nom, region_code: departement.region };
    });
}

function toCommuneRows(
  entries: readonly CommuneEntry[],
  departements: ReadonlySet<string>,
  points: ReadonlyMap<string, Point> | null,
): CommuneRow[] {
  const arrondissements = arrondissementsByCommune(entries);
  return entries
    .filter((entry) => entry.type === 'commune-actuelle' && IMPORTED_ZONES.has(entry.zone ?? ''))
    .map((entry) => {
      const { code } = entry;
      if (!INSEE_COMMUNE_CODE.test(code)) {
        throw decoupageError('communes.json', code, 'code', `does not match ${INSEE_COMMUNE_CODE}`);
      }
      const departement = entry.departement ?? '';
      if (!departements.has(departement)) {
        throw decoupageError('communes.json', code, 'departement', `"${departement}" is not a département`);
      }
      const centre = points === null ? null : centreOf(entry, points, arrondissements.get(code) ?? []);
      return {
        code,
        name: entry.nom,
        departement_code: departement,
        // Sorted and unique, so that the stored array does not depend on the package's order.
        postal_codes: [...new Set(entry.codesPostaux ?? [])].sort(),
        population: entry.population ?? null,
        latitude: centre?.latitude ?? null,
        longitude: centre?.longitude ?? null,
      };
    });
}

/** Paris, Marseille and Lyon → the INSEE codes of their arrondissements municipaux. */
function arrondissementsByCommune(entries: readonly CommuneEntry[]): Map<string, string[]> {
  const byCommune = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.type !== 'arrondissement-municipal' || entry.commune === undefined) continue;
    byCommune.set(entry.commune, [...(byCommune.get(entry.commune) ?? []), entry.code]);
  }
  return byCommune;
}

/**
 * The commune's own point; else the mean of its arrondissements' points (La Poste lists Paris, Marseille and Lyon
 * only by arrondissement); else the mean of the points of the communes it merged (a commune nouvelle younger than
 * the La Poste edition); else null.
 */
function centreOf(
  entry: CommuneEntry,
  points: ReadonlyMap<string, Point>,
  arrondissements: readonly string[],
): Point | null {
  const pointsOf = (codes: readonly string[]): Point[] => codes.flatMap((code) => points.get(code) ?? []);
  return points.get(entry.code) ?? meanPoint(pointsOf(arrondissements)) ?? meanPoint(pointsOf(entry.anciensCodes ?? []));
}

/**
 * Centre point of each commune of La Poste's file. The file has one row per postal code and lieu-dit (`Ligne_5`),
 * each with the commune's point: in the 2019 edition all rows of a commune carry the same point, so the mean of its
 * distinct points is that point. The mean rather than the first row keeps the result independent of row order,
 * should an edition give a commune's rows different points.
 */
async function readCentrePoints(file: string): Promise<Map<string, Point>> {
  const records = await readCsv(file, { delimiter: ';', requiredColumns: ['Code_commune_INSEE', 'coordonnees_gps'] });
  const distinctPoints = new Map<string, Map<string, Point>>();
  for (const record of records) {
    const code = matchingField(record, 'Code_commune_INSEE', INSEE_COMMUNE_CODE);
    const gps = optionalField(record, 'coordonnees_gps');
    // A few rows (CEDEX, special distribution codes) have no point: the commune's other rows do.
    if (gps === null) continue;
    const points = distinctPoints.get(code) ?? new Map<string, Point>();
    points.set(gps, parseGps(record, gps));
    distinctPoints.set(code, points);
  }
  const centres = new Map<string, Point>();
  for (const [code, points] of distinctPoints) {
    const centre = meanPoint([...points.values()]);
    if (centre) centres.set(code, centre);
  }
  return centres;
}

function parseGps(record: CsvRecord, gps: string): Point {
  const match = GPS_POINT.exec(gps);
  const latitude = Number(match?.[1]);
  const longitude = Number(match?.[2]);
  if (!match || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw invalidField(record, 'coordonnees_gps', `"${gps}" is not "latitude, longitude"`);
  }
  return { latitude, longitude };
}

/**
 * Mean of `points`, rounded to 6 decimals (~0.1 m: far finer than a commune centre, and free of floating-point
 * noise, so that a re-run computes exactly the stored values); null when there are none.
 */
function meanPoint(points: readonly Point[]): Point | null {
  if (points.length === 0) return null;
  const mean = (values: number[]) => Math.round((values.reduce((sum, v) => sum + v, 0) / values.length) * 1e6) / 1e6;
  return { latitude: mean(points.map((p) => p.latitude)), longitude: mean(points.map((p) => p.longitude)) };
}
