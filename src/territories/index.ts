// The public surface of territories: what other capabilities may import from it (dependency-cruiser checks it).
export { boundingBox, distanceKm } from './rules/geo';
export { Located } from './entities/located';
export { byName, listLocated, locatedColumns, type LocatedColumns } from './queries/located-list';
export { applyLocationFilter, validateNear, type LocationFilter } from './queries/location-filter';
export { AddressInput } from './graphql/address-input.types';
export { Located as LocatedType, LOCATED_FIELD_KEYS } from './graphql/located.types';
export { CommuneType } from './graphql/territories.types';
export { type CommuneRow } from './queries/territories';
export { LocationFilterInput, NearInput } from './graphql/location-input.types';
export { checkPostalCode, communeCode, findCommune, locationInput, postalCode, resolveLocation } from './use-cases/location';
