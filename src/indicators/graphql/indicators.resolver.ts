import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idsOf, toGlobalId } from '../../graphql/global-id';
import { BadInputError } from '../../common/errors';
import { checkValues } from '../../common/criteria';
import { AccountRole, type Viewer } from '../../access';
import { groupByProblem, IndicatorDimension } from '../rules/dimensions';
import { indicatorTable, RowsExceeded, type IndicatorAccess, type IndicatorRowFigures } from '../queries/indicator-table';
import type { IndicatorFilter } from '../queries/indicators';
import { IndicatorFilterInput, IndicatorsType } from './indicators.types';

/** Longest period one answer covers. */
const MAX_PERIOD_YEARS = 10;

/**
 * What a viewer may count (README, "Who may see and do what"): network admins everything, exactly; a structure the
 * people of its own activity and of what it prescribed or follows, and the commitments it animates; a company the
 * people of its hosting (sessions it hosts, its immersion offers) and its own commitments; partner integrations and
 * participants only the public figures (sessions, seats, offers).
 */
export function indicatorAccess(viewer: Viewer): IndicatorAccess {
  switch (viewer.role) {
    case AccountRole.NETWORK_ADMIN: return { people: { kind: 'ALL' }, protect: false, commitments: {} };
    case AccountRole.STRUCTURE_ADMIN:
    case AccountRole.STRUCTURE_STAFF:
      return viewer.structureId === null ? { people: null, protect: true, commitments: null }
        : { people: { kind: 'STRUCTURE', structureId: viewer.structureId }, protect: true, commitments: { animatorId: viewer.structureId } };
    case AccountRole.COMPANY_ADMIN:
    case AccountRole.COMPANY_STAFF:
      return viewer.companyId === null ? { people: null, protect: true, commitments: null }
        : { people: { kind: 'COMPANY', companyId: viewer.companyId }, protect: true, commitments: { companyId: viewer.companyId } };
    default: return { people: null, protect: true, commitments: null };
  }
}

const CODE = {
  region: /^\d{2,3}$/,
  departement: /^(\d{2}|2[AB]|\d{3})$/,
  commune: /^(\d{5}|2[AB]\d{3})$/,
  rome: /^[A-N](\d{2})?$/,
};

function filterOf(input: IndicatorFilterInput): IndicatorFilter {
  if (input.from > input.to) throw new BadInputError('filter.to', 'must be on or after filter.from');
  const [y, m, d] = input.from.split('-').map(Number);
  const last = new Date(Date.UTC(y + MAX_PERIOD_YEARS, m - 1, d)).toISOString().slice(0, 10);
  if (input.to > last) throw new BadInputError('filter.to', `must be at most ${MAX_PERIOD_YEARS} years after filter.from (on or before ${last})`);
  const text = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
  checkValues(input.regionCodes, 'filter.regionCodes', (v) => text(v, CODE.region), 'a région code');
  checkValues(input.departementCodes, 'filter.departementCodes', (v) => text(v, CODE.departement), 'a département code');
  checkValues(input.communeCodes, 'filter.communeCodes', (v) => text(v, CODE.commune), 'a commune code');
  checkValues(input.romeCodes, 'filter.romeCodes', (v) => text(v, CODE.rome), 'a ROME grand domaine (F) or domaine (F17)');
  checkValues(input.sessionKinds, 'filter.sessionKinds', () => true, 'a session kind');
  return {
    from: input.from,
    to: input.to,
    regionCodes: input.regionCodes,
    departementCodes: input.departementCodes,
    communeCodes: input.communeCodes,
    structureIds: idsOf('Structure', input.structures, 'filter.structures'),
    programmeIds: idsOf('Programme', input.programmes, 'filter.programmes'),
    sessionKinds: input.sessionKinds,
    romeCodes: input.romeCodes,
  };
}

/** Structure and programme keys travel as global ids, as everywhere else in the API. */
function withGlobalIds(row: IndicatorRowFigures): IndicatorRowFigures {
  return {
    ...row,
    keys: row.keys.map((k) => {
      if (k.value === null) return k;
      if (k.dimension === IndicatorDimension.STRUCTURE) return { ...k, value: toGlobalId('Structure', Number(k.value)) };
      if (k.dimension === IndicatorDimension.PROGRAMME) return { ...k, value: toGlobalId('Programme', Number(k.value)) };
      return k;
    }),
  };
}

@Resolver()
export class IndicatorsResolver {
  @Query(() => IndicatorsType, {
    description: 'Figures of the network\'s activity over a period, optionally grouped by up to two dimensions: sessions, seats, offers, referrals and people, commitments per PAQTE axis, programme targets. What each viewer reads, and the small-count rule: README, "Indicators".',
  })
  async indicators(
    @Arg('filter', () => IndicatorFilterInput, { description: 'Which activity: a period (required) and any of territory, structures, programmes, session kinds, ROME codes.' }) filter: IndicatorFilterInput,
    @Arg('groupBy', () => [IndicatorDimension], { nullable: true, description: 'Up to two dimensions to group by, in this order; none: the total only.' }) groupBy: IndicatorDimension[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IndicatorsType> {
    const dimensions = groupBy ?? [];
    const problem = groupByProblem(dimensions);
    if (problem) throw new BadInputError('groupBy', problem);
    const parsed = filterOf(filter);
    try {
      const table = await indicatorTable(ctx.em, parsed, dimensions, indicatorAccess(ctx.viewer));
      return { groupBy: table.groupBy, rows: table.rows.map(withGlobalIds), total: table.total, computedAt: new Date() } as IndicatorsType;
    } catch (error) {
      if (error instanceof RowsExceeded) throw new BadInputError('groupBy', error.message);
      throw error;
    }
  }
}
