import { Field, ObjectType } from 'type-graphql';
import { StructureKind } from '../rules/structure-kind';
import { LOCATED_FIELD_KEYS, LocatedType } from '../../territories';
import type { FieldRowKeys } from '../../graphql/look-ahead';
import type { StructureRow } from '../queries/structures';
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

/**
 * What each field of Structure reads of its row (the default resolvers, StructureResolver, LocatedResolver, the Node
 * id), so that a list embeds only what the fields asked read (look-ahead.ts `embeddedRowKeys`; a field missing here
 * gets the whole row). A field resolver that comes to read another key must say so here.
 */
export const STRUCTURE_FIELD_KEYS = {
  id: ['id'], name: ['name'], kind: ['kind'], canPrescribe: ['canPrescribe'], siret: ['siret'], email: ['email'], phone: ['phone'],
  website: ['website'], description: ['description'], parent: ['parentId'], hostedSessions: ['id'], ...LOCATED_FIELD_KEYS,
} as const satisfies FieldRowKeys<StructureRow>;
