import { Field, Float, InterfaceType } from 'type-graphql';
import { CommuneType, DepartementType } from './territories.types';

@InterfaceType('Located', { description: 'Something with an address in a commune and a point on the map.' })
export abstract class Located {
  @Field(() => String, { nullable: true, description: 'Street address.' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code of the address (5 digits); null when not given.' })
  postalCode!: string | null;

  @Field(() => CommuneType, { nullable: true, description: 'The commune (INSEE code) of the address; null when not known.' })
  commune!: CommuneType | null;

  @Field(() => DepartementType, { nullable: true, description: 'The département of the address; null when not known.' })
  departement!: DepartementType | null;

  @Field(() => Float, { nullable: true, description: 'Latitude (WGS 84).' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude (WGS 84).' })
  longitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'Distance in km from the `near` point of the list filter, when there was one.' })
  distanceKm!: number | null;
}

/**
 * What each field of Located reads of a row (LocatedResolver and the default resolvers), for the rows a list embeds
 * (look-ahead.ts `FieldRowKeys`). `distanceKm` reads the list's own distance, which an embedded row never has.
 */
export const LOCATED_FIELD_KEYS = {
  address: ['address'], postalCode: ['postalCode'], commune: ['communeCode'], departement: ['departementCode'],
  latitude: ['latitude'], longitude: ['longitude'], distanceKm: [],
} as const satisfies Record<keyof Located, readonly string[]>;
