import { Field, Float, InputType } from 'type-graphql';

@InputType('NearInput', { description: 'A disc around a point: items within `radiusKm` of it, nearest first.' })
export class NearInput {
  @Field(() => Float, { description: 'Latitude in degrees (WGS 84), -90 to 90.' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude in degrees (WGS 84), -180 to 180.' })
  longitude!: number;

  @Field(() => Float, { description: 'Radius in kilometres, up to 500.' })
  radiusKm!: number;
}

@InputType('LocationFilter', { description: 'Territory filters shared by located lists.' })
export abstract class LocationFilterInput {
  @Field(() => [String], { nullable: true, description: 'INSEE codes of départements (33, 93, 2A).' })
  departementCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'INSEE codes of communes (not postal codes).' })
  communeCodes?: string[] | null;

  @Field(() => NearInput, { nullable: true, description: 'Only items within a distance of a point; the list is then ordered by distance.' })
  near?: NearInput | null;
}
