import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { ImmersionObjective } from '../rules/immersion-objective';
import type { OfferStatus } from '../rules/offer-status';
import { BadInputError } from '../../common/errors';
import type { Viewer } from '../../access';
import { restrictOffers } from './visibility';
import { companySubselect, metierSubselect, type OfferEmbeddedRows } from '../../db/embedded-rows';
import { firstPerParent, rowsByKeys } from '../../db/list-query';
import { listLocated, locatedColumns, type LocatedColumns, applyLocationFilter, type LocationFilter } from '../../territories';
import type { Ordering, Page, PageArgs } from '../../db/page';
import { romeCodeCondition } from '../../metiers';
import { sql, type Timestamp } from '../../db/sql';

export interface ImmersionOfferRow extends LocatedColumns, OfferEmbeddedRows {
  id: number;
  companyId: number;
  metierCode: string;
  appellationCode: number | null;
  objective: ImmersionObjective;
  title: string;
  description: string | null;
  availableFrom: string;
  availableUntil: string;
  maxPresenceDays: number;
  positions: number;
  status: OfferStatus;
  publishedAt: Timestamp | null;
}

export interface ImmersionOfferFilter extends LocationFilter {
  romeCodes?: string[] | null;
  objectives?: ImmersionObjective[] | null;
  statuses?: OfferStatus[] | null;
  companyIds?: number[] | null;
  /** Offers whose availability window overlaps [availableFrom, availableUntil]. */
  availableFrom?: string | null;
  availableUntil?: string | null;
}

const COLUMNS = {
  id: 'o.id', companyId: 'o.company_id', metierCode: 'o.metier_code', appellationCode: 'o.appellation_code',
  objective: 'o.objective', title: 'o.title', description: 'o.description', availableFrom: 'o.available_from',
  availableUntil: 'o.available_until', maxPresenceDays: 'o.max_presence_days', positions: 'o.positions', status: 'o.status',
  publishedAt: 'o.published_at', ...locatedColumns('o'),
};

function filtered(em: EntityManager, viewer: Viewer, filter: ImmersionOfferFilter): Knex.QueryBuilder {
  const q = sql(em)('immersion_offer as o');
  restrictOffers(q, viewer, 'o');
  if (filter.objectives?.length) q.whereIn('o.objective', filter.objectives);
  if (filter.statuses?.length) q.whereIn('o.status', filter.statuses);
  if (filter.companyIds?.length) q.whereIn('o.company_id', filter.companyIds);
  if (filter.romeCodes?.length) {
    const condition = romeCodeCondition('o.metier_code', filter.romeCodes, 'filter.romeCodes');
    q.whereRaw(condition.sql, condition.bindings);
  }
  if (filter.availableFrom && filter.availableUntil && filter.availableUntil < filter.availableFrom) {
    throw new BadInputError('filter.availableUntil', 'must not be before filter.availableFrom');
  }
  if (filter.availableFrom) q.where('o.available_until', '>=', filter.availableFrom);
  if (filter.availableUntil) q.where('o.available_from', '<=', filter.availableUntil);
  applyLocationFilter(q, 'o', filter);
  return q;
}

/** Related public rows an offer list can carry (the client asked for them). */
export interface OfferEmbeds {
  company?: boolean;
  metier?: boolean;
}

function embeddedColumns(em: EntityManager, embeds: OfferEmbeds): Record<string, Knex.Raw> {
  const columns: Record<string, Knex.Raw> = {};
  if (embeds.company) columns.companyRow = companySubselect(em, 'o.company_id');
  if (embeds.metier) columns.metierRow = metierSubselect(em, 'o.metier_code');
  return columns;
}

/** Immersion offers the viewer may see; newest first, or nearest first with `near`. */
export function listImmersionOffers(em: EntityManager, viewer: Viewer, filter: ImmersionOfferFilter, page: PageArgs, embeds: OfferEmbeds = {}): Promise<Page<ImmersionOfferRow>> {
  const newestFirst: Ordering<ImmersionOfferRow> = { direction: 'desc', keys: [{ sql: 'o.id', type: 'int', read: (r) => r.id }] };
  return listLocated(em, 'o', filter, () => filtered(em, viewer, filter), { ...COLUMNS, ...embeddedColumns(em, embeds) }, newestFirst, page);
}

export function immersionOffersByIds(em: EntityManager, viewer: Viewer, ids: readonly number[]): Promise<ImmersionOfferRow[]> {
  return rowsByKeys(em, restrictOffers(sql(em)('immersion_offer as o').select(COLUMNS), viewer), 'o.id', ids);
}

/** Offers per company (newest first), at most `limit` each (one statement). */
export function immersionOffersByCompany(em: EntityManager, viewer: Viewer, companyIds: readonly number[], limit: number): Promise<ImmersionOfferRow[]> {
  const inner = restrictOffers(sql(em)('immersion_offer as o').select(COLUMNS), viewer).whereIn('o.company_id', [...companyIds]);
  return firstPerParent(em, inner, 'o.company_id', 'o.id desc', limit);
}
