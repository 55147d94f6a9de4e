import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/connections';

@ObjectType('Region', { description: 'Région, with its INSEE code.', simpleResolvers: true })
export class RegionType {
  @Field({ description: 'INSEE code of the région (e.g. 75 = Nouvelle-Aquitaine).' })
  code!: string;

  @Field()
  name!: string;
}

@ObjectType('Departement', { description: 'Département, with its INSEE code.', simpleResolvers: true })
export class DepartementType {
  @Field({ description: 'INSEE code of the département (33, 2A, 974).' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => RegionType, { nullable: true })
  region!: RegionType | null;
}

@ObjectType('Commune', { implements: Node, description: 'Commune, with its INSEE code (code officiel géographique), postal codes and centre point.', simpleResolvers: true })
export class CommuneType {
  @Field({ description: 'INSEE code (code commune, not the postal code), e.g. 33243 for Libourne.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Postal codes serving the commune.' })
  postalCodes!: string[];

  @Field(() => Int, { nullable: true })
  population!: number | null;

  @Field(() => Float, { nullable: true, description: 'Latitude of the centre point (WGS 84).' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude of the centre point (WGS 84).' })
  longitude!: number | null;

  @Field(() => DepartementType, { nullable: true })
  departement!: DepartementType | null;
}
