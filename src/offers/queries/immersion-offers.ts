import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { OFFER_CRITERIA } from '../rules/offer-criteria';
import type { CriteriaValues } from '../../common/criteria';
import { applyCriteria } from '../../db/criteria-sql';
import { BadInputError } from '../../common/errors';
import type { Viewer } from '../../access';
import { restrictOffers } from './visibility';
import { companySubselect, metierSubselect, type OfferEmbeddedRows, type RowKeys } from '../../db/embedded-rows';
import type { CompanyRow } from '../../network';
import type { MetierRow } from '../../metiers';
import { firstPerParent, rowsByKeys } from '../../db/list-query';
import { listLocated, type LocatedColumns, applyLocationFilter, type LocationFilter } from '../../territories';
import type { Ordering, Page, PageArgs } from '../../db/page';
import { romeCodeCondition } from '../../metiers';
import { sql } from '../../db/sql';
import { entityColumns, type EntityRow } from '../../db/entity-columns';
import { ImmersionOffer } from '../entities/immersion-offer';

/**
 * An offer as lists and loaders read it: every column of the entity (see EntityRow), its foreign keys, and the
 * related rows a list embedded.
 */
export type ImmersionOfferRow = EntityRow<ImmersionOffer, OmittedColumns> &
  LocatedColumns &
  OfferEmbeddedRows & { companyId: number; metierCode: string; appellationCode: number | null };

/** The list filter: the declared criteria (OFFER_CRITERIA), the location, and the conditions of their own below. */
export interface ImmersionOfferFilter extends LocationFilter, CriteriaValues<typeof OFFER_CRITERIA, 'list'> {
  romeCodes?: string[] | null;
  companyIds?: number[] | null;
  /** Offers whose availability window overlaps [availableFrom, availableUntil]. */
  availableFrom?: string | null;
  availableUntil?: string | null;
}

/** Bookkeeping columns no reader needs. */
const OMITTED = ['createdAt', 'updatedAt'] as const;
type OmittedColumns = (typeof OMITTED)[number];

const columns = (em: EntityManager) => entityColumns(em, ImmersionOffer, 'o', OMITTED);

function filtered(em: EntityManager, viewer: Viewer, filter: ImmersionOfferFilter): Knex.QueryBuilder {
  const q = sql(em)('immersion_offer as o');
  restrictOffers(q, viewer, 'o');
  applyCriteria(q, OFFER_CRITERIA, columns(em), filter);
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

/** Related public rows an offer list can carry (the client asked for them), with the keys of each to read. */
export interface OfferEmbeds {
  company?: RowKeys<CompanyRow>;
  metier?: RowKeys<MetierRow>;
}

function embeddedColumns(em: EntityManager, embeds: OfferEmbeds): Record<string, Knex.Raw> {
  const columns: Record<string, Knex.Raw> = {};
  if (embeds.company) columns.companyRow = companySubselect(em, 'o.company_id', embeds.company);
  if (embeds.metier) columns.metierRow = metierSubselect(em, 'o.metier_code', embeds.metier);
  return columns;
}

/** Immersion offers the viewer may see; newest first, or nearest first with `near`. */
export function listImmersionOffers(em: EntityManager, viewer: Viewer, filter: ImmersionOfferFilter, page: PageArgs, embeds: OfferEmbeds = {}): Promise<Page<ImmersionOfferRow>> {
  const newestFirst: Ordering<ImmersionOfferRow> = { direction: 'desc', keys: [{ sql: 'o.id', type: 'int', read: (r) => r.id }] };
  return listLocated(em, 'o', filter, () => filtered(em, viewer, filter), { ...columns(em), ...embeddedColumns(em, embeds) }, newestFirst, page);
}

export function immersionOffersByIds(em: EntityManager, viewer: Viewer, ids: readonly number[]): Promise<ImmersionOfferRow[]> {
  return rowsByKeys(em, restrictOffers(sql(em)('immersion_offer as o').select(columns(em)), viewer), 'o.id', ids);
}

/** Offers per company (newest first), at most `limit` each (one statement). */
export function immersionOffersByCompany(em: EntityManager, viewer: Viewer, companyIds: readonly number[], limit: number): Promise<ImmersionOfferRow[]> {
  const inner = restrictOffers(sql(em)('immersion_offer as o').select(columns(em)), viewer).whereIn('o.company_id', [...companyIds]);
  return firstPerParent(em, inner, 'o.company_id', 'o.id desc', limit);
}
