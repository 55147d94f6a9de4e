import type { Pool } from 'pg';
import { graphqlRequest, type LoadRequest } from '../harness/http-load';

/**
 * W6: a funder's figures, `indicators` for one région and one calendar year, by a network admin (every figure
 * exact, every block read), cycling through the groupings the issue names: none, one dimension, two dimensions.
 * Measured at one connection, so that the latency is that of one request alone (the database's time and the
 * server's), as a funder's spreadsheet asks for one table at a time.
 */
export const INDICATORS_QUERY = /* GraphQL */ `
  query Indicators($filter: IndicatorFilter!, $groupBy: [IndicatorDimension!]) {
    indicators(filter: $filter, groupBy: $groupBy) {
      rowCount
      rows {
        keys { dimension value }
        sessions { held cancelled seatsOffered }
        people { referrals { display } participants { display } attended { display } attendanceRate { display } immersionsCompleted { display } outcomes { milestone recorded { display } durableRate { display } } }
        commitments { axis proposed signed fulfilled }
      }
      total { sessions { held } people { referrals { display } } }
    }
  }
`;

export const W6_GROUPINGS: readonly (readonly string[])[] = [
  [],
  ['MONTH'],
  ['DEPARTEMENT'],
  ['STRUCTURE'],
  ['ROME_DOMAINE'],
  ['PROGRAMME'],
  ['QUARTER', 'SESSION_KIND'],
  ['AGE_BAND', 'DEPARTEMENT'],
  // The finest groupings: about 1,300 and a few thousand rows, of which one page (400) is returned.
  ['MONTH', 'ROME_DOMAINE'],
  ['STRUCTURE', 'MONTH'],
];

export interface IndicatorsParams {
  regionCode: string;
  year: number;
}

/** The région and calendar year with the most sessions: the largest answer a funder would ask for. */
export async function findIndicatorsParams(db: Pool): Promise<IndicatorsParams> {
  const { rows } = await db.query<{ region: string; year: number }>(
    `select d.region_code as region, extract(year from s.starts_at at time zone 'Europe/Paris')::int as year
       from session s join departement d on d.code = s.departement_code
      group by 1, 2 order by count(*) desc limit 1`,
  );
  if (!rows[0]) throw new Error('no session in the bench database: run `npm run bench:generate` first');
  return { regionCode: rows[0].region, year: rows[0].year };
}

/** One request per grouping, in W6_GROUPINGS order. */
export function indicatorsRequests(params: IndicatorsParams, token: string): { byGrouping: LoadRequest[] } {
  const filter = { from: `${params.year}-01-01`, to: `${params.year}-12-31`, regionCodes: [params.regionCode] };
  return { byGrouping: W6_GROUPINGS.map((groupBy) => graphqlRequest('/graphql', token, INDICATORS_QUERY, { filter, groupBy })) };
}
