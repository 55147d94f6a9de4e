import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { LocationFilterInput } from '../../territories';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { StructureType } from './structure.types';
import { StructureKind } from '../rules/structure-kind';
import { listStructures, type StructureRow } from '../queries/structures';
import { SessionType, type SessionRow } from '../../sessions';
import { DEFAULT_NESTED_LIMIT, nestedLimit } from '../../graphql/nested-limit';

@ObjectType({ description: 'A page of structures.' })
class StructureConnection extends Connection(StructureType, 'A page of structures.') {}

@InputType('StructureFilter', { description: 'Which structures; all conditions must hold.' })
class StructureFilterInput extends LocationFilterInput {
  @Field(() => [StructureKind], { nullable: true, description: 'Structures of any of these kinds (all when absent or empty).' })
  kinds?: StructureKind[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Only prescribers (true) or only non-prescribers (false).' })
  canPrescribe?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Words in the name.' })
  search?: string | null;
}

@ArgsType()
class StructuresArgs extends PageArgsType {
  @Field(() => StructureFilterInput, { nullable: true, description: 'Which structures; all when absent.' })
  filter?: StructureFilterInput | null;
}

@Resolver(() => StructureType)
export class StructureResolver {
  @Query(() => StructureConnection, { description: 'Structures of the network, by name (or by distance with `filter.near`).' })
  async structures(@Args() args: StructuresArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await listStructures(ctx.em, args.filter ?? {}, pageArgs(args, ctx.maxPageSize)));
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure this one is an antenna of, if any.' })
  parent(@Root() row: StructureRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | null {
    return row.parentId ? ctx.loaders.structure.load(row.parentId) : null;
  }

  @FieldResolver(() => [SessionType], {
    description: 'Sessions the structure hosts (opens its doors to, as a company does: an MFR, an SIAE) that you may see, latest start first; not those it organises.',
  })
  hostedSessions(
    @Root() row: StructureRow,
    @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: 'How many at most (1 to the server\'s maximum page size).' }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SessionRow[]> {
    return ctx.loaders.sessionsByHostStructure(nestedLimit(first, ctx.maxPageSize)).load(row.id);
  }
}
