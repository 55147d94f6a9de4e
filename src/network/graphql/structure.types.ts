import { Field, ObjectType } from 'type-graphql';
import { StructureKind } from '../rules/structure-kind';
import { LocatedType } from '../../territories';
import { Node } from '../../graphql/connections';

@ObjectType('Structure', {
  implements: [Node, LocatedType],
  description: 'An organisation of the network: CRÉPI, mission locale, PLIE, SIAE, MFR, France Travail, Cap emploi...',
  simpleResolvers: true,
})
export class StructureType {
  @Field({ description: 'Name of the structure (up to 200 characters).' })
  name!: string;

  @Field(() => StructureKind, { description: 'Its kind: a data·inclusion typology code, CREPI or MFR.' })
  kind!: StructureKind;

  @Field({ description: 'Whether it may refer participants (prescripteur).' })
  canPrescribe!: boolean;

  @Field(() => String, { nullable: true, description: 'SIRET of the structure, when it has one.' })
  siret!: string | null;

  @Field(() => String, { nullable: true, description: 'Public contact email.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Public phone number, in E.164 (+33149331020).' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Its website address; null when not given.' })
  website!: string | null;

  @Field(() => String, { nullable: true, description: 'What the structure does (up to 5,000 characters); null when not given.' })
  description!: string | null;
}
