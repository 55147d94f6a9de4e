import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { StructureType, type StructureRow } from '../../network';
import { GroupedSessionConnection, MultiSiteEventType, SessionSeriesType } from './session-group.types';
import { SessionType } from './session.types';
import type { SessionRow } from '../queries/sessions';
import type { MultiSiteEventRow, SessionGroupColumn, SessionSeriesRow } from '../queries/session-groups';

/** A page of a group's sessions: ids from the group's page, rows through the session loader, in page order. */
export async function groupedSessions(ctx: GraphQLContext, column: SessionGroupColumn, groupId: number, args: PageArgsType) {
  const page = await ctx.loaders.sessionPageByGroup(column, pageArgs(args, ctx.maxPageSize)).load(groupId);
  const rows = await ctx.loaders.session.loadMany(page.edges.map((e) => e.node.id));
  const edges = page.edges.flatMap((e, i) => {
    const node = rows[i];
    return node && !(node instanceof Error) ? [{ cursor: e.cursor, node }] : [];
  });
  return toConnection({ ...page, edges });
}

@Resolver(() => SessionType)
export class SessionGroupsResolver {
  @FieldResolver(() => SessionSeriesType, { nullable: true, description: 'The series this session is an occurrence of, if any.' })
  async series(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<SessionSeriesRow | null> {
    const groups = await ctx.loaders.groupsOfSession.load(row.id);
    return groups?.seriesId != null ? ctx.loaders.sessionSeries.load(groups.seriesId) : null;
  }

  @FieldResolver(() => MultiSiteEventType, { nullable: true, description: 'The multi-site event (rallye) this session is a workshop of, if any.' })
  async multiSiteEvent(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<MultiSiteEventRow | null> {
    const groups = await ctx.loaders.groupsOfSession.load(row.id);
    return groups?.multiSiteEventId != null ? ctx.loaders.multiSiteEvent.load(groups.multiSiteEventId) : null;
  }
}

@Resolver(() => SessionSeriesType)
export class SessionSeriesResolver {
  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure that organises every occurrence.' })
  organiser(@Root() row: SessionSeriesRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> {
    return ctx.loaders.structure.load(row.organiserId);
  }

  @FieldResolver(() => GroupedSessionConnection, { description: 'The occurrences that you may see, by start.' })
  sessions(@Root() row: SessionSeriesRow, @Args() args: PageArgsType, @Ctx() ctx: GraphQLContext) {
    return groupedSessions(ctx, 'series_id', row.id, args);
  }
}

@Resolver(() => MultiSiteEventType)
export class MultiSiteEventResolver {
  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure that runs the event and organises every workshop.' })
  organiser(@Root() row: MultiSiteEventRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> {
    return ctx.loaders.structure.load(row.organiserId);
  }

  @FieldResolver(() => GroupedSessionConnection, { description: 'The workshops (each a session) that you may see, by start.' })
  workshops(@Root() row: MultiSiteEventRow, @Args() args: PageArgsType, @Ctx() ctx: GraphQLContext) {
    return groupedSessions(ctx, 'multi_site_event_id', row.id, args);
  }
}
