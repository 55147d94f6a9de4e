import type { EntityManager } from '@mikro-orm/postgresql';
import { toGlobalId, idsOf } from '../../graphql/global-id';
import { BadInputError } from '../../common/errors';
import { checkValues } from '../../common/criteria';
import { AccountRole, type Viewer } from '../../access';
import { groupByProblem, IndicatorDimension } from '../rules/dimensions';
import { indicatorTable, RowsExceeded, type IndicatorAccess, type IndicatorRowFigures, type IndicatorTable } from '../queries/indicator-table';
import type { IndicatorFilter } from '../queries/indicators';

/** The filter as a client gives it (GraphQL's IndicatorFilter, or the export's query parameters): dates already checked. */
export interface IndicatorFilterArgs {
  from: string;
  to: string;
  regionCodes?: string[] | null;
  departementCodes?: string[] | null;
  communeCodes?: string[] | null;
  structures?: string[] | null;
  programmes?: string[] | null;
  sessionKinds?: string[] | null;
  romeCodes?: string[] | null;
}

/** Longest period one answer covers. */
const MAX_PERIOD_YEARS = 10;

/**
 * What a viewer may count (README, "Who may see and do what"): network admins everything, exactly; a structure the
 * people of its own activity (sessions it organises or hosts) and of what it prescribed or follows, and the commitments it animates; a company the
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

function filterOf(input: IndicatorFilterArgs): IndicatorFilter {
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

/**
 * The indicators of a filter and grouping as `viewer` may read them: the one read of `indicators(filter, groupBy)`
 * and of its exports (GET /indicators.csv, .xlsx), so that both check, count and protect alike. Errors name the
 * GraphQL argument path (`filter.to`, `groupBy`); the exports rename them to their query parameters.
 */
export async function readIndicators(em: EntityManager, viewer: Viewer, filter: IndicatorFilterArgs, groupBy: IndicatorDimension[]): Promise<IndicatorTable> {
  const problem = groupByProblem(groupBy);
  if (problem) throw new BadInputError('groupBy', problem);
  const parsed = filterOf(filter);
  try {
    const table = await indicatorTable(em, parsed, groupBy, indicatorAccess(viewer));
    return { ...table, rows: table.rows.map(withGlobalIds) };
  } catch (error) {
    if (error instanceof RowsExceeded) throw new BadInputError('groupBy', error.message);
    throw error;
  }
}
