import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { BadInputError } from '../../common/errors';
import { IndicatorDimension } from '../rules/dimensions';
import { readIndicators } from '../use-cases/indicators';
import { INDICATOR_ROWS_PAGE, IndicatorFilterInput, IndicatorRowType, IndicatorsType } from './indicators.types';

const CURSOR_TAG = 'IndicatorRow:';

/** A row's place in the ordered table, opaque to clients like every cursor of the API. */
function rowCursor(index: number): string {
  return Buffer.from(`${CURSOR_TAG}${index}`).toString('base64url');
}

function rowIndexAfter(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const index = text.startsWith(CURSOR_TAG) ? Number(text.slice(CURSOR_TAG.length)) : NaN;
  if (!Number.isInteger(index) || index < 0) throw new BadInputError('after', 'is not a cursor of an indicators row');
  return index + 1;
}

@Resolver(() => IndicatorsType)
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
    const allRows = table.rows.map((row, i) => ({ ...row, cursor: rowCursor(i) }));
    return { groupBy: table.groupBy, allRows, rowCount: allRows.length, total: { ...table.total, cursor: null }, computedAt: new Date() } as IndicatorsType;
  }

  @FieldResolver(() => [IndicatorRowType], {
    description: `One row per cell that has any activity, ordered by its keys (null keys last); empty without groupBy. A page of at most ${INDICATOR_ROWS_PAGE} rows: \`rowCount\` says how many there are in all, and the last row's \`cursor\` as \`after\` gives the next page. The figures are computed afresh for each page.`,
  })
  rows(
    @Root() indicators: IndicatorsType,
    @Arg('first', () => Int, { defaultValue: INDICATOR_ROWS_PAGE, description: `How many rows, from 1 to ${INDICATOR_ROWS_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the row to start after (a row\'s `cursor`); none: from the first row.' }) after: string | null,
  ): IndicatorRowType[] {
    if (first < 1 || first > INDICATOR_ROWS_PAGE) throw new BadInputError('first', `must be from 1 to ${INDICATOR_ROWS_PAGE}`);
    const start = after ? rowIndexAfter(after) : 0;
    return indicators.allRows.slice(start, start + first);
  }
}
