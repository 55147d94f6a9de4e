import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './context';
import { fromGlobalId, toGlobalId, type NodeTypeName } from './global-id';
import { Node, NODE_TYPE, type Tagged } from './connections';
import { BadInputError } from '../common/errors';

/** Rows keyed by `id`, or by `code` for reference data (métiers, appellations, communes). */
type NodeRow = { id: number } | { code: string | number };

const MAX_NODES = 100;

@Resolver(() => Node)
export class NodeResolver {
  /** One global id resolver for every Node type: the GraphQL type name and the row's key. */
  @FieldResolver(() => ID)
  id(@Root() row: NodeRow, @Info() info: GraphQLResolveInfo): string {
    return toGlobalId(info.parentType.name as NodeTypeName, 'id' in row ? row.id : row.code);
  }

  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it does not exist or is not visible to you.' })
  node(@Arg('id', () => ID, { description: 'A global id, as returned in `id`.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<Tagged<object> | null> {
    return loadNode(ctx, id, 'id');
  }

  @Query(() => [Node], { nullable: 'items', description: `Several objects by global id (at most ${MAX_NODES}), in the same order; null where not found or not visible.` })
  nodes(@Arg('ids', () => [ID], { description: `Global ids, at most ${MAX_NODES}.` }) ids: string[], @Ctx() ctx: GraphQLContext): Promise<(Tagged<object> | null)[]> {
    if (ids.length > MAX_NODES) throw new BadInputError('ids', `must hold at most ${MAX_NODES} ids`);
    return Promise.all(ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`)));
  }
}

async function loadNode(ctx: GraphQLContext, id: string, field: string): Promise<Tagged<object> | null> {
  const { type, key } = fromGlobalId(id, field);
  const row = await loadRow(ctx, type, key);
  return row ? Object.assign(row, { [NODE_TYPE]: type }) : null;
}

/** Every node type is read through the loader that applies its visibility rules. */
function loadRow(ctx: GraphQLContext, type: NodeTypeName, key: number | string): Promise<object | null> {
  const l = ctx.loaders;
  switch (type) {
    case 'Structure': return l.structure.load(key as number);
    case 'Company': return l.company.load(key as number);
    case 'Session': return l.session.load(key as number);
    case 'ImmersionOffer': return l.immersionOffer.load(key as number);
    case 'Participant': return l.visibleParticipant.load(key as number);
    case 'Referral': return l.referral.load(key as number);
    case 'Commitment': return l.commitment.load(key as number);
    case 'Metier': return l.metier.load(key as string);
    case 'Appellation': return l.appellation.load(Number(key));
    case 'Commune': return l.commune.load(key as string);
    case 'Account': return l.account.load(key as number);
    case 'Programme': return l.programme.load(key as number);
    case 'SessionSeries': return l.sessionSeries.load(key as number);
    case 'MultiSiteEvent': return l.multiSiteEvent.load(key as number);
    case 'ImmersionEvaluation': return l.immersionEvaluation.load(key as number);
  }
}
