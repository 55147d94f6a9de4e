import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { IndicatorDimension } from '../rules/dimensions';
import { readIndicators } from '../use-cases/indicators';
import { IndicatorFilterInput, IndicatorsType } from './indicators.types';

@Resolver()
export class IndicatorsResolver {
  @Query(() => IndicatorsType, {
    description: 'Figures of the network\'s activity over a period, optionally grouped by up to two dimensions: sessions, seats, offers, referrals and people (with outcomes at 3 and 6 months), commitments per PAQTE axis, programme targets. What each viewer reads, and the small-count rule, and the same figures as CSV or XLSX (GET /indicators.csv, /indicators.xlsx): README, "Indicators".',
  })
  async indicators(
    @Arg('filter', () => IndicatorFilterInput, { description: 'Which activity: a period (required) and any of territory, structures, programmes, session kinds, ROME codes.' }) filter: IndicatorFilterInput,
    @Arg('groupBy', () => [IndicatorDimension], { nullable: true, description: 'Up to two dimensions to group by, in this order; none: the total only.' }) groupBy: IndicatorDimension[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IndicatorsType> {
    const table = await readIndicators(ctx.em, ctx.viewer, filter, groupBy ?? []);
    return { groupBy: table.groupBy, rows: table.rows, total: table.total, computedAt: new Date() } as IndicatorsType;
  }
}
