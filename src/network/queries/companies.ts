import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { CompanySizeBand } from '../rules/company-size-band';
import { NAF_CODE, normaliseNafCode } from '../../common/codes';
import { BadInputError } from '../../common/errors';
import { rowsByKeys } from '../../db/list-query';
import { byName, listLocated, locatedColumns, type LocatedColumns, applyLocationFilter, type LocationFilter } from '../../territories';
import type { Page, PageArgs } from '../../db/page';
import { rows, sql, whereNameContains } from '../../db/sql';

export interface CompanyRow extends LocatedColumns {
  /** Set when the row was embedded in a list (embedded-rows.ts); the loader counts otherwise. */
  commitmentsCount?: number;
  id: number;
  siret: string;
  name: string;
  nafCode: string | null;
  sizeBand: CompanySizeBand | null;
  website: string | null;
  description: string | null;
}

export interface CompanyFilter extends LocationFilter {
  search?: string | null;
  /** NAF codes (`43.99C` or `4399C`) or prefixes (`43`, `43.9`). */
  nafCodes?: string[] | null;
  /** Companies member of one of these clubs (CRÉPI). */
  memberOfIds?: number[] | null;
  sizeBands?: CompanySizeBand[] | null;
}

export const COMPANY_COLUMNS = {
  id: 'c.id', siret: 'c.siret', name: 'c.name', nafCode: 'c.naf_code', sizeBand: 'c.size_band', website: 'c.website',
  description: 'c.description', ...locatedColumns('c'),
};

function filtered(em: EntityManager, filter: CompanyFilter): Knex.QueryBuilder {
  const q = sql(em)('company as c');
  whereNameContains(q, 'c.name', filter.search);
  if (filter.sizeBands?.length) q.whereIn('c.size_band', filter.sizeBands);
  if (filter.nafCodes?.length) {
    const prefixes = filter.nafCodes.map((raw) => {
      const code = normaliseNafCode(raw);
      if (!NAF_CODE.test(code) && !/^\d{2}(\.\d{1,2})?$/.test(code)) throw new BadInputError('filter.nafCodes', `contains "${raw}", which is not a NAF code or prefix`);
      return code;
    });
    q.where((w) => prefixes.forEach((p) => w.orWhere('c.naf_code', 'like', `${p}%`)));
  }
  if (filter.memberOfIds?.length) {
    const ids = filter.memberOfIds;
    q.whereExists((e) => e.select(1).from('company_membership as cm').whereRaw('cm.company_id = c.id').whereIn('cm.structure_id', ids));
  }
  applyLocationFilter(q, 'c', filter);
  return q;
}

/** Companies (public data). */
export function listCompanies(em: EntityManager, filter: CompanyFilter, page: PageArgs): Promise<Page<CompanyRow>> {
  return listLocated(em, 'c', filter, () => filtered(em, filter), COMPANY_COLUMNS, byName<CompanyRow>('c'), page);
}

export function companiesByIds(em: EntityManager, ids: readonly number[]): Promise<CompanyRow[]> {
  return rowsByKeys(em, sql(em)('company as c').select(COMPANY_COLUMNS), 'c.id', ids);
}

/** NAF labels by code (null where the NAF referential was not imported). */
export async function nafLabels(em: EntityManager, codes: readonly string[]): Promise<Map<string, string>> {
  const found = await rows<{ code: string; label: string }>(em, sql(em)('naf_activity').select('code', 'label').whereIn('code', [...new Set(codes)]));
  return new Map(found.map((r) => [r.code, r.label]));
}
