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
  @Field()
  name!: string;

  @Field(() => StructureKind)
  kind!: StructureKind;

  @Field({ description: 'Whether it may refer participants (prescripteur).' })
  canPrescribe!: boolean;

  @Field(() => String, { nullable: true, description: 'SIRET of the structure, when it has one.' })
  siret!: string | null;

  @Field(() => String, { nullable: true, description: 'Public contact email.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Public phone number.' })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;
}
