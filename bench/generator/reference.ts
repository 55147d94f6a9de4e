import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase } from 'pg';
import { formatImportResult, type ImportResult } from '../../seeds/importers/import-result';
import { importNaf } from '../../seeds/importers/naf';
import { importRome } from '../../seeds/importers/rome';
import { importTerritories } from '../../seeds/importers/territories';
import type { Orm } from '../../src/db/orm';

/**
 * Reference data, imported by the project's own importers (the functions behind `npm run cli -- import-rome`,
 * `import-territories` and `import-naf`), then read back for the generator.
 */
export async function importReferenceData(orm: Orm, dirs: { romeDir: string; postalCsv: string }, log: (line: string) => void): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  const run = async (job: (em: EntityManager) => Promise<ImportResult>) => {
    const result = await job(orm.em.fork());
    log(`  ${formatImportResult(result)}`);
    results.push(result);
  };
  await run((em) => importTerritories(em, { postalCsv: dirs.postalCsv }));
  await run((em) => importRome(em, dirs.romeDir));
  await run((em) => importNaf(em));
  return results;
}

export interface CommuneRef {
  code: string;
  name: string;
  departementCode: string;
  postalCodes: readonly string[];
  population: number;
  latitude: number;
  longitude: number;
}

export interface DepartementRef {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  population: number;
  /** Communes with a centre point (distance search needs one), most populated first. */
  communes: readonly CommuneRef[];
}

export interface AppellationRef {
  code: number;
  label: string;
  shortLabel: string;
  principal: boolean;
}

export interface MetierRef {
  code: string;
  label: string;
  domaineCode: string;
  appellations: readonly AppellationRef[];
}

export interface Reference {
  departements: readonly DepartementRef[];
  departementByCode: ReadonlyMap<string, DepartementRef>;
  metiers: readonly MetierRef[];
  metierByCode: ReadonlyMap<string, MetierRef>;
  /** NAF rév. 2 subclasses (`43.99C`): the level companies are coded at. */
  nafSubclasses: readonly string[];
  /** Communes in the database, with or without a point (counted for the fixture). */
  communeCount: number;
  appellationCount: number;
}

/** Reads what the importers wrote: départements with their located communes, métiers with appellations, NAF. */
export async function loadReference(client: ClientBase): Promise<Reference> {
  const regions = new Map(
    (await client.query<{ code: string; name: string }>('select code, name from region')).rows.map((r) => [r.code, r.name]),
  );
  const communeRows = (
    await client.query<{
      code: string; name: string; departement_code: string; postal_codes: string[]; population: number | null; latitude: number | null; longitude: number | null;
    }>('select code, name, departement_code, postal_codes, population, latitude, longitude from commune order by code')
  ).rows;
  const byDepartement = new Map<string, CommuneRef[]>();
  for (const row of communeRows) {
    if (row.latitude === null || row.longitude === null) continue;
    const list = byDepartement.get(row.departement_code) ?? [];
    list.push({
      code: row.code,
      name: row.name,
      departementCode: row.departement_code,
      postalCodes: row.postal_codes,
      population: row.population ?? 0,
      latitude: row.latitude,
      longitude: row.longitude,
    });
    byDepartement.set(row.departement_code, list);
  }
  const departements: DepartementRef[] = [];
  for (const row of (await client.query<{ code: string; name: string; region_code: string }>('select code, name, region_code from departement order by code')).rows) {
    const communes = (byDepartement.get(row.code) ?? []).sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
    if (communes.length === 0) continue;
    departements.push({
      code: row.code,
      name: row.name,
      regionCode: row.region_code,
      regionName: regions.get(row.region_code) ?? row.region_code,
      population: communes.reduce((sum, c) => sum + c.population, 0),
      communes,
    });
  }

  const appellations = new Map<string, AppellationRef[]>();
  const appellationRows = (
    await client.query<{ code: number; label: string; short_label: string; metier_code: string; principal: boolean }>(
      'select code, label, short_label, metier_code, principal from appellation where not rarely_used order by code',
    )
  ).rows;
  for (const row of appellationRows) {
    const list = appellations.get(row.metier_code) ?? [];
    list.push({ code: row.code, label: row.label, shortLabel: row.short_label, principal: row.principal });
    appellations.set(row.metier_code, list);
  }
  const metiers: MetierRef[] = (
    await client.query<{ code: string; label: string; domaine_code: string }>('select code, label, domaine_code from metier order by code')
  ).rows.map((row) => ({ code: row.code, label: row.label, domaineCode: row.domaine_code, appellations: appellations.get(row.code) ?? [] }));

  const nafSubclasses = (await client.query<{ code: string }>(`select code from naf_activity where level = 'SUBCLASS' order by code`)).rows.map((r) => r.code);
  const [{ communes, appellation }] = (
    await client.query<{ communes: number; appellation: number }>('select (select count(*) from commune)::int as communes, (select count(*) from appellation)::int as appellation')
  ).rows as [{ communes: number; appellation: number }];

  if (metiers.length === 0 || departements.length === 0 || nafSubclasses.length === 0) throw new Error('reference data missing after import');
  return {
    departements,
    departementByCode: new Map(departements.map((d) => [d.code, d])),
    metiers,
    metierByCode: new Map(metiers.map((m) => [m.code, m])),
    nafSubclasses,
    communeCount: communes,
    appellationCount: appellation,
  };
}

/** `dir` relative to the project folder unless absolute. */
export function projectPath(root: string, dir: string): string {
  return path.resolve(root, dir);
}
