import { required } from './keyed';

/**
 * The régions, départements and communes the demo network lives in: INSEE codes, names and populations from
 * @etalab/decoupage-administratif, commune centre points from La Poste's base officielle des codes postaux (2019).
 */

export interface RegionSeed {
  code: string;
  name: string;
}

export interface DepartementSeed {
  code: string;
  name: string;
  region: string;
}

export interface CommuneSeed {
  code: string;
  name: string;
  departement: string;
  postalCodes: readonly string[];
  population: number;
  latitude: number;
  longitude: number;
}

export const DEMO_REGIONS = [
  { code: '11', name: 'Île-de-France' },
  { code: '32', name: 'Hauts-de-France' },
  { code: '75', name: 'Nouvelle-Aquitaine' },
] as const satisfies readonly RegionSeed[];

export const DEMO_DEPARTEMENTS = [
  { code: '33', name: 'Gironde', region: '75' },
  { code: '59', name: 'Nord', region: '32' },
  { code: '93', name: 'Seine-Saint-Denis', region: '11' },
] as const satisfies readonly DepartementSeed[];

export const DEMO_COMMUNES = [
  { code: '93066', name: 'Saint-Denis', departement: '93', postalCodes: ['93200', '93210', '93380'], population: 149077, latitude: 48.929565, longitude: 2.359243 },
  { code: '93001', name: 'Aubervilliers', departement: '93', postalCodes: ['93300'], population: 88365, latitude: 48.912172, longitude: 2.384455 },
  { code: '93008', name: 'Bobigny', departement: '93', postalCodes: ['93000'], population: 56927, latitude: 48.907688, longitude: 2.43864 },
  { code: '33243', name: 'Libourne', departement: '33', postalCodes: ['33500'], population: 25036, latitude: 44.913077, longitude: -0.234709 },
  { code: '33394', name: 'Saint-Émilion', departement: '33', postalCodes: ['33330'], population: 1608, latitude: 44.899991, longitude: -0.169955 },
  { code: '33539', name: 'Vayres', departement: '33', postalCodes: ['33870'], population: 4615, latitude: 44.891066, longitude: -0.325833 },
  { code: '33227', name: 'Langon', departement: '33', postalCodes: ['33210'], population: 7674, latitude: 44.537629, longitude: -0.241841 },
  { code: '59606', name: 'Valenciennes', departement: '59', postalCodes: ['59300'], population: 43468, latitude: 50.358867, longitude: 3.515677 },
  { code: '59014', name: 'Anzin', departement: '59', postalCodes: ['59410'], population: 13183, latitude: 50.375364, longitude: 3.511132 },
  { code: '59475', name: 'Prouvy', departement: '59', postalCodes: ['59121'], population: 2178, latitude: 50.324114, longitude: 3.45729 },
] as const satisfies readonly CommuneSeed[];

/** INSEE code of a commune the demo network carries. */
export type DemoCommuneCode = (typeof DEMO_COMMUNES)[number]['code'];

/** A street address in a demo commune; the postal code defaults to the commune's first. */
export interface Address {
  commune: DemoCommuneCode;
  street: string;
  postalCode?: string;
}

export function demoCommune(code: DemoCommuneCode): CommuneSeed {
  return required(DEMO_COMMUNES.find((c) => c.code === code), `commune ${code}`);
}
