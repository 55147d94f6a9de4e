import type { Knex } from '@mikro-orm/postgresql';
import { boundingBox, EARTH_RADIUS_KM, type GeoPoint } from '../rules/geo';
import { BadInputError } from '../../common/errors';

export interface NearFilter extends GeoPoint {
  radiusKm: number;
}

/** Where: the territory filters shared by every located list (structures, companies, sessions, offers). */
export interface LocationFilter {
  departementCodes?: string[] | null;
  communeCodes?: string[] | null;
  near?: NearFilter | null;
}

export const MAX_RADIUS_KM = 500;

/**
 * A coordinate rounded to 1e-9 degree (0.1 mm). PostgreSQL refuses a float8 result that underflows (`radians(5e-324)`:
 * "value out of range: underflow"), so a valid but subnormal latitude or longitude would fail the statement.
 */
const sqlCoordinate = (degrees: number) => Math.round(degrees * 1e9) / 1e9;

/** Haversine distance in km from the bound point to the row's coordinates, as SQL. */
export function distanceSql(alias: string, near: GeoPoint): { sql: string; bindings: number[] } {
  const point = { latitude: sqlCoordinate(near.latitude), longitude: sqlCoordinate(near.longitude) };
  return {
    sql:
      `(${2 * EARTH_RADIUS_KM} * asin(least(1, sqrt(power(sin(radians(${alias}.latitude - ?) / 2), 2) + ` +
      `cos(radians(?)) * cos(radians(${alias}.latitude)) * power(sin(radians(${alias}.longitude - ?) / 2), 2)))))`,
    bindings: [point.latitude, point.latitude, point.longitude],
  };
}

/** Checks a point and radius; `field` names the argument in errors. */
export function validateNear(near: NearFilter, field = 'filter.near'): void {
  if (!(near.latitude >= -90 && near.latitude <= 90)) throw new BadInputError(`${field}.latitude`, 'must be between -90 and 90');
  if (!(near.longitude >= -180 && near.longitude <= 180)) throw new BadInputError(`${field}.longitude`, 'must be between -180 and 180');
  if (!(near.radiusKm > 0 && near.radiusKm <= MAX_RADIUS_KM)) throw new BadInputError(`${field}.radiusKm`, `must be greater than 0 and at most ${MAX_RADIUS_KM}`);
}

/**
 * Applies département, commune and distance filters. Distance uses the indexed latitude/longitude bounding box
 * first, then the exact great-circle distance.
 */
export function applyLocationFilter(q: Knex.QueryBuilder, alias: string, filter: LocationFilter): void {
  if (filter.departementCodes?.length) q.whereIn(`${alias}.departement_code`, filter.departementCodes);
  if (filter.communeCodes?.length) q.whereIn(`${alias}.commune_code`, filter.communeCodes);
  if (filter.near) {
    validateNear(filter.near);
    const box = boundingBox(filter.near, filter.near.radiusKm);
    q.whereBetween(`${alias}.latitude`, [box.minLatitude, box.maxLatitude]);
    q.whereBetween(`${alias}.longitude`, [box.minLongitude, box.maxLongitude]);
    const distance = distanceSql(alias, filter.near);
    q.whereRaw(`${distance.sql} <= ?`, [...distance.bindings, filter.near.radiusKm]);
  }
}
