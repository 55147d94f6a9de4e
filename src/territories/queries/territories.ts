import type { EntityManager } from '@mikro-orm/postgresql';
import { rowsByKeys } from '../../db/list-query';
import { sql } from '../../db/sql';

export interface CommuneRow {
  code: string;
  name: string;
  departementCode: string;
  postalCodes: string[];
  population: number | null;
  latitude: number | null;
  longitude: number | null;
}

export interface DepartementRow {
  code: string;
  name: string;
  regionCode: string;
}

export interface RegionRow {
  code: string;
  name: string;
}

export function communesByCodes(em: EntityManager, codes: readonly string[]): Promise<CommuneRow[]> {
  return rowsByKeys(
    em,
    sql(em)('commune as c').select({
      code: 'c.code', name: 'c.name', departementCode: 'c.departement_code', postalCodes: 'c.postal_codes',
      population: 'c.population', latitude: 'c.latitude', longitude: 'c.longitude',
    }),
    'c.code',
    codes,
  );
}

export function departementsByCodes(em: EntityManager, codes: readonly string[]): Promise<DepartementRow[]> {
  return rowsByKeys(em, sql(em)('departement as d').select({ code: 'd.code', name: 'd.name', regionCode: 'd.region_code' }), 'd.code', codes);
}

export function regionsByCodes(em: EntityManager, codes: readonly string[]): Promise<RegionRow[]> {
  return rowsByKeys(em, sql(em)('region as r').select({ code: 'r.code', name: 'r.name' }), 'r.code', codes);
}
