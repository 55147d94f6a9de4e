import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf, idsOf } from '../../graphql/global-id';
import { ProgrammeTargetsType, ProgrammeType } from './programme.types';
import { ProgrammeKind } from '../rules/programme-kind';
import type { ProgrammeTargets } from '../rules/programme-rules';
import { listProgrammes, type ProgrammeRow } from '../queries/programmes';
import { StructureType, type StructureRow } from '../../network';
import { GroupedSessionConnection, SessionType, type SessionRow } from '../../sessions';
import { ImmersionOfferType, type ImmersionOfferRow } from '../../offers';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { LocalDate } from '../../graphql/scalars';
import type { Page } from '../../db/page';

@ObjectType({ description: 'A page of programmes.' })
class ProgrammeConnection extends Connection(ProgrammeType, 'A page of programmes.') {}

@ObjectType({ description: 'A page of the immersion offers of a programme.' })
class ProgrammeImmersionOfferConnection extends Connection(ImmersionOfferType, 'A page of the immersion offers of a programme.', 'ProgrammeImmersionOffer') {}

@InputType('ProgrammeFilter', { description: 'Which programmes; all conditions must hold.' })
class ProgrammeFilterInput {
  @Field(() => [ID], { nullable: true, description: 'Structures running them.' })
  structures?: string[] | null;

  @Field(() => [ProgrammeKind], { nullable: true, description: 'Programmes of any of these kinds (all when absent or empty).' })
  kinds?: ProgrammeKind[] | null;

  @Field(() => LocalDate, { nullable: true, description: 'Programmes whose period contains this day.' })
  activeOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Words in the name.' })
  search?: string | null;
}

@ArgsType()
class ProgrammesArgs extends PageArgsType {
  @Field(() => ProgrammeFilterInput, { nullable: true, description: 'Which programmes; all when absent.' })
  filter?: ProgrammeFilterInput | null;
}

/** Rows of a page read back through a loader, in page order (a row that vanished meanwhile is left out). */
async function rowsOfPage<K extends { id: number }, R>(page: Page<K>, load: (ids: number[]) => Promise<(R | null | Error)[]>) {
  const found = await load(page.edges.map((e) => e.node.id));
  const edges = page.edges.flatMap((e, i) => {
    const node = found[i];
    return node && !(node instanceof Error) ? [{ cursor: e.cursor, node }] : [];
  });
  return toConnection({ ...page, edges });
}

@Resolver(() => ProgrammeType)
export class ProgrammeResolver {
  @Query(() => ProgrammeConnection, { description: 'Programmes of the network\'s structures (public, with their targets), latest start first.' })
  async programmes(@Args() args: ProgrammesArgs, @Ctx() ctx: GraphQLContext) {
    const { structures, ...f } = args.filter ?? {};
    const filter = { ...f, structureIds: idsOf('Structure', structures, 'filter.structures') };
    return toConnection(await listProgrammes(ctx.em, filter, pageArgs(args, ctx.maxPageSize)));
  }

  @Query(() => ProgrammeType, { nullable: true, description: 'A programme by its id; null when there is none.' })
  programme(@Arg('id', () => ID, { description: 'Global id of the programme.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<ProgrammeRow | null> {
    return ctx.loaders.programme.load(idOf('Programme', id, 'id'));
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure that runs the programme.' })
  structure(@Root() row: ProgrammeRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> {
    return ctx.loaders.structure.load(row.structureId);
  }

  @FieldResolver(() => ProgrammeTargetsType, { description: 'What the programme aims at; each null when it has no target on that measure.' })
  targets(@Root() row: ProgrammeRow): ProgrammeTargets {
    return {
      participants: row.targetParticipants,
      sessions: row.targetSessions,
      immersionsCompleted: row.targetImmersionsCompleted,
      durableOutcomes: row.targetDurableOutcomes,
    };
  }

  @FieldResolver(() => GroupedSessionConnection, { description: 'Sessions of the programme that you may see, by start.' })
  async sessions(@Root() row: ProgrammeRow, @Args() args: PageArgsType, @Ctx() ctx: GraphQLContext) {
    const page = await ctx.loaders.sessionPageByGroup('programme_id', pageArgs(args, ctx.maxPageSize)).load(row.id);
    return rowsOfPage<{ id: number }, SessionRow>(page, (ids) => ctx.loaders.session.loadMany(ids));
  }

  @FieldResolver(() => ProgrammeImmersionOfferConnection, { description: 'Immersion offers of the programme that you may see, newest first.' })
  async immersionOffers(@Root() row: ProgrammeRow, @Args() args: PageArgsType, @Ctx() ctx: GraphQLContext) {
    const page = await ctx.loaders.offerPageByProgramme(pageArgs(args, ctx.maxPageSize)).load(row.id);
    return rowsOfPage<{ id: number }, ImmersionOfferRow>(page, (ids) => ctx.loaders.immersionOffer.loadMany(ids));
  }
}

@Resolver(() => SessionType)
export class SessionProgrammeResolver {
  @FieldResolver(() => ProgrammeType, { nullable: true, description: 'The programme the session counts in, if any.' })
  async programme(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<ProgrammeRow | null> {
    const groups = await ctx.loaders.groupsOfSession.load(row.id);
    return groups?.programmeId != null ? ctx.loaders.programme.load(groups.programmeId) : null;
  }
}

@Resolver(() => ImmersionOfferType)
export class ImmersionOfferProgrammeResolver {
  @FieldResolver(() => ProgrammeType, { nullable: true, description: 'The programme the offer counts in, if any.' })
  async programme(@Root() row: ImmersionOfferRow, @Ctx() ctx: GraphQLContext): Promise<ProgrammeRow | null> {
    const programmeId = await ctx.loaders.programmeIdOfOffer.load(row.id);
    return programmeId !== null ? ctx.loaders.programme.load(programmeId) : null;
  }
}
