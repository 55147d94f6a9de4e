import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/connections';

@ObjectType('Region', { description: 'Région, with its INSEE code.', simpleResolvers: true })
export class RegionType {
  @Field({ description: 'INSEE code of the région (e.g. 75 = Nouvelle-Aquitaine).' })
  code!: string;

  @Field({ description: 'Name of the région (e.g. "Nouvelle-Aquitaine").' })
  name!: string;
}

@ObjectType('Departement', { description: 'Département, with its INSEE code.', simpleResolvers: true })
export class DepartementType {
  @Field({ description: 'INSEE code of the département (33, 2A, 974).' })
  code!: string;

  @Field({ description: 'Name of the département (e.g. "Gironde").' })
  name!: string;

  @Field(() => RegionType, { nullable: true, description: 'The région it belongs to; null when not known.' })
  region!: RegionType | null;
}

@ObjectType('Commune', { implements: Node, description: 'Commune, with its INSEE code (code officiel géographique), postal codes and centre point.', simpleResolvers: true })
export class CommuneType {
  @Field({ description: 'INSEE code (code commune, not the postal code), e.g. 33243 for Libourne.' })
  code!: string;

  @Field({ description: 'Name of the commune (e.g. "Libourne").' })
  name!: string;

  @Field(() => [String], { description: 'Postal codes serving the commune.' })
  postalCodes!: string[];

  @Field(() => Int, { nullable: true, description: 'Municipal population (INSEE, as in @etalab/decoupage-administratif); null when not known.' })
  population!: number | null;

  @Field(() => Float, { nullable: true, description: 'Latitude of the centre point (WGS 84).' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude of the centre point (WGS 84).' })
  longitude!: number | null;

  @Field(() => DepartementType, { nullable: true, description: 'The département it belongs to; null when not known.' })
  departement!: DepartementType | null;
}
