import type { EntityManager } from '@mikro-orm/postgresql';
import { Commune } from '../entities/commune';
import type { Located } from '../entities/located';
import { INSEE_COMMUNE_CODE } from '../../common/codes';
import { BadInputError } from '../../common/errors';
import { optionalText, z } from '../../common/validate';

/** Where something is, as clients write it; shared by sessions, immersion offers and participants. */
export const communeCode = z.string().trim().toUpperCase().regex(INSEE_COMMUNE_CODE, 'must be an INSEE commune code (5 characters, e.g. 93066), not a postal code');
export const postalCode = z.string().trim().regex(/^\d{5}$/, 'must be a French postal code of 5 digits');

export const locationInput = {
  address: optionalText(500),
  postalCode: postalCode.nullish(),
  communeCode: communeCode.nullish(),
};

/** The location columns of a Located entity. */
export interface LocationFields {
  address: string | null;
  postalCode: string | null;
  commune: Commune | null;
  departementCode: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** A commune of the territories table, or BAD_USER_INPUT naming `field` (a code, not an id: not NOT_FOUND). */
export async function findCommune(tx: EntityManager, code: string, field: string): Promise<Commune> {
  const commune = await tx.findOne(Commune, { code });
  if (!commune) throw new BadInputError(field, `names no commune: ${code} is not an INSEE code of the territories table`);
  return commune;
}

/** A postal code given with a commune must be one of the commune's (when the table knows them). */
export function checkPostalCode(commune: Commune, code: string | null | undefined, field: string): void {
  if (code && commune.postalCodes.length > 0 && !commune.postalCodes.includes(code)) {
    throw new BadInputError(field, `is not a postal code of ${commune.name} (${commune.postalCodes.join(', ')})`);
  }
}

/**
 * Location fields from an address and a commune: département and centre point are copied from the commune (the
 * portal filters on them without a join); a commune with one postal code gives it. Without a commune, the
 * location is `fallback`'s (the company's premises), or none. An address without its commune could not be placed
 * on the map, so it is refused.
 */
export async function resolveLocation(
  tx: EntityManager,
  input: { address?: string | null; postalCode?: string | null; communeCode?: string | null },
  fallback: Located<string> | null,
): Promise<LocationFields> {
  if (!input.communeCode) {
    if (input.address || input.postalCode) throw new BadInputError('input.communeCode', 'is required with an address or a postal code (it places it on the map)');
    return fallback ? locationOf(fallback) : { address: null, postalCode: null, commune: null, departementCode: null, latitude: null, longitude: null };
  }
  const commune = await findCommune(tx, input.communeCode, 'input.communeCode');
  checkPostalCode(commune, input.postalCode, 'input.postalCode');
  return {
    address: input.address ?? null,
    postalCode: input.postalCode ?? (commune.postalCodes.length === 1 ? commune.postalCodes[0]! : null),
    commune,
    departementCode: commune.departement.code,
    latitude: commune.latitude ?? null,
    longitude: commune.longitude ?? null,
  };
}

/** A copy of another located record's location. */
export function locationOf(located: Located<string>): LocationFields {
  return {
    address: located.address ?? null,
    postalCode: located.postalCode ?? null,
    commune: located.commune ?? null,
    departementCode: located.departementCode ?? null,
    latitude: located.latitude ?? null,
    longitude: located.longitude ?? null,
  };
}
